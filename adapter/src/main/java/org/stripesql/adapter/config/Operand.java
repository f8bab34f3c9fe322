package org.stripesql.adapter.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The operands a {@code model.json} may give a Stripe schema: name, type, default, bounds and help, in
 * one place ({@link StripeSchemaConfig} reads through them, the README's operand table is printed from
 * them). Names follow those users of commercial Stripe drivers know; they are matched case-insensitively.
 */
public enum Operand {
  OAUTH_ACCESS_TOKEN("OAuthAccessToken", Type.SECRET, null, "A Stripe secret (`sk_...`) or restricted (`rk_...`)"
      + " key, test or live, or an OAuth access token. Required unless Stripe Connect is configured (see"
      + " [Stripe Connect (OAuth)](#stripe-connect-oauth)). Checked on first use: a key Stripe refuses is an SQL"
      + " error with SQLSTATE `28000` (\"Stripe rejected the API key (HTTP 401)\"), which never shows the key; a"
      + " table a restricted key may not read is SQLSTATE `42501` with Stripe's message naming the permission"
      + " (`rak_invoice_read`), the other tables work as usual."),
  OAUTH_CLIENT_ID("OAuthClientId", Type.STRING, null,
      "Stripe Connect: the platform's client id (`ca_...`, Dashboard → Connect → Settings)."),
  OAUTH_CLIENT_SECRET("OAuthClientSecret", Type.SECRET, null, "Stripe Connect: the platform's secret key (`sk_...`),"
      + " sent as `client_secret` to the token endpoint. Use `${env:...}`."),
  CALLBACK_URL("CallbackURL", Type.URL, "http://127.0.0.1:33333/callback", "The OAuth `redirect_uri`, registered in"
      + " the Connect settings. With `InitiateOAuth=GETANDREFRESH` a loopback URL the gateway listens on during"
      + " sign-in (the default); for the served web flow the gateway's public `.../oauth/callback` (when not"
      + " given: the gateway's own address)."),
  SCOPE("Scope", Type.choice("read_only", "read_write"), "read_only",
      "The access Stripe Connect asks the account for."),
  INITIATE_OAUTH("InitiateOAuth", Type.choice("OFF", "GETANDREFRESH", "REFRESH"), "OFF", "`OFF`: use"
      + " `OAuthAccessToken` as given, never refresh; `GETANDREFRESH`: no stored token, sign in through the"
      + " browser, then refresh by itself; `REFRESH`: only refresh, from the stored token or `OAuthRefreshToken`."),
  OAUTH_SETTINGS_LOCATION("OAuthSettingsLocation", Type.STRING, "~/.stripesql/oauth/{schema}-{account}.json",
      "The file keeping the OAuth tokens (access and refresh token, `stripe_user_id`, scope, expiry); written"
      + " atomically, owner-only (`rw-------`). The default is a file of each schema's own: `{schema}` is the schema's"
      + " name and `{account}` its `AccountId`, else its `OAuthClientId`, else `key`; a gateway refuses to start"
      + " when two of its models' schemas would share one."),
  OAUTH_REFRESH_TOKEN("OAuthRefreshToken", Type.SECRET, null,
      "A Connect refresh token (`rt_...`) to start from when the settings file has none."),
  CONNECT_BASE("connectBase", Type.URL, "https://connect.stripe.com",
      "The Stripe Connect URL (tests point it at the emulator)."),
  API_BASE("apiBase", Type.URL, "https://api.stripe.com", "The Stripe API URL (the demo points it at the emulator)."),
  FILES_BASE("filesBase", Type.URL, "https://files.stripe.com", "The URL of Stripe's files host, where a report run's"
      + " result file is downloaded (`/v1/files/{id}/contents`) with the schema's key. When not given: Stripe's"
      + " files host if `apiBase` is Stripe's, else `apiBase` (the emulator serves both). The file's own `url` is"
      + " never followed, so the key goes to no other host."),
  STRIPE_VERSION("StripeVersion", Type.STRING, null, "Sent as the `Stripe-Version` header. When not given, the API"
      + " version the catalog was derived from is sent (`2023-08-16` for the built-in catalog, the spec's own"
      + " version with `OpenApiSpec`), so Stripe answers with objects of the shape the tables describe. Another"
      + " version is warned about at start, naming the columns whose meaning may differ; a column whose field"
      + " Stripe moved reads it where it now is (docs/newer-stripe.md)."),
  ACCOUNT_ID("AccountId", Type.STRING, null, "A connected account (`acct_...`), sent as `Stripe-Account`: with a"
      + " platform key it reads that account, and it overrides the account an OAuth token stands for."),
  CONNECTED_ACCOUNTS("ConnectedAccounts", Type.STRING, null, "A Connect platform reads its connected accounts in"
      + " one schema: `all` (every account `GET /v1/accounts` lists for the platform key, listed again for each"
      + " statement), a comma-separated list of `acct_...`, or `oauth` (every account connected through the"
      + " gateway's OAuth flows, each read with its own stored token). Every table then has a first column"
      + " `account`, first in its key; `WHERE account = '...'` (or `IN`) reads only those accounts. Off when not"
      + " given; with `Mirror`, each account's copy is kept in one store per platform and a statement reads them"
      + " as one table. See [docs/connect.md](docs/connect.md)."),
  SKIP_UNREADABLE_ACCOUNTS("SkipUnreadableAccounts", Type.BOOLEAN, "false", "With `ConnectedAccounts`: a"
      + " connected account Stripe refuses (revoked, restricted) is left out of the statement with a warning (to"
      + " PostgreSQL clients a `WARNING` notice, and in the log) and its state in the `connected_accounts` table;"
      + " `false` fails the statement naming the account."),
  OPEN_API_SPEC("OpenApiSpec", Type.STRING, null, "Path to a newer Stripe `spec3.json`: tables and keys are derived"
      + " from it at startup, with its full descriptions as REMARKS (instead of the built-in first sentences),"
      + " and requests send its API version; the start log says what it derived and skipped. Step by step in"
      + " docs/newer-stripe.md."),
  PUSHDOWN("Pushdown", Type.BOOLEAN, "true", "Translate filters and limits into Stripe requests; `false` reads"
      + " whole tables and filters in the gateway (each schema decides for its own tables)."),
  MAX_FAN_OUT("MaxFanOut", Type.whole(0, 9999), "50",
      "Most Stripe calls one `IN (...)` list becomes (retrieves by id, lists per parent or per value); a longer"
      + " list is evaluated above a broader scan, so one statement cannot fan out into thousands of calls."),
  USE_SEARCH_API("UseSearchApi", Type.BOOLEAN, "true", "Stripe's Search API answers predicates list endpoints"
      + " cannot (`name`, `amount > ...`, metadata) when the list would read the whole table; `false` reads"
      + " the list instead. An account without Search falls back to the list by itself."),
  SEARCH_LAG_WINDOW("SearchLagWindow", Type.whole(0, 2_592_000), "3600", "Seconds Stripe's search index may lag"
      + " behind writes (normally under a minute, up to an hour in incidents). Each search also lists the"
      + " objects created in this window and retrieves those the Events API shows changed in it, so the"
      + " result is exact while the lag stays within it (a few more requests per search); `0` trusts the"
      + " index alone. At most 30 days, the Events API's reach."),
  MAX_RETRIES("MaxRetries", Type.whole(0, 100), "5", "Repetitions of a failed GET (HTTP 409, 429, 5xx, timeout,"
      + " broken connection); exponential backoff with jitter, never sooner than Stripe's `Retry-After`, never"
      + " when Stripe says `Stripe-Should-Retry: false`. A retried page asks for the same cursor."),
  TIMEOUT("Timeout", Type.number(0.001, 3600), "60", "Seconds one Stripe request may take (fractions allowed); a"
      + " request that takes longer is abandoned and retried."),
  RATE_LIMIT("RateLimit", Type.number(0.01, 100_000), "100", "25", "Requests per second to the account, Stripe's"
      + " documented limit. One budget per API base, key, `AccountId` and limits, shared by every connection and"
      + " thread of the process configured alike: requests queue instead of collecting 429s, and after a 429 the"
      + " rate aimed at drops and climbs back while none come, so several gateways on one account settle by"
      + " themselves."),
  ENDPOINT_RATE_LIMIT("EndpointRateLimit", Type.number(0.01, 100_000), "25", "Requests per second to one endpoint"
      + " (Stripe's default per-endpoint limit); counted per endpoint within `RateLimit`, which bounds them all."),
  SEARCH_RATE_LIMIT("SearchRateLimit", Type.number(0.01, 100_000), "20", "Search API requests per second (Stripe's"
      + " limit for search); search requests count against `RateLimit` too."),
  MAX_CONCURRENCY("MaxConcurrency", Type.whole(1, 256), "64", "Most Stripe requests one statement keeps in flight:"
      + " a full scan reads time slices in parallel, and `IN` lists, ids and a child table's parents are fetched"
      + " side by side, as many as the rate limits times the observed latency call for, within this number."
      + " `1` reads one page after another."),
  MAX_PAGES_PER_QUERY("MaxPagesPerQuery", Type.whole(0, 1_000_000_000), "100000", "Most Stripe requests (pages,"
      + " retrieves) one statement may make; `0` for no limit. A statement that reaches it fails saying so."),
  QUERY_TIMEOUT("QueryTimeout", Type.number(0, 1_000_000), "3600",
      "Seconds one statement may spend on Stripe requests, including waits; `0` for no limit."),
  REPORT_CACHE_SECONDS("ReportCacheSeconds", Type.number(0, 31_536_000), "3600", "Seconds a report run made for a"
      + " report table (by report type and run parameters) and its rows are kept and read again instead of starting"
      + " a new run, and a report type's available range is trusted; `0` runs every statement anew. A finished run"
      + " of an interval Stripe has closed never changes; memory is bounded (500,000 cells per credential). See"
      + " [docs/reports.md](docs/reports.md)."),
  RETRY_BASE_MILLIS("RetryBaseMillis", Type.whole(0, 60_000), "500",
      "Advanced: the first retry wait in milliseconds (tests set it to 1)."),
  MIRROR("Mirror", Type.STRING, null, "Tables to keep in a local mirror, loaded once and kept fresh from Stripe's"
      + " events: `all` (every table that can be mirrored) or a comma-separated list of tables; queries over them are"
      + " answered from the mirror, other tables (and mirrored ones not yet loaded) are read live. Off when not"
      + " given. Needs the mirror module on the class path (bin/stripesql has it); see [docs/mirror.md](docs/mirror.md)."),
  MIRROR_STORE("MirrorStore", Type.STRING, "~/.stripesql/mirror", "Where the mirror lives: a directory, under which"
      + " each account gets an embedded DuckDB file in a directory of its own (owner-only), or a"
      + " `jdbc:postgresql://...` URL of a database several gateways share (one of them loads and polls, the others"
      + " read); give the password with `${env:...}`."),
  MIRROR_REFRESH_SECONDS("MirrorRefreshSeconds", Type.number(0.05, 86_400), "30", "Seconds between two reads of"
      + " Stripe's events by the mirror (one request when nothing changed, whatever the number of tables)."),
  MIRROR_RESCAN_SECONDS("MirrorRescanSeconds", Type.number(1, 100_000_000), "3600", "Seconds between two full"
      + " reads of a mirrored table that no event covers (docs/tables.md says which)."),
  MIRROR_VERIFY_SECONDS("MirrorVerifySeconds", Type.number(0, 100_000_000), "86400", "Seconds between two"
      + " verifications of each mirrored table against a live scan (row count and checksum; drift shows in"
      + " `mirror_status`); `0` for on demand only (`SELECT * FROM TABLE(MirrorVerify('charges'))`)."),
  MIRROR_MAX_LAG_SECONDS("MirrorMaxLagSeconds", Type.number(0, 100_000_000), null, "How old a mirrored table's"
      + " copy may be (seconds since the mirror last knew it complete) for a query to read it; an older one is"
      + " read live or fails, as `MirrorWhenStale` says. When not given: three refresh intervals, at least 10"
      + " seconds (a table kept fresh by rescans: `MirrorRescanSeconds` more). `0` reads every table live. A"
      + " connection may set its own (`MirrorMaxLagSeconds` connection property, PostgreSQL `SET"
      + " stripesql.mirror_max_lag_seconds`); docs/mirror.md, Freshness."),
  MIRROR_WHEN_STALE("MirrorWhenStale", Type.choice("live", "error"), "live", "What a query over a mirrored table"
      + " does when the mirror cannot answer it within `MirrorMaxLagSeconds` (stale, not loaded yet, store"
      + " unreachable): `live` reads Stripe, `error` fails with SQLSTATE `55000` naming the table, its age and why."
      + " A connection may set its own (`MirrorWhenStale`, PostgreSQL `SET stripesql.mirror_when_stale`)."),
  MIRROR_ACCESS_CHECK_SECONDS("MirrorAccessCheckSeconds", Type.number(1, 100_000_000), "300", "Seconds between two"
      + " checks that a key may still read each mirrored table (a one-row live read per table): a key reads a"
      + " table from the mirror only while Stripe has shown it may read it live.");

