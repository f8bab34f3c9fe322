package org.stripesql.adapter.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated operands of one Stripe schema, read through {@link Operand} (types, bounds, defaults).
 * {@code ${env:NAME}} and {@code ${file:PATH}} in a value are replaced here, so secrets stay out of model
 * files; every problem is reported naming the operand, the cause and the fix.
 */
public final class StripeSchemaConfig {
  /** Operands Calcite's model handler adds to every custom schema (ModelHandler.ExtraOperand). */
  private static final Set<String> CALCITE_OPERANDS = Set.of("modelUri", "baseDirectory", "tableType", "tables");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");

  private final String schemaName;
  private final Map<Operand, String> values;

  private StripeSchemaConfig(String schemaName, Map<Operand, String> values) {
    this.schemaName = schemaName;
    this.values = values;
  }

  /** Parses the operands of schema {@code schemaName} with the process environment. */
  public static StripeSchemaConfig parse(String schemaName, Map<String, Object> operand) {
    return parse(schemaName, operand, System::getenv);
  }

  /** Parses the operands of schema {@code schemaName}, resolving {@code ${env:..}} with {@code env}. */
  public static StripeSchemaConfig parse(String schemaName, Map<String, Object> operand,
      Function<String, String> env) {
    Map<Operand, String> values = new EnumMap<>(Operand.class);
    if (operand != null) {
      for (Map.Entry<String, Object> e : operand.entrySet()) {
        if (CALCITE_OPERANDS.contains(e.getKey())) {
          continue;   // added by Calcite's model handler, not by the user
        }
        Operand o = Operand.byName(e.getKey());
        if (o == null) {
          throw new StripeConfigException("unknown operand '" + e.getKey() + "' in the Stripe schema;"
              + " valid operands are: " + Operand.allNames());
        }
        if (values.containsKey(o)) {
          throw new StripeConfigException("operand " + o.displayName() + " is given twice (names ignore case)");
        }
        Object raw = e.getValue();
        if (raw != null && !(raw instanceof String) && !(raw instanceof Boolean) && !(raw instanceof Number)) {
          throw new StripeConfigException("operand " + o.displayName() + " must be a string, not "
              + raw.getClass().getSimpleName());
        }
        if (raw != null) {
          String value = substitute(o, String.valueOf(raw), env);
          values.put(o, o.type().check(o, value));
        }
      }
    }
    StripeSchemaConfig config = new StripeSchemaConfig(schemaName, values);
    config.validate();
    return config;
  }

  /** Whether a key is a test-mode key ({@code sk_test_}, {@code rk_test_}): defaults differ for them. */
  public static boolean isTestKey(String key) {
    return key != null && (key.startsWith("sk_test_") || key.startsWith("rk_test_"));
  }

