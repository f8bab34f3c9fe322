package org.stripesql.adapter;

/**
 * The operands a {@code model.json} may give a Stripe schema. Names follow those users of commercial
 * Stripe drivers know; they are matched case-insensitively.
 */
public enum Operand {
  OAUTH_ACCESS_TOKEN("OAuthAccessToken", true, "a Stripe secret (sk_...) or restricted (rk_...) key, or an OAuth"
      + " access token"),
  OAUTH_CLIENT_ID("OAuthClientId", false, "the Stripe Connect client id (ca_...) of the platform"),
  OAUTH_CLIENT_SECRET("OAuthClientSecret", true, "the platform's secret key, sent as client_secret to Stripe Connect"),
  CALLBACK_URL("CallbackURL", false, "the OAuth redirect_uri; for InitiateOAuth=GETANDREFRESH a loopback URL"
      + " the gateway listens on, default http://127.0.0.1:33333/callback"),
  SCOPE("Scope", false, "read_only (default) or read_write: the access Stripe Connect asks for"),
  INITIATE_OAUTH("InitiateOAuth", false, "OFF (default: use OAuthAccessToken as given), GETANDREFRESH (run the"
      + " browser flow when there is no token, refresh by itself) or REFRESH (only refresh)"),
  OAUTH_SETTINGS_LOCATION("OAuthSettingsLocation", false, "file keeping the OAuth tokens, default"
      + " ~/.stripesql/oauth-settings.json"),
  OAUTH_REFRESH_TOKEN("OAuthRefreshToken", true, "a Stripe Connect refresh token (rt_...) to start from"),
  CONNECT_BASE("connectBase", false, "the Stripe Connect URL, default https://connect.stripe.com"),
  API_BASE("apiBase", false, "the Stripe API URL, default https://api.stripe.com"),
  STRIPE_VERSION("StripeVersion", false, "sent as the Stripe-Version header"),
  ACCOUNT_ID("AccountId", false, "a connected account id (acct_...), sent as Stripe-Account"),
  OPEN_API_SPEC("OpenApiSpec", false, "path to a newer Stripe spec3.json to derive the tables from"),
  PUSHDOWN("Pushdown", false, "true (default) or false: translate filters and limits into Stripe requests"),
  MAX_FAN_OUT("MaxFanOut", false, "most list calls one IN list is turned into, default 50"),
  USE_SEARCH_API("UseSearchApi", false, "true (default) or false: use Stripe's Search API for predicates"
      + " list endpoints cannot take (search results lag writes by up to a minute)"),
  MAX_RETRIES("MaxRetries", false, "repetitions of a failed idempotent request (429, 5xx, timeout, broken"
      + " connection), default 5"),
  TIMEOUT("Timeout", false, "seconds one Stripe request may take, default 60"),
  RATE_LIMIT("RateLimit", false, "requests per second to the account, shared by every connection of the process;"
      + " default 25 for test keys, 90 for live keys"),
  SEARCH_RATE_LIMIT("SearchRateLimit", false, "search requests per second, default 10 for test keys, 20 for live keys"),
  MAX_PAGES_PER_QUERY("MaxPagesPerQuery", false, "most Stripe requests of one statement, default 100000; 0 for no limit"),
  QUERY_TIMEOUT("QueryTimeout", false, "seconds one statement may spend on Stripe requests, default 3600; 0 for no limit"),
  RETRY_BASE_MILLIS("RetryBaseMillis", false, "advanced: the first retry wait in milliseconds, default 500");

  private final String displayName;
  private final boolean secret;
  private final String help;

  Operand(String displayName, boolean secret, String help) {
    this.displayName = displayName;
    this.secret = secret;
    this.help = help;
  }

  public String displayName() {
    return displayName;
  }

  /** Whether the value is a credential, never to be printed. */
  public boolean isSecret() {
    return secret;
  }

  public String help() {
    return help;
  }

  /** The operand with this name, ignoring case, or null. */
  public static Operand byName(String name) {
    for (Operand o : values()) {
      if (o.displayName.equalsIgnoreCase(name)) {
        return o;
      }
    }
    return null;
  }

  /** "OAuthAccessToken, apiBase, ..." for error messages. */
  public static String allNames() {
    StringBuilder b = new StringBuilder();
    for (Operand o : values()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(o.displayName);
    }
    return b.toString();
  }
}