  private final String displayName;
  private final Type type;
  private final String liveDefault;
  private final String testDefault;
  private final String help;

  Operand(String displayName, Type type, String defaultValue, String help) {
    this(displayName, type, defaultValue, defaultValue, help);
  }

  /** An operand whose default depends on whether the key is a test-mode key. */
  Operand(String displayName, Type type, String liveDefault, String testDefault, String help) {
    this.displayName = displayName;
    this.type = type;
    this.liveDefault = liveDefault;
    this.testDefault = testDefault;
    this.help = help;
  }

  public String displayName() {
    return displayName;
  }

  public Type type() {
    return type;
  }

  /** Whether the value is a credential, never to be printed. */
  public boolean isSecret() {
    return type.kind == Kind.SECRET;
  }

  /** The value used when the operand is not given (for a live or a test key), or null when there is none. */
  public String defaultValue(boolean testMode) {
    return testMode ? testDefault : liveDefault;
  }

  /** The meaning, without the default. */
  public String help() {
    return help;
  }

  /** The help with the accepted values and the default, as the README's operand table prints it. */
  public String fullHelp() {
    StringBuilder b = new StringBuilder(help);
    if (type.choices != null) {
      b.append(" One of ").append(String.join(", ", type.choices.stream().map(c -> "`" + c + "`").toList()))
          .append('.');
    } else if (type.kind == Kind.BOOLEAN) {
      b.append(" `true` or `false`.");
    }
    if (liveDefault != null) {
      b.append(" Default `").append(liveDefault).append('`');
      if (!liveDefault.equals(testDefault)) {
        b.append(" (`").append(testDefault).append("` for test keys, `sk_test_` and `rk_test_`)");
      }
      b.append('.');
    }
    return b.toString();
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
    return String.join(", ", Arrays.stream(values()).map(Operand::displayName).toList());
  }

