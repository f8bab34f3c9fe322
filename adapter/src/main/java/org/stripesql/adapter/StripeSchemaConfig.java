package org.stripesql.adapter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated operands of one Stripe schema. {@code ${env:NAME}} and {@code ${file:PATH}} in a value
 * are replaced here, so secrets stay out of model files; every problem is reported naming the operand,
 * the cause and the fix.
 */
public final class StripeSchemaConfig {
  public static final String DEFAULT_API_BASE = "https://api.stripe.com";
  public static final String DEFAULT_CONNECT_BASE = "https://connect.stripe.com";
  public static final String DEFAULT_CALLBACK_URL = "http://127.0.0.1:33333/callback";

  /** How the schema gets its OAuth token (InitiateOAuth). */
  public enum InitiateOAuth { OFF, GETANDREFRESH, REFRESH }
  /** Operands Calcite's model handler adds to every custom schema (ModelHandler.ExtraOperand). */
  private static final java.util.Set<String> CALCITE_OPERANDS = java.util.Set.of("modelUri", "baseDirectory", "tableType", "tables");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");

  private final Map<Operand, String> values;

  private StripeSchemaConfig(Map<Operand, String> values) {
    this.values = values;
  }

  /** Parses operands with the process environment. */
  public static StripeSchemaConfig parse(Map<String, Object> operand) {
    return parse(operand, System::getenv);
  }

