package org.stripesql.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.stripesql.emulator.api.ApiException;

/**
 * Stripe Connect's OAuth endpoints as the emulator serves them ({@link StripeEmulator#oauth()}):
 * {@code GET /oauth/authorize}, {@code POST /oauth/token} (both grants, rotating refresh tokens) and
 * {@code POST /oauth/deauthorize}, with the tokens they issue and the knobs tests turn (expiry, delays,
 * counts). What each endpoint accepts: docs/emulator.md.
 */
public final class EmulatorOAuth {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What an access token grants. */
  public record Grant(String accountId, String scope, Instant expiresAt) {}

  private record Code(String clientId, String scope, String redirectUri, String accountId) {}

  private record Refresh(String clientId, String scope, String accountId) {}

  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, String> expired = new ConcurrentHashMap<>();
  /** The accounts each client id (platform) has connected through the flow, in the order they connected. */
  private final Map<String, Set<String>> accountsByClient = new ConcurrentHashMap<>();
  private volatile Supplier<List<String>> connectedAccounts = List::of;
  private volatile Consumer<String> onDeauthorize = a -> { };
  private volatile String signInAs;
  private final AtomicLong tokenRequests = new AtomicLong();
  private final AtomicLong refreshRequests = new AtomicLong();
  private final RequestLog log;
  private volatile Duration accessTokenTtl;
  private volatile Duration tokenDelay = Duration.ZERO;

  EmulatorOAuth(RequestLog log) {
    this.log = log;
  }

  // ------------------------------------------------------------------ Java API for tests

  /**
   * The account the next sign-in approves, as if that account's owner were signed in to Stripe in the
   * browser; null (the default) for the platform's next connected account not yet connected through this
   * client id (the first when all are), or, on an emulator without connected accounts, an account of the
   * client id's own.
   */
  public void signInAs(String account) {
    this.signInAs = account;
  }

  /** Every access and refresh token of {@code account} stops working (its access was revoked). */
  public void revoke(String account) {
    accessTokens.entrySet().removeIf(e -> {
      boolean mine = e.getValue().accountId().equals(account);
      if (mine) {
        expired.put(e.getKey(), "revoked");
      }
      return mine;
    });
    refreshTokens.values().removeIf(r -> r.accountId().equals(account));
  }

  /**
   * Ties the flow to the platform's connected accounts: {@code connected} tells them (sign-ins approve them),
   * {@code deauthorized} hears of an account that deauthorized the platform.
   */
  void connectTo(Supplier<List<String>> connected, Consumer<String> deauthorized) {
    this.connectedAccounts = connected;
    this.onDeauthorize = deauthorized;
  }

  /** Every access token issued so far answers 401 {@code expired} from now on (as after its lifetime). */
  public void expireAccessTokens() {
    for (String t : List.copyOf(accessTokens.keySet())) {
      accessTokens.remove(t);
      expired.put(t, "expired");
    }
  }

  /**
   * Tokens issued from now on carry {@code expires_in} and expire after {@code ttl}; null (the default, as
   * Stripe) for tokens without a lifetime.
   */
  public void accessTokenTtl(Duration ttl) {
    this.accessTokenTtl = ttl;
  }

  /** Makes each token endpoint answer wait, so concurrent refreshes overlap (tests of single refresh). */
  public void tokenDelay(Duration delay) {
    this.tokenDelay = delay == null ? Duration.ZERO : delay;
  }

  /** Calls of {@code POST /oauth/token}, any grant type, successful or not. */
  public long tokenRequests() {
    return tokenRequests.get();
  }

  /** Calls of {@code POST /oauth/token} with {@code grant_type=refresh_token}. */
  public long refreshRequests() {
    return refreshRequests.get();
  }

  /** Whether {@code token} is an access token the API accepts now. */
  public boolean isValidAccessToken(String token) {
    return grant(token) != null;
  }

  /** The grant of a current access token, or null. */
  public Grant grant(String token) {
    Grant g = accessTokens.get(token);
    if (g != null && g.expiresAt() != null && !Instant.now().isBefore(g.expiresAt())) {
      accessTokens.remove(token);
      expired.put(token, "expired");
      return null;
    }
    return g;
  }

  // ------------------------------------------------------------------ API authentication

  /** Whether the token looks like one this emulator issues. */
  static boolean isOAuthToken(String token) {
    return token.startsWith("sk_test_oauth_");
  }

