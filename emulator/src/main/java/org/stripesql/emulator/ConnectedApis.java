package org.stripesql.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.stripesql.catalog.Catalog;
import org.stripesql.emulator.api.ApiException;
import org.stripesql.emulator.api.StripeApi;
import org.stripesql.emulator.data.DataSet;
import org.stripesql.emulator.seed.ConnectedAccounts;

/**
 * The accounts a request may act on: the platform (the keys' own account) and the accounts connected to
 * it, each its own {@link StripeApi} over its own data. A request acts on the platform, on the account its
 * {@code Stripe-Account} header names, or on the account its OAuth token stands for; an account that is
 * not (or no longer) connected is Stripe's 403 {@code account_invalid}. Thread-safe.
 */
final class ConnectedApis {
  /** A connected account: its name and API. */
  private record Connected(String name, StripeApi api, DataSet data) {}

  private final StripeApi platform;
  private final String platformId;
  private final UnaryOperator<DataSet> prepare;
  private final Function<DataSet, StripeApi> apiOf;
  private final Catalog catalog;
  private final long seed;
  private final int scale;
  private final Instant anchor;
  private final DataSet platformData;
  private final Map<String, Connected> connected = new LinkedHashMap<>();
  private int made;
  /**
   * Whether the emulator is a Connect platform (it was given connected accounts, or one connected since);
   * before, it is a single account, which every OAuth token reads whatever account it names.
   */
  private boolean platformMode;

  /**
   * @param prepare what the emulator does to a generated data set before serving it (coarser times)
   * @param apiOf   makes a connected account's API over its data (the emulator's strictness, clock, index)
   */
  ConnectedApis(StripeApi platform, DataSet platformData, List<ConnectedAccounts.Account> accounts,
      UnaryOperator<DataSet> prepare, Function<DataSet, StripeApi> apiOf, Catalog catalog, long seed, int scale,
      Instant anchor) {
    this.platform = platform;
    this.platformData = platformData;
    // a catalog without the account singleton (a small spec's) has no own id to tell the platform by
    this.platformId = catalog.table("account").isEmpty() || platformData.list("account").isEmpty() ? null
        : platformData.list("account").get(0).path("id").asText(null);
    this.prepare = prepare;
    this.apiOf = apiOf;
    this.catalog = catalog;
    this.seed = seed;
    this.scale = scale;
    this.anchor = anchor;
    accounts.forEach(this::add);
    this.made = accounts.size();
    this.platformMode = !accounts.isEmpty();
  }

  private void add(ConnectedAccounts.Account a) {
    DataSet d = prepare.apply(a.data());
    connected.put(a.id(), new Connected(a.name(), apiOf.apply(d), d));
  }

  /** The platform's own account id. */
  String platformId() {
    return platformId;
  }

  StripeApi platform() {
    return platform;
  }

  /** The ids of the accounts connected now, in the order they connected. */
  synchronized List<String> ids() {
    return List.copyOf(connected.keySet());
  }

  /** Whether the account is connected now. */
  synchronized boolean isConnected(String account) {
    return connected.containsKey(account);
  }

  /** The data of a connected account, or null. */
  synchronized DataSet data(String account) {
    Connected c = connected.get(account);
    return c == null ? null : c.data();
  }

  /**
   * Connects one more account, seeded as the next of the platform's (its own data, id and name), and lists
   * it in the platform's {@code /v1/accounts}; returns its id.
   */
  synchronized String connectNew() {
    made++;
    platformMode = true;
    ConnectedAccounts.Account a = ConnectedAccounts.account(catalog, seed, scale, anchor, made);
    add(a);
    ObjectNode object = a.data().list("account").get(0).deepCopy();
    platformData.put("accounts", object, null);
    return a.id();
  }

  /**
   * Disconnects an account (its access revoked, as when it deauthorizes the platform): the platform's
   * {@code /v1/accounts} no longer lists it and requests for it are {@code account_invalid}. Returns whether
   * it was connected.
   */
  synchronized boolean disconnect(String account) {
    if (connected.remove(account) == null) {
      return false;
    }
    platformData.remove(account);
    return true;
  }

  /**
   * The API a request acts on: the platform's without a header and token account, else the connected
   * account's. {@code header}: the {@code Stripe-Account} header (null when absent); {@code tokenAccount}:
   * the account an OAuth token stands for (null for a platform key); {@code shownKey}: the key as Stripe's
   * message shows it.
   *
   * An emulator that is no platform (no connected accounts, none connected since) is one account: its key
   * may name only that account in {@code Stripe-Account}, as Stripe refuses a key any other; an OAuth token
   * stands for that account whatever it was issued for.
   *
   * @throws ApiException Stripe's 403 {@code account_invalid} for an account the caller has no access to
   */
  synchronized StripeApi resolve(String header, String tokenAccount, String shownKey) {
    if (!platformMode) {
      String named = header == null || header.isBlank() ? null : header.trim();
      if (named != null && tokenAccount == null && !named.equals(platformId)) {
        throw noAccess(shownKey, named);
      }
      return platform;
    }
    String wanted = header != null && !header.isBlank() ? header.trim() : tokenAccount;
    if (wanted == null || wanted.equals(platformId) && tokenAccount == null) {
      return platform;
    }
    Connected c = connected.get(wanted);
    if (c == null || tokenAccount != null && !tokenAccount.equals(wanted)) {
      throw noAccess(shownKey, wanted);
    }
    return c.api();
  }

  /** The names of the connected accounts by id, in order. */
  synchronized Map<String, String> names() {
    Map<String, String> out = new LinkedHashMap<>();
    connected.forEach((id, c) -> out.put(id, c.name()));
    return out;
  }

  /** Every API: the platform's first, then the connected accounts'. */
  synchronized List<StripeApi> all() {
    List<StripeApi> out = new ArrayList<>();
    out.add(platform);
    connected.values().forEach(c -> out.add(c.api()));
    return out;
  }

  /**
   * Stripe's answer to a request for an account the key cannot act on (HTTP 403, as Stripe's libraries
   * raise it as a permission error): "The provided key 'sk_test_****abcd' does not have access to account
   * 'acct_...' (or that account does not exist). Application access may have been revoked."
   */
  static ApiException noAccess(String shownKey, String account) {
    return new ApiException(403, "invalid_request_error", "account_invalid", null, "The provided key '"
        + shownKey + "' does not have access to account '" + account + "' (or that account does not exist)."
        + " Application access may have been revoked.");
  }
}