  private static String substitute(Operand o, String value, Function<String, String> env) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String kind = m.group(1);
      String name = m.group(2).trim();
      String replacement;
      if (kind.equals("env")) {
        replacement = env.apply(name);
        if (replacement == null || replacement.isEmpty()) {
          throw new StripeConfigException("operand " + o.displayName() + " reads the environment variable "
              + name + " (${env:" + name + "}), which is not set; export " + name + "="
              + (o.isSecret() ? "sk_... (your Stripe secret or restricted key)" : "...")
              + " before starting, or change the model");
        }
      } else {
        try {
          replacement = Files.readString(Path.of(name), StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException ex) {
          throw new StripeConfigException("operand " + o.displayName() + " reads the file " + name
              + ", which cannot be read (" + ex.getClass().getSimpleName() + "); check the path and permissions");
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The rules that tie operands together; each operand's own type and bounds were checked on parsing. */
  private void validate() {
    String token = values.get(Operand.OAUTH_ACCESS_TOKEN);
    validateOAuth();
    if ((token == null || token.isBlank()) && initiateOAuth() == InitiateOAuth.OFF && oauthClientId() == null) {
      throw new StripeConfigException("operand OAuthAccessToken is required: give a Stripe secret key, e.g."
          + " \"OAuthAccessToken\": \"${env:STRIPE_API_KEY}\", or configure Stripe Connect (OAuthClientId,"
          + " OAuthClientSecret, InitiateOAuth)");
    }
    if (token != null && token.chars().anyMatch(Character::isWhitespace)) {
      throw new StripeConfigException("operand OAuthAccessToken contains white space; check the key's source");
    }
    String store = values.get(Operand.MIRROR_STORE);
    if (store != null && store.trim().startsWith("jdbc:") && !store.trim().startsWith("jdbc:postgresql:")) {
      throw new StripeConfigException("operand MirrorStore must be a directory or a jdbc:postgresql://HOST/DATABASE"
          + " URL; other databases are not supported");
    }
    String account = values.get(Operand.ACCOUNT_ID);
    if (account != null && !account.matches("acct_[A-Za-z0-9]+")) {
      throw new StripeConfigException("operand AccountId must look like acct_..., not '" + account + "'");
    }
    ConnectedAccountsSetting connected = ConnectedAccountsSetting.parse(values.get(Operand.CONNECTED_ACCOUNTS));
    if (connected != null && account != null) {
      throw new StripeConfigException("operands AccountId and ConnectedAccounts exclude each other: AccountId reads"
          + " one account, ConnectedAccounts several (give ConnectedAccounts=" + account + " for one)");
    }
    if (connected != null && connected.mode() == ConnectedAccountsSetting.Mode.OAUTH
        && (oauthClientId() == null || values.get(Operand.OAUTH_CLIENT_SECRET) == null)) {
      throw new StripeConfigException("operand ConnectedAccounts=oauth needs Stripe Connect (OAuthClientId,"
          + " OAuthClientSecret): it reads the accounts connected through the gateway's OAuth flows");
    }
  }

  private void validateOAuth() {
    String clientId = values.get(Operand.OAUTH_CLIENT_ID);
    if (clientId != null && !clientId.matches("ca_[A-Za-z0-9_]+")) {
      throw new StripeConfigException("operand OAuthClientId must be a Stripe Connect client id (ca_...), not '"
          + clientId + "'; find it in the Stripe dashboard under Connect settings");
    }
    String secret = values.get(Operand.OAUTH_CLIENT_SECRET);
    if (secret != null && !(secret.startsWith("sk_") || secret.startsWith("rk_"))) {
      throw new StripeConfigException("operand OAuthClientSecret must be the platform's secret key (sk_...)");
    }
    if (initiateOAuth() != InitiateOAuth.OFF && (clientId == null || secret == null)) {
      throw new StripeConfigException("operand InitiateOAuth=" + initiateOAuth() + " needs OAuthClientId (ca_...)"
          + " and OAuthClientSecret (the platform's secret key)");
    }
    if (initiateOAuth() == InitiateOAuth.GETANDREFRESH) {
      URI cb = URI.create(callbackUrl());
      if (!"http".equals(cb.getScheme()) || cb.getHost() == null
          || !(cb.getHost().equals("localhost") || cb.getHost().startsWith("127.") || cb.getHost().equals("[::1]"))) {
        throw new StripeConfigException("operand CallbackURL must be a loopback http URL (http://127.0.0.1:PORT/...)"
            + " for InitiateOAuth=GETANDREFRESH, where the gateway listens for Stripe's redirect; not '"
            + callbackUrl() + "'");
      }
    }
  }

  /** The operand's value as given, or its default (which may depend on the key's mode), or null. */
  private String get(Operand o) {
    String v = values.get(o);
    return v != null ? v : o.defaultValue(testMode());
  }

  private double number(Operand o) {
    return Double.parseDouble(get(o));
  }

  private boolean bool(Operand o) {
    return Boolean.parseBoolean(get(o));
  }

  /** Whether the schema reads with a test-mode key (its own, or the platform's for OAuth). */
  public boolean testMode() {
    String k = values.get(Operand.OAUTH_ACCESS_TOKEN);
    return isTestKey(k != null ? k : values.get(Operand.OAUTH_CLIENT_SECRET));
  }

  /** Retries of a failed idempotent request (MaxRetries). */
  public int maxRetries() {
    return (int) number(Operand.MAX_RETRIES);
  }

  /** The longest one Stripe request may take (Timeout, seconds). */
  public Duration requestTimeout() {
    return Duration.ofNanos((long) (number(Operand.TIMEOUT) * 1e9));
  }

  /** Requests per second to the account (RateLimit); default by key mode. */
  public double rateLimit() {
    return number(Operand.RATE_LIMIT);
  }

  /** Requests per second to one endpoint (EndpointRateLimit). */
  public double endpointRateLimit() {
    return number(Operand.ENDPOINT_RATE_LIMIT);
  }

  /** Search requests per second (SearchRateLimit). */
  public double searchRateLimit() {
    return number(Operand.SEARCH_RATE_LIMIT);
  }

  /** Most Stripe requests one statement keeps in flight (MaxConcurrency); 1 reads sequentially. */
  public int maxConcurrency() {
    return (int) number(Operand.MAX_CONCURRENCY);
  }

  /** Most Stripe requests of one statement (MaxPagesPerQuery); 0 for no limit. */
  public long maxPagesPerQuery() {
    return (long) number(Operand.MAX_PAGES_PER_QUERY);
  }

  /** Longest wall time of one statement (QueryTimeout); null for no limit. */
  public Duration queryTimeout() {
    double s = number(Operand.QUERY_TIMEOUT);
    return s <= 0 ? null : Duration.ofNanos((long) (s * 1e9));
  }

  /** How long a report result and a report type's available range are reused (ReportCacheSeconds). */
  public Duration reportCacheTime() {
    return Duration.ofNanos((long) (number(Operand.REPORT_CACHE_SECONDS) * 1e9));
  }

  /**
   * The files host report results are downloaded from (filesBase), without a trailing slash: Stripe's when
   * apiBase is Stripe's, else apiBase itself (an emulator or a proxy serves both), unless given.
   */
  public String filesBase() {
    if (values.containsKey(Operand.FILES_BASE)) {
      return withoutTrailingSlash(get(Operand.FILES_BASE));
    }
    return apiBase().equals(withoutTrailingSlash(Operand.API_BASE.defaultValue(false)))
        ? withoutTrailingSlash(get(Operand.FILES_BASE)) : apiBase();
  }

  /** The first retry wait (RetryBaseMillis, advanced). */
  public long retryBaseMillis() {
    return (long) number(Operand.RETRY_BASE_MILLIS);
  }

  public String accessToken() {
    return values.get(Operand.OAUTH_ACCESS_TOKEN);
  }

  /** InitiateOAuth; OFF when not given. */
  public InitiateOAuth initiateOAuth() {
    return InitiateOAuth.valueOf(get(Operand.INITIATE_OAUTH));
  }

  public String oauthClientId() {
    return values.get(Operand.OAUTH_CLIENT_ID);
  }

  public String oauthClientSecret() {
    return values.get(Operand.OAUTH_CLIENT_SECRET);
  }

  public String oauthRefreshToken() {
    return values.get(Operand.OAUTH_REFRESH_TOKEN);
  }

  /** CallbackURL, or the loopback default of the desktop flow. */
  public String callbackUrl() {
    return get(Operand.CALLBACK_URL);
  }

  /** Whether CallbackURL was given. */
  public boolean hasCallbackUrl() {
    return values.containsKey(Operand.CALLBACK_URL);
  }

  /** Scope: read_only (default) or read_write. */
  public String scope() {
    return get(Operand.SCOPE);
  }

  /**
   * OAuthSettingsLocation, with {@code ~} as the user's home; the default names a file of this schema's
   * own ({@code {schema}} and {@code {account}} filled in), so no two schemas share tokens by default.
   */
  public Path oauthSettingsLocation() {
    String v = get(Operand.OAUTH_SETTINGS_LOCATION);
    if (!values.containsKey(Operand.OAUTH_SETTINGS_LOCATION)) {
      String account = accountId() != null ? accountId() : oauthClientId() != null ? oauthClientId() : "key";
      v = v.replace("{schema}", fileNamePart(schemaName)).replace("{account}", fileNamePart(account));
    }
    if (v.equals("~") || v.startsWith("~/")) {
      v = System.getProperty("user.home") + v.substring(1);
    }
    return Path.of(v).toAbsolutePath().normalize();
  }

  /** {@code s} with every character but letters, digits, {@code _} and {@code -} replaced by {@code _}. */
  private static String fileNamePart(String s) {
    return s == null || s.isEmpty() ? "_" : s.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /** The name of the schema these operands are of. */
  public String schemaName() {
    return schemaName;
  }

  public String connectBase() {
    return withoutTrailingSlash(get(Operand.CONNECT_BASE));
  }

  public String apiBase() {
    return withoutTrailingSlash(get(Operand.API_BASE));
  }

  private static String withoutTrailingSlash(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public String stripeVersion() {
    return values.get(Operand.STRIPE_VERSION);
  }

  public String accountId() {
    return values.get(Operand.ACCOUNT_ID);
  }

  /** The connected accounts the schema reads (ConnectedAccounts); null when off. */
  public ConnectedAccountsSetting connectedAccounts() {
    return ConnectedAccountsSetting.parse(values.get(Operand.CONNECTED_ACCOUNTS));
  }

  /** Whether an account Stripe refuses is left out of a statement (SkipUnreadableAccounts). */
  public boolean skipUnreadableAccounts() {
    return bool(Operand.SKIP_UNREADABLE_ACCOUNTS);
  }

  /** The spec to derive the catalog from, or null for the committed catalog. */
  public Path openApiSpec() {
    String p = values.get(Operand.OPEN_API_SPEC);
    return p == null ? null : Path.of(p);
  }

  public int maxFanOut() {
    return (int) number(Operand.MAX_FAN_OUT);
  }

  public boolean useSearchApi() {
    return bool(Operand.USE_SEARCH_API);
  }

  /** SearchLagWindow: seconds of new and changed objects each search also reads; 0 for none. */
  public long searchLagWindowSeconds() {
    return (long) number(Operand.SEARCH_LAG_WINDOW);
  }

  public boolean pushdown() {
    return bool(Operand.PUSHDOWN);
  }

  /**
   * The tables to mirror as given ({@code all} or names, trimmed, in order, without duplicates); empty when
   * the schema has no mirror. Names are checked against the catalog by the mirror.
   */
  public List<String> mirror() {
    String v = values.get(Operand.MIRROR);
    if (v == null || v.isBlank()) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (String n : v.split(",")) {
      if (!n.isBlank()) {
        names.add(n.trim());
      }
    }
    return List.copyOf(names);
  }

  /** MirrorStore: a {@code jdbc:} URL as given, else the directory with {@code ~} as the user's home. */
  public String mirrorStore() {
    String v = get(Operand.MIRROR_STORE).trim();
    if (v.startsWith("jdbc:")) {
      return v;
    }
    if (v.equals("~") || v.startsWith("~/")) {
      v = System.getProperty("user.home") + v.substring(1);
    }
    return Path.of(v).toAbsolutePath().normalize().toString();
  }

  public Duration mirrorRefresh() {
    return Duration.ofNanos((long) (number(Operand.MIRROR_REFRESH_SECONDS) * 1e9));
  }

  public Duration mirrorRescan() {
    return Duration.ofNanos((long) (number(Operand.MIRROR_RESCAN_SECONDS) * 1e9));
  }

  /** Time between verifications; zero for on demand only. */
  public Duration mirrorVerify() {
    return Duration.ofNanos((long) (number(Operand.MIRROR_VERIFY_SECONDS) * 1e9));
  }

  /** MirrorMaxLagSeconds; null when not given (each table's own bound: docs/mirror.md, Freshness). */
  public Double mirrorMaxLagSeconds() {
    String v = values.get(Operand.MIRROR_MAX_LAG_SECONDS);
    return v == null ? null : Double.parseDouble(v);
  }

  /** MirrorWhenStale: {@code live} or {@code error}. */
  public String mirrorWhenStale() {
    return get(Operand.MIRROR_WHEN_STALE);
  }

  /** Time between two checks that the key may still read each mirrored table. */
  public Duration mirrorAccessCheck() {
    return Duration.ofNanos((long) (number(Operand.MIRROR_ACCESS_CHECK_SECONDS) * 1e9));
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("StripeSchemaConfig{");
    values.forEach((k, v) -> b.append(k.displayName()).append('=')
        .append(k.isSecret() || k == Operand.MIRROR_STORE ? "[REDACTED]" : v).append(", "));
    return b.append('}').toString();
  }
}