  /** Parses operands, resolving {@code ${env:..}} with {@code env}. */
  public static StripeSchemaConfig parse(Map<String, Object> operand, Function<String, String> env) {
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
          values.put(o, substitute(o, String.valueOf(raw), env));
        }
      }
    }
    StripeSchemaConfig config = new StripeSchemaConfig(values);
    config.validate();
    return config;
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
              + name + ", which is not set; set " + name + (o.isSecret() ? " to your Stripe secret key" : "")
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
    String base = apiBase();
    if (!base.startsWith("http://") && !base.startsWith("https://")) {
      throw new StripeConfigException("operand apiBase must be an http(s) URL, not '" + base + "'");
    }
    for (Operand flag : new Operand[] {Operand.PUSHDOWN, Operand.USE_SEARCH_API}) {
      String v = values.get(flag);
      if (v != null && !v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
        throw new StripeConfigException("operand " + flag.displayName() + " must be true or false, not '" + v + "'");
      }
    }
    String fanOut = values.get(Operand.MAX_FAN_OUT);
    if (fanOut != null && !fanOut.matches("[0-9]{1,4}")) {
      throw new StripeConfigException("operand MaxFanOut must be a whole number from 0 to 9999, not '" + fanOut + "'");
    }
    checkNumber(Operand.MAX_RETRIES, 0, 100, true);
    checkNumber(Operand.TIMEOUT, 0.001, 3600, false);
    checkNumber(Operand.RATE_LIMIT, 0.01, 100_000, false);
    checkNumber(Operand.SEARCH_RATE_LIMIT, 0.01, 100_000, false);
    checkNumber(Operand.MAX_PAGES_PER_QUERY, 0, 1_000_000_000, true);
    checkNumber(Operand.QUERY_TIMEOUT, 0, 1_000_000, false);
    checkNumber(Operand.RETRY_BASE_MILLIS, 0, 60_000, true);
    String account = values.get(Operand.ACCOUNT_ID);
    if (account != null && !account.matches("acct_[A-Za-z0-9]+")) {
      throw new StripeConfigException("operand AccountId must look like acct_..., not '" + account + "'");
    }
  }

  private void validateOAuth() {
    String mode = values.get(Operand.INITIATE_OAUTH);
    if (mode != null && !java.util.Arrays.stream(InitiateOAuth.values()).anyMatch(m -> m.name().equalsIgnoreCase(mode))) {
      throw new StripeConfigException("operand InitiateOAuth must be OFF, GETANDREFRESH or REFRESH, not '" + mode + "'");
    }
    String clientId = values.get(Operand.OAUTH_CLIENT_ID);
    if (clientId != null && !clientId.matches("ca_[A-Za-z0-9_]+")) {
      throw new StripeConfigException("operand OAuthClientId must be a Stripe Connect client id (ca_...), not '"
          + clientId + "'; find it in the Stripe dashboard under Connect settings");
    }
    String scope = values.get(Operand.SCOPE);
    if (scope != null && !scope.equals("read_only") && !scope.equals("read_write")) {
      throw new StripeConfigException("operand Scope must be read_only or read_write, not '" + scope + "'");
    }
    for (Operand url : new Operand[] {Operand.CALLBACK_URL, Operand.CONNECT_BASE}) {
      String v = values.get(url);
      if (v != null && !v.startsWith("http://") && !v.startsWith("https://")) {
        throw new StripeConfigException("operand " + url.displayName() + " must be an http(s) URL, not '" + v + "'");
      }
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
      java.net.URI cb = java.net.URI.create(callbackUrl());
      if (!"http".equals(cb.getScheme()) || cb.getHost() == null
          || !(cb.getHost().equals("localhost") || cb.getHost().startsWith("127.") || cb.getHost().equals("[::1]"))) {
        throw new StripeConfigException("operand CallbackURL must be a loopback http URL (http://127.0.0.1:PORT/...)"
            + " for InitiateOAuth=GETANDREFRESH, where the gateway listens for Stripe's redirect; not '"
            + callbackUrl() + "'");
      }
    }
  }

  private void checkNumber(Operand o, double min, double max, boolean whole) {
    String v = values.get(o);
    if (v == null) {
      return;
    }
    double d;
    try {
      d = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      d = Double.NaN;
    }
    if (!(d >= min && d <= max) || (whole && d != Math.rint(d))) {
      throw new StripeConfigException("operand " + o.displayName() + " must be a " + (whole ? "whole " : "")
          + "number from " + (whole ? Long.toString((long) min) : Double.toString(min)) + " to " + (long) max + ", not '"
          + v + "'");
    }
  }

  private double number(Operand o, double dflt) {
    String v = values.get(o);
    return v == null ? dflt : Double.parseDouble(v.trim());
  }

  /** Retries of a failed idempotent request (MaxRetries). */
  public int maxRetries() {
    return (int) number(Operand.MAX_RETRIES, 5);
  }

  /** The longest one Stripe request may take (Timeout, seconds). */
  public java.time.Duration requestTimeout() {
    return java.time.Duration.ofNanos((long) (number(Operand.TIMEOUT, 60) * 1e9));
  }

  /** Requests per second to the account (RateLimit); default by key mode. */
  public double rateLimit() {
    return number(Operand.RATE_LIMIT, testKey() ? 25 : 90);
  }

  /** Search requests per second (SearchRateLimit); default by key mode. */
  public double searchRateLimit() {
    return number(Operand.SEARCH_RATE_LIMIT, testKey() ? 10 : 20);
  }

  /** Most Stripe requests of one statement (MaxPagesPerQuery); 0 for no limit. */
  public long maxPagesPerQuery() {
    return (long) number(Operand.MAX_PAGES_PER_QUERY, 100_000);
  }

  /** Longest wall time of one statement (QueryTimeout); null for no limit. */
  public java.time.Duration queryTimeout() {
    double s = number(Operand.QUERY_TIMEOUT, 3600);
    return s <= 0 ? null : java.time.Duration.ofNanos((long) (s * 1e9));
  }

  /** The first retry wait (RetryBaseMillis, advanced). */
  public long retryBaseMillis() {
    return (long) number(Operand.RETRY_BASE_MILLIS, 500);
  }

  private boolean testKey() {
    String k = accessToken() != null ? accessToken() : oauthClientSecret();
    return k != null && (k.startsWith("sk_test_") || k.startsWith("rk_test_"));
  }

  public String accessToken() {
    return values.get(Operand.OAUTH_ACCESS_TOKEN);
  }

  /** InitiateOAuth; OFF when not given. */
  public InitiateOAuth initiateOAuth() {
    String v = values.get(Operand.INITIATE_OAUTH);
    return v == null ? InitiateOAuth.OFF : InitiateOAuth.valueOf(v.toUpperCase(java.util.Locale.ROOT));
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
    return values.getOrDefault(Operand.CALLBACK_URL, DEFAULT_CALLBACK_URL);
  }

  /** Whether CallbackURL was given. */
  public boolean hasCallbackUrl() {
    return values.containsKey(Operand.CALLBACK_URL);
  }

  /** Scope: read_only (default) or read_write. */
  public String scope() {
    return values.getOrDefault(Operand.SCOPE, "read_only");
  }

  /** OAuthSettingsLocation ({@code ~} is the user's home), default ~/.stripesql/oauth-settings.json. */
  public Path oauthSettingsLocation() {
    String v = values.getOrDefault(Operand.OAUTH_SETTINGS_LOCATION, "~/.stripesql/oauth-settings.json");
    if (v.equals("~") || v.startsWith("~/")) {
      v = System.getProperty("user.home") + v.substring(1);
    }
    return Path.of(v).toAbsolutePath().normalize();
  }

  public String connectBase() {
    String base = values.getOrDefault(Operand.CONNECT_BASE, DEFAULT_CONNECT_BASE);
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public String apiBase() {
    String base = values.getOrDefault(Operand.API_BASE, DEFAULT_API_BASE);
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public String stripeVersion() {
    return values.get(Operand.STRIPE_VERSION);
  }

  public String accountId() {
    return values.get(Operand.ACCOUNT_ID);
  }

  /** The spec to derive the catalog from, or null for the committed catalog. */
  public Path openApiSpec() {
    String p = values.get(Operand.OPEN_API_SPEC);
    return p == null ? null : Path.of(p);
  }

  public int maxFanOut() {
    String v = values.get(Operand.MAX_FAN_OUT);
    return v == null ? 50 : Integer.parseInt(v);
  }

  public boolean useSearchApi() {
    return !"false".equalsIgnoreCase(values.get(Operand.USE_SEARCH_API));
  }

  public boolean pushdown() {
    return !"false".equalsIgnoreCase(values.get(Operand.PUSHDOWN));
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("StripeSchemaConfig{");
    values.forEach((k, v) -> b.append(k.displayName()).append('=').append(k.isSecret() ? "[REDACTED]" : v)
        .append(", "));
    return b.append('}').toString();
  }
}
