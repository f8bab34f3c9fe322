package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Stripe Connect OAuth in the emulator: authorize, token (both grants), deauthorize, expiry, scopes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthEmulatorTest {
  private static final String SECRET = "sk_test_platformSecret1234";
  private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private StripeEmulator emulator;

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().build().start();
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  private HttpResponse<String> authorize(String clientId, String scope, String state) throws Exception {
    String url = emulator.baseUrl() + "/oauth/authorize?response_type=code&client_id=" + clientId + "&scope=" + scope
        + "&redirect_uri=" + Http.enc("http://127.0.0.1:9/cb") + "&state=" + state;
    return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, List<String>> queryOf(String location) {
    return FormEncoding.parse(URI.create(location).getRawQuery());
  }

  private Http.Response post(String path, String form) throws Exception {
    HttpResponse<String> r = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    return new Http.Response(r.statusCode(), Http.MAPPER.readTree(r.body()), r);
  }

  private String code(String clientId, String scope) throws Exception {
    HttpResponse<String> r = authorize(clientId, scope, "st4te");
    assertEquals(302, r.statusCode());
    Map<String, List<String>> q = queryOf(r.headers().firstValue("Location").orElseThrow());
    assertEquals(List.of("st4te"), q.get("state"));
    assertEquals(List.of(scope), q.get("scope"));
    return q.get("code").get(0);
  }

  private JsonNode exchange(String code) throws Exception {
    Http.Response r = post("/oauth/token", "grant_type=authorization_code&code=" + code + "&client_secret=" + SECRET);
    assertEquals(200, r.status(), r.raw().body());
    return r.body();
  }

  @Test
  void authorizeRedirectsWithCodeAndState() throws Exception {
    HttpResponse<String> r = authorize("ca_test123", "read_only", "abc");
    assertEquals(302, r.statusCode());
    String location = r.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith("http://127.0.0.1:9/cb?"), location);
    assertTrue(queryOf(location).get("code").get(0).startsWith("ac_"), location);
  }

  @Test
  void denyingClientGetsAccessDenied() throws Exception {
    HttpResponse<String> r = authorize("ca_deny_me", "read_only", "xyz");
    Map<String, List<String>> q = queryOf(r.headers().firstValue("Location").orElseThrow());
    assertEquals(List.of("access_denied"), q.get("error"));
    assertEquals(List.of("xyz"), q.get("state"));
    assertFalse(q.containsKey("code"));
  }

  @Test
  void codesAreSingleUseAndTokensWorkOnTheApi() throws Exception {
    String code = code("ca_single", "read_only");
    JsonNode t = exchange(code);
    assertTrue(t.path("access_token").asText().startsWith("sk_test_oauth_"));
    assertTrue(t.path("refresh_token").asText().startsWith("rt_"));
    assertTrue(t.path("stripe_user_id").asText().startsWith("acct_"));
    assertEquals("read_only", t.path("scope").asText());
    assertEquals("bearer", t.path("token_type").asText());
    assertFalse(t.path("livemode").asBoolean(true));
    Http.Response again = post("/oauth/token", "grant_type=authorization_code&code=" + code + "&client_secret=" + SECRET);
    assertEquals(400, again.status());
    assertEquals("invalid_grant", again.body().path("error").asText());
    assertFalse(again.raw().body().contains(code), "the code is not echoed");
    assertEquals(200, Http.send(emulator, "GET", "/v1/customers?limit=1", "Bearer " + t.path("access_token").asText())
        .status());
  }

  @Test
  void refreshTokensRotate() throws Exception {
    JsonNode t = exchange(code("ca_rotate", "read_only"));
    String rt = t.path("refresh_token").asText();
    Http.Response r = post("/oauth/token", "grant_type=refresh_token&refresh_token=" + rt + "&client_secret=" + SECRET);
    assertEquals(200, r.status());
    assertNotEquals(rt, r.body().path("refresh_token").asText());
    assertEquals(t.path("stripe_user_id").asText(), r.body().path("stripe_user_id").asText());
    Http.Response reused = post("/oauth/token", "grant_type=refresh_token&refresh_token=" + rt + "&client_secret=" + SECRET);
    assertEquals(400, reused.status());
    assertEquals("invalid_grant", reused.body().path("error").asText());
    assertTrue(reused.body().hasNonNull("error_description"));
  }

  @Test
  void badClientSecretIsInvalidClient() throws Exception {
    Http.Response r = post("/oauth/token", "grant_type=authorization_code&code=" + code("ca_x", "read_only")
        + "&client_secret=nope");
    assertEquals(401, r.status());
    assertEquals("invalid_client", r.body().path("error").asText());
  }

  @Test
  void expiredTokensGet401Expired() throws Exception {
    try (StripeEmulator e = StripeEmulator.builder().build().start()) {
      // a separate emulator: expiring tokens must not disturb the other tests
      String url = e.baseUrl() + "/oauth/authorize?response_type=code&client_id=ca_exp&scope=read_only&redirect_uri="
          + Http.enc("http://127.0.0.1:9/cb");
      String location = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).headers().firstValue("Location").orElseThrow();
      String code = queryOf(location).get("code").get(0);
      HttpResponse<String> tr = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(e.baseUrl() + "/oauth/token"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code)).header("Authorization",
              "Bearer " + SECRET).build(), HttpResponse.BodyHandlers.ofString());
      String access = Http.MAPPER.readTree(tr.body()).path("access_token").asText();
      assertEquals(200, Http.send(e, "GET", "/v1/customers?limit=1", "Bearer " + access).status());
      e.oauth().expireAccessTokens();
      Http.Response r = Http.send(e, "GET", "/v1/customers?limit=1", "Bearer " + access);
      assertEquals(401, r.status());
      assertEquals("expired", r.body().path("error").path("code").asText());
      assertEquals(1, e.oauth().tokenRequests());
    }
  }

  @Test
  void ttlTokensCarryExpiresInAndExpire() throws Exception {
    try (StripeEmulator e = StripeEmulator.builder().build().start()) {
      e.oauth().accessTokenTtl(Duration.ofMillis(300));
      String url = e.baseUrl() + "/oauth/authorize?response_type=code&client_id=ca_ttl&redirect_uri="
          + Http.enc("http://127.0.0.1:9/cb");
      String location = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).headers().firstValue("Location").orElseThrow();
      HttpResponse<String> tr = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(e.baseUrl() + "/oauth/token"))
          .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_secret=" + SECRET + "&code="
              + queryOf(location).get("code").get(0))).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode t = Http.MAPPER.readTree(tr.body());
      assertEquals(0, t.path("expires_in").asLong(-1));
      Thread.sleep(350);
      assertFalse(e.oauth().isValidAccessToken(t.path("access_token").asText()));
    }
  }

  @Test
  void readOnlyTokensGet403OnWrites() throws Exception {
    String ro = exchange(code("ca_scopes", "read_only")).path("access_token").asText();
    String rw = exchange(code("ca_scopes", "read_write")).path("access_token").asText();
    Http.Response w = Http.send(emulator, "POST", "/v1/customers", "Bearer " + ro);
    assertEquals(403, w.status());
    assertEquals(405, Http.send(emulator, "POST", "/v1/balance_transactions", "Bearer " + rw).status(),
        "a read_write token passes the scope check; the emulator serves no such write");
    assertEquals(200, Http.send(emulator, "GET", "/v1/customers?limit=1", "Bearer " + ro).status());
  }

  @Test
  void deauthorizeRevokesTheAccountsTokens() throws Exception {
    JsonNode t = exchange(code("ca_deauth", "read_only"));
    String access = t.path("access_token").asText();
    Http.Response d = post("/oauth/deauthorize", "client_id=ca_deauth&stripe_user_id=" + t.path("stripe_user_id").asText()
        + "&client_secret=" + SECRET);
    assertEquals(200, d.status(), d.raw().body());
    assertEquals(401, Http.send(emulator, "GET", "/v1/customers?limit=1", "Bearer " + access).status());
    Http.Response r = post("/oauth/token", "grant_type=refresh_token&refresh_token=" + t.path("refresh_token").asText()
        + "&client_secret=" + SECRET);
    assertEquals("invalid_grant", r.body().path("error").asText());
  }

  @Test
  void tokenRequestsAreLoggedWithoutSecrets() throws Exception {
    String code = code("ca_logged", "read_only");
    exchange(code);
    List<RecordedRequest> token = emulator.requestLog().requests().stream()
        .filter(r -> r.path().equals("/oauth/token")).toList();
    assertFalse(token.isEmpty());
    for (RecordedRequest r : emulator.requestLog().requests()) {
      assertFalse(r.query().toString().contains(code), r.toString());
      assertFalse(r.query().toString().contains(SECRET), r.toString());
    }
  }
}
