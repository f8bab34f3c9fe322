package org.stripesql.adapter.connect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.stripesql.adapter.client.RequestGuard;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.config.ConnectedAccountsSetting;

/**
 * The connected accounts one schema reads (the ConnectedAccounts operand), found again for each statement:
 * every account {@code GET /v1/accounts} lists for the platform key, the accounts the operand names, or
 * those connected through the gateway's OAuth flows. Each account is read with a client of its own, within
 * the platform's rate ({@link StripeClient#forConnectedAccount}). Thread-safe.
 */
public final class ConnectedAccountSet {
  /** Accounts one scan reads side by side at most (each with requests of its own in flight). */
  static final int MAX_PARALLEL_ACCOUNTS = 8;
  private static final int PAGE = 100;

  private final ConnectedAccountsSetting setting;
  private final StripeClient platform;
  private final OAuthAccounts oauth;
  private final boolean skipUnreadable;
  private final AccountStates states = new AccountStates();
  /** Clients by account and concurrency. */
  private final Map<String, StripeClient> clients = new ConcurrentHashMap<>();

  /**
   * @param platform the platform's client (its key; no {@code Stripe-Account})
   * @param oauth    for {@code ConnectedAccounts=oauth}, the accounts connected through OAuth; else unused
   */
  public ConnectedAccountSet(ConnectedAccountsSetting setting, StripeClient platform, OAuthAccounts oauth,
      boolean skipUnreadable) {
    this.setting = setting;
    this.platform = platform;
    this.oauth = oauth;
    this.skipUnreadable = skipUnreadable;
  }

  /** Whether an account Stripe refuses is left out of a statement instead of failing it. */
  public boolean skipUnreadable() {
    return skipUnreadable;
  }

  /** What the schema last saw of each account. */
  public AccountStates states() {
    return states;
  }

  /** How many accounts one scan reads side by side. */
  public int parallelAccounts() {
    return Math.max(1, Math.min(MAX_PARALLEL_ACCOUNTS, platform.settings().maxConcurrency()));
  }

  /** Every account of the set now, in the order Stripe lists them (or the operand names them). */
  public List<ConnectedAccount> accounts(RequestGuard guard) {
    Map<String, String> names = switch (setting.mode()) {
      case ALL -> listed(guard);
      case LIST -> named(setting.ids());
      case OAUTH -> named(oauth == null ? List.of() : oauth.connectedAccounts());
    };
    int per = perAccountConcurrency(names.size());
    List<ConnectedAccount> out = new ArrayList<>();
    names.forEach((id, name) -> out.add(new ConnectedAccount(id, name, client(id, per))));
    return out;
  }

  /**
   * The accounts of the set among {@code wanted} (a statement's {@code account = / IN}): an account the set
   * does not hold has no rows, so it is not read. Asks Stripe only for {@code ConnectedAccounts=all}.
   */
  public List<ConnectedAccount> select(List<String> wanted, RequestGuard guard) {
    Set<String> want = new LinkedHashSet<>(wanted);
    List<ConnectedAccount> held = setting.mode() == ConnectedAccountsSetting.Mode.LIST
        ? setting.ids().stream().map(id -> new ConnectedAccount(id, null, null)).toList() : accounts(guard);
    List<ConnectedAccount> chosen = held.stream().filter(a -> want.contains(a.id())).toList();
    int per = perAccountConcurrency(chosen.size());
    return chosen.stream().map(a -> new ConnectedAccount(a.id(), a.name(), client(a.id(), per))).toList();
  }

  /**
   * The requests one account's scan keeps in flight when {@code accounts} are read: with as many accounts as
   * are read side by side, one (each account pages through its list, the fewest requests, and the accounts
   * fill the platform's rate); with fewer, a share of MaxConcurrency each (time slices of each account).
   */
  int perAccountConcurrency(int accounts) {
    return accounts >= parallelAccounts() ? 1
        : Math.max(1, platform.settings().maxConcurrency() / Math.max(1, accounts));
  }

  private static Map<String, String> named(List<String> ids) {
    Map<String, String> out = new LinkedHashMap<>();
    ids.forEach(id -> out.put(id, null));
    return out;
  }

  /** The platform's connected accounts by id with their names, every page of {@code GET /v1/accounts}. */
  private Map<String, String> listed(RequestGuard guard) {
    Map<String, String> out = new LinkedHashMap<>();
    String after = null;
    while (true) {
      Map<String, List<String>> q = new LinkedHashMap<>();
      q.put("limit", List.of(String.valueOf(PAGE)));
      if (after != null) {
        q.put("starting_after", List.of(after));
      }
      JsonNode page = platform.get("/v1/accounts", q, guard);
      for (JsonNode a : page.path("data")) {
        String id = a.path("id").asText(null);
        if (id != null) {
          out.put(id, name(a));
          after = id;
        }
      }
      if (!page.path("has_more").asBoolean(false) || page.path("data").isEmpty()) {
        return out;
      }
    }
  }

  /** The name an account shows: its business name, else its dashboard's display name; null when neither. */
  static String name(JsonNode account) {
    String business = account.path("business_profile").path("name").asText(null);
    if (business != null && !business.isBlank()) {
      return business;
    }
    String display = account.path("settings").path("dashboard").path("display_name").asText(null);
    return display == null || display.isBlank() ? null : display;
  }

  /** The client of one account at a concurrency, made once. */
  private StripeClient client(String id, int concurrency) {
    return clients.computeIfAbsent(id + "|" + concurrency, k -> setting.mode() == ConnectedAccountsSetting.Mode.OAUTH
        && oauth != null ? platform.forOAuthAccount(oauth.credentials(id), concurrency)
        : platform.forConnectedAccount(id, concurrency));
  }
}
