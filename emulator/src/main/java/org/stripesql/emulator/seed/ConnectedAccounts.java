package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.stripesql.catalog.Catalog;
import org.stripesql.emulator.data.DataSet;

/**
 * A Connect platform's seeded data: N connected accounts, each with its own data set drawn from a seed of
 * its own (so its own id, customers, charges...), and the platform's data set, whose {@code /v1/accounts}
 * lists exactly those accounts. The same seed, scale, anchor and N always give the same data.
 */
public final class ConnectedAccounts {
  /** One connected account: its id (its {@code account} object's), the name it shows and its data. */
  public record Account(String id, String name, DataSet data) {}

  /** The platform's data set and its connected accounts, in the order they were made. */
  public record Platform(DataSet data, List<Account> accounts) {}

  private ConnectedAccounts() {}

  /** The platform of {@code seed} with {@code n} connected accounts (0: the plain data set of {@code seed}). */
  public static Platform generate(Catalog catalog, long seed, int scale, Instant anchor, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("the number of connected accounts cannot be negative");
    }
    if (n == 0) {
      return new Platform(new DataGenerator(catalog, seed, scale, anchor).generate(), List.of());
    }
    List<CompletableFuture<Account>> made = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      int number = i;
      made.add(CompletableFuture.supplyAsync(() -> account(catalog, seed, scale, anchor, number)));
    }
    List<Account> accounts = made.stream().map(CompletableFuture::join).toList();
    List<ObjectNode> objects = accounts.stream().map(a -> a.data().list("account").get(0)).toList();
    return new Platform(new DataGenerator(catalog, seed, scale, anchor).generatePlatform(objects), accounts);
  }

  /** The {@code number}-th connected account (from 1) of a platform seeded with {@code seed}. */
  public static Account account(Catalog catalog, long seed, int scale, Instant anchor, int number) {
    String name = displayName(number);
    DataSet data = new DataGenerator(catalog, seedOf(seed, number), scale, anchor).generateConnected(name);
    return new Account(data.list("account").get(0).path("id").asText(), name, data);
  }

  /** The name the {@code number}-th connected account shows: {@code Connected shop 3}. */
  public static String displayName(int number) {
    return "Connected shop " + number;
  }

  /** A seed of the account's own, far from the platform's and from every other account's. */
  static long seedOf(long platformSeed, int number) {
    return Long.rotateLeft(platformSeed, 17) ^ (number * 0x9E3779B97F4A7C15L);
  }

  /** Gives an account object the name its dashboard and business profile show. */
  static void name(ObjectNode account, String name) {
    ObjectNode profile = account.path("business_profile") instanceof ObjectNode p ? p
        : account.putObject("business_profile");
    profile.put("name", name);
    ObjectNode settings = account.path("settings") instanceof ObjectNode s ? s : account.putObject("settings");
    ObjectNode dashboard = settings.path("dashboard") instanceof ObjectNode d ? d : settings.putObject("dashboard");
    dashboard.put("display_name", name);
  }
}