  /**
   * Checks an issued access token for the API: null when it is valid for this method, else the error
   * (401 expired or revoked, 403 a write with a read_only token).
   */
  ApiException check(String token, String method) {
    Grant g = grant(token);
    if (g == null) {
      if ("expired".equals(expired.get(token))) {
        return new ApiException(401, "invalid_request_error", "expired", null,
            "The OAuth access token has expired; refresh it with grant_type=refresh_token.");
      }
      return new ApiException(401, "invalid_request_error", null, null, "Invalid API Key provided: "
          + Secrets.redact(token));
    }
    boolean write = !"GET".equals(method) && !"HEAD".equals(method);
    if (write && "read_only".equals(g.scope())) {
      return new ApiException(403, "invalid_request_error", "oauth_scope", null,
          "This application has read_only access to the account; " + method + " requests need read_write.");
    }
    return null;
  }

  // ------------------------------------------------------------------ HTTP

  void handle(HttpExchange ex, String path) throws IOException {
    String method = ex.getRequestMethod();
    String body;
    try (InputStream in = ex.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, List<String>> params = new LinkedHashMap<>(FormEncoding.parse(ex.getRequestURI().getRawQuery()));
    if (!body.isEmpty()) {
      FormEncoding.parse(body).forEach((k, v) -> params.merge(k, v, (a, b) -> {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
      }));
    }
    // the log never holds codes, tokens or secrets: only the grant type
    Map<String, List<String>> logged = params.containsKey("grant_type")
        ? Map.of("grant_type", params.get("grant_type")) : Map.of();
    int status;
    switch (path) {
      case "/oauth/authorize" -> status = authorize(ex, method, params);
      case "/oauth/token" -> status = token(ex, method, params);
      case "/oauth/deauthorize" -> status = deauthorize(ex, method, params);
      default -> status = oauthError(ex, 404, "invalid_request", "Unrecognized OAuth URL: " + path);
    }
    log.add(new RecordedRequest(method, path, logged, status));
  }

  private int authorize(HttpExchange ex, String method, Map<String, List<String>> p) throws IOException {
    if (!"GET".equals(method)) {
      return oauthError(ex, 405, "invalid_request", "Use GET for /oauth/authorize.");
    }
    String clientId = one(p, "client_id");
    String redirect = one(p, "redirect_uri");
    String state = one(p, "state");
    String scope = one(p, "scope") == null ? "read_only" : one(p, "scope");
    if (clientId == null || !clientId.startsWith("ca_")) {
      return oauthError(ex, 400, "invalid_client", "No such application: client_id must be a ca_ id.");
    }
    if (!"code".equals(one(p, "response_type"))) {
      return oauthError(ex, 400, "invalid_request", "response_type must be 'code'.");
    }
    if (!scope.equals("read_only") && !scope.equals("read_write")) {
      return oauthError(ex, 400, "invalid_scope", "Invalid scope: " + scope);
    }
    if (redirect == null || !(redirect.startsWith("http://") || redirect.startsWith("https://"))) {
      return oauthError(ex, 400, "invalid_redirect_uri", "redirect_uri must be an http(s) URL.");
    }
    Map<String, String> q = new LinkedHashMap<>();
    if (clientId.startsWith("ca_deny")) {
      q.put("error", "access_denied");
      q.put("error_description", "The user denied your request");
    } else {
      String account = signInAccount(clientId);
      String code = "ac_" + random(24);
      codes.put(code, new Code(clientId, scope, redirect, account));
      q.put("scope", scope);
      q.put("code", code);
    }
    if (state != null) {
      q.put("state", state);
    }
    StringBuilder location = new StringBuilder(redirect).append(redirect.contains("?") ? '&' : '?');
    boolean first = true;
    for (Map.Entry<String, String> e : q.entrySet()) {
      if (!first) {
        location.append('&');
      }
      first = false;
      location.append(enc(e.getKey())).append('=').append(enc(e.getValue()));
    }
    URI.create(location.toString());   // a malformed redirect_uri fails here, as 400
    ex.getResponseHeaders().set("Location", location.toString());
    ex.sendResponseHeaders(302, -1);
    ex.close();
    return 302;
  }

  /** The account a sign-in of {@code clientId} approves (see {@link #signInAs}). */
  private synchronized String signInAccount(String clientId) {
    Set<String> mine = accountsByClient.computeIfAbsent(clientId, c -> new CopyOnWriteArraySet<>());
    String chosen = signInAs;
    List<String> connected = connectedAccounts.get();
    if (chosen == null && !connected.isEmpty()) {
      chosen = connected.stream().filter(a -> !mine.contains(a)).findFirst().orElse(connected.get(0));
    }
    if (chosen == null) {
      chosen = mine.isEmpty() ? "acct_" + random(16) : mine.iterator().next();
    }
    mine.add(chosen);
    return chosen;
  }

  private int token(HttpExchange ex, String method, Map<String, List<String>> p) throws IOException {
    tokenRequests.incrementAndGet();
    if (!"POST".equals(method)) {
      return oauthError(ex, 405, "invalid_request", "Use POST for /oauth/token.");
    }
    if (!tokenDelay.isZero()) {
      try {
        Thread.sleep(tokenDelay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String secret = clientSecret(ex, p);
    if (secret == null || !secret.startsWith("sk_test_") || secret.length() <= 8 || isOAuthToken(secret)) {
      return oauthError(ex, 401, "invalid_client", "Invalid client secret: give the platform's secret key as"
          + " client_secret.");
    }
    String grantType = one(p, "grant_type");
    String clientId;
    String scope;
    String account;
    if ("authorization_code".equals(grantType)) {
      String code = one(p, "code");
      Code c = code == null ? null : codes.remove(code);   // single-use
      if (c == null) {
        return oauthError(ex, 400, "invalid_grant", "Authorization code does not exist: "
            + Secrets.redact(String.valueOf(code)));
      }
      clientId = c.clientId();
      scope = c.scope();
      account = c.accountId();
    } else if ("refresh_token".equals(grantType)) {
      refreshRequests.incrementAndGet();
      String rt = one(p, "refresh_token");
      Refresh r = rt == null ? null : refreshTokens.remove(rt);   // rotates
      if (r == null) {
        return oauthError(ex, 400, "invalid_grant", "Refresh token does not exist or was already used: "
            + Secrets.redact(String.valueOf(rt)));
      }
      clientId = r.clientId();
      scope = one(p, "scope") != null ? one(p, "scope") : r.scope();
      account = r.accountId();
    } else {
      return oauthError(ex, 400, "unsupported_grant_type", "grant_type must be authorization_code or"
          + " refresh_token.");
    }
    String access = "sk_test_oauth_" + random(32);
    String refresh = "rt_" + random(32);
    Duration ttl = accessTokenTtl;
    accessTokens.put(access, new Grant(account, scope, ttl == null ? null : Instant.now().plus(ttl)));
    refreshTokens.put(refresh, new Refresh(clientId, scope, account));
    ObjectNode out = JSON.objectNode();
    out.put("access_token", access);
    out.put("livemode", false);
    out.put("refresh_token", refresh);
    out.put("token_type", "bearer");
    out.put("stripe_publishable_key", "pk_test_" + random(24));
    out.put("stripe_user_id", account);
    out.put("scope", scope);
    if (ttl != null) {
      out.put("expires_in", ttl.toSeconds());
    }
    return send(ex, 200, out);
  }

  private int deauthorize(HttpExchange ex, String method, Map<String, List<String>> p) throws IOException {
    if (!"POST".equals(method)) {
      return oauthError(ex, 405, "invalid_request", "Use POST for /oauth/deauthorize.");
    }
    String secret = clientSecret(ex, p);
    if (secret == null || !secret.startsWith("sk_test_") || isOAuthToken(secret)) {
      return oauthError(ex, 401, "invalid_client", "Invalid client secret.");
    }
    String account = one(p, "stripe_user_id");
    String clientId = one(p, "client_id");
    Set<String> connected = clientId == null ? Set.of() : accountsByClient.getOrDefault(clientId, Set.of());
    if (account == null || !connected.contains(account)) {
      return oauthError(ex, 400, "invalid_client", "This application is not connected to stripe_user_id "
          + account + ".");
    }
    revoke(account);
    onDeauthorize.accept(account);
    ObjectNode out = JSON.objectNode();
    out.put("stripe_user_id", account);
    return send(ex, 200, out);
  }

  private static String clientSecret(HttpExchange ex, Map<String, List<String>> p) {
    String s = one(p, "client_secret");
    if (s != null) {
      return s;
    }
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null) {
      return null;
    }
    h = h.trim();
    if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return h.substring(7).trim();
    }
    if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String d = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = d.indexOf(':');
        return colon < 0 ? d : d.substring(0, colon);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  private static int oauthError(HttpExchange ex, int status, String error, String description) throws IOException {
    ObjectNode out = JSON.objectNode();
    out.put("error", error);
    out.put("error_description", description);
    return send(ex, status, out);
  }

  private static int send(HttpExchange ex, int status, ObjectNode body) throws IOException {
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    JsonAnswer.send(ex, status, JsonAnswer.bytes(body));
    return status;
  }

  private static String one(Map<String, List<String>> p, String key) {
    List<String> v = p.get(key);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String random(int n) {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