  /** The README's operand table (Markdown). */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder("| Operand | Meaning |\n| --- | --- |\n");
    for (Operand o : values()) {
      b.append("| `").append(o.displayName).append("` | ").append(o.fullHelp()).append(" |\n");
    }
    return b.toString();
  }

  /** The kinds of value an operand takes. */
  public enum Kind { STRING, SECRET, URL, BOOLEAN, CHOICE, WHOLE, NUMBER }

  /** An operand's type: its kind, and its bounds or choices. */
  public static final class Type {
    static final Type STRING = new Type(Kind.STRING, null, 0, 0);
    static final Type SECRET = new Type(Kind.SECRET, null, 0, 0);
    static final Type URL = new Type(Kind.URL, null, 0, 0);
    static final Type BOOLEAN = new Type(Kind.BOOLEAN, null, 0, 0);

    private final Kind kind;
    private final List<String> choices;
    private final double min;
    private final double max;

    private Type(Kind kind, List<String> choices, double min, double max) {
      this.kind = kind;
      this.choices = choices;
      this.min = min;
      this.max = max;
    }

    static Type choice(String... values) {
      return new Type(Kind.CHOICE, List.of(values), 0, 0);
    }

    static Type whole(long min, long max) {
      return new Type(Kind.WHOLE, null, min, max);
    }

    static Type number(double min, double max) {
      return new Type(Kind.NUMBER, null, min, max);
    }

    public Kind kind() {
      return kind;
    }

    /**
     * Checks a value; returns it normalised (a choice in its canonical case) or throws naming the
     * operand, the value and what it must be.
     */
    public String check(Operand o, String v) {
      switch (kind) {
        case BOOLEAN:
          if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new StripeConfigException("operand " + o.displayName + " must be true or false, not '" + v + "'");
          }
          return v.toLowerCase(Locale.ROOT);
        case CHOICE:
          for (String c : choices) {
            if (c.equalsIgnoreCase(v)) {
              return c;
            }
          }
          throw new StripeConfigException("operand " + o.displayName + " must be " + orList(choices) + ", not '"
              + v + "'");
        case URL:
          if (!v.startsWith("http://") && !v.startsWith("https://")) {
            throw new StripeConfigException("operand " + o.displayName + " must be an http(s) URL, not '" + v + "'");
          }
          return v;
        case WHOLE:
        case NUMBER:
          return checkNumber(o, v);
        default:
          return v;
      }
    }

    private String checkNumber(Operand o, String v) {
      boolean whole = kind == Kind.WHOLE;
      double d;
      try {
        d = Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        d = Double.NaN;
      }
      if (!(d >= min && d <= max) || (whole && d != Math.rint(d))) {
        throw new StripeConfigException("operand " + o.displayName + " must be a " + (whole ? "whole " : "")
            + "number from " + (whole ? Long.toString((long) min) : Double.toString(min)) + " to " + (long) max
            + ", not '" + v + "'");
      }
      return v.trim();
    }

    private static String orList(List<String> values) {
      if (values.size() == 2) {
        return values.get(0) + " or " + values.get(1);
      }
      return String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.get(values.size() - 1);
    }
  }
}
