package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * Who may connect which Stripe account through the served OAuth flow: only an admin the gateway's, a
 * user with their own model their own; a sign-in's state is its starter's only; pending sign-ins are capped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthRolesTest {
  static final String CLIENT_ID = "ca_stripesqlRoles0001";

  @TempDir
  static Path tmp;

  StripeEmulator emulator;
  StripeSqlGateway gateway;
  Path gatewaySettings;
  Path daveSettings;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  Map<String, String> connect(Path settings) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("OAuthClientId", CLIENT_ID);
    m.put("OAuthClientSecret", "sk_test_platformRoles_0000");
    m.put("connectBase", emulator.baseUrl());
    m.put("InitiateOAuth", "REFRESH");
    m.put("OAuthSettingsLocation", settings.toString());
    return m;
  }

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().port(0).anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start();
    Path users = tmp.resolve("users.properties");
    UsersFile.put(users, "ada", PasswordHash.hash("ada-secret".toCharArray()), Set.of(UsersFile.ADMIN));
    UsersFile.put(users, "carol", PasswordHash.hash("carol-secret".toCharArray()));
    UsersFile.put(users, "dave", PasswordHash.hash("dave-secret".toCharArray()));
    gatewaySettings = tmp.resolve("gateway/oauth.json");
    daveSettings = tmp.resolve("dave/oauth.json");
    gateway = StripeSqlGateway.builder()
        .model(ModelSource.stripe(emulator.baseUrl(), "sk_test_roles_gateway", connect(gatewaySettings)))
        .host("127.0.0.1").port(0)
        .security(GatewaySecurity.builder().users(users)
            .userModel("dave", ModelSource.stripe(emulator.baseUrl(), "sk_test_roles_dave", connect(daveSettings)))
            .build())
        .build().start();
  }

  @AfterAll
  void stop() {
    gateway.close();
    emulator.close();
  }

  HttpResponse<String> get(URI uri, String user) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(uri);
    if (user != null) {
      r.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + user + "-secret").getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  URI authorize() {
    return URI.create("http://127.0.0.1:" + gateway.port() + "/oauth/authorize");
  }

  /** The gateway's callback URL Stripe sends the browser to, after {@code user} started a sign-in. */
  URI approvedCallback(String user) throws Exception {
    HttpResponse<String> start = get(authorize(), user);
    assertEquals(302, start.statusCode(), start.body());
    HttpResponse<String> approved = get(URI.create(start.headers().firstValue("Location").orElseThrow()), null);
    assertEquals(302, approved.statusCode());
    return URI.create(approved.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void onlyAnAdminConnectsTheGatewaysAccount() throws Exception {
    HttpResponse<String> carol = get(authorize(), "carol");
    assertEquals(403, carol.statusCode(), carol.body());
    assertTrue(carol.body().contains("role admin"), carol.body());
    HttpResponse<String> page = get(approvedCallback("ada"), "ada");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(Files.exists(gatewaySettings));
  }

  @Test
  void aUserWithTheirOwnModelConnectsTheirOwnWithoutBeingAdmin() throws Exception {
    HttpResponse<String> page = get(approvedCallback("dave"), "dave");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(Files.exists(daveSettings));
  }

  @Test
  void aSignInsStateIsItsStartersOnly() throws Exception {
    URI callback = approvedCallback("ada");
    byte[] before = Files.exists(gatewaySettings) ? Files.readAllBytes(gatewaySettings) : null;
    HttpResponse<String> stolen = get(callback, "carol");
    assertEquals(403, stolen.statusCode(), stolen.body());
    HttpResponse<String> asDave = get(callback, "dave");
    assertEquals(403, asDave.statusCode(), "dave cannot finish ada's sign-in into his own account either");
    assertTrue(before == null ? !Files.exists(gatewaySettings)
        : Arrays.equals(before, Files.readAllBytes(gatewaySettings)), "nothing changed");
    assertEquals(200, get(callback, "ada").statusCode(), "the state still works for the one who started it");
  }

  @Test
  void pendingSignInsAreCapped() throws Exception {
    int ok = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i < OAuthHandler.MAX_PENDING_PER_USER + 1; i++) {
      last = get(authorize(), "ada");
      if (last.statusCode() == 302) {
        ok++;
      }
    }
    assertTrue(ok <= OAuthHandler.MAX_PENDING_PER_USER, "at most " + OAuthHandler.MAX_PENDING_PER_USER);
    assertEquals(429, last.statusCode(), last.body());
    assertTrue(last.headers().firstValue("Retry-After").isPresent());
    assertFalse(get(authorize(), "dave").statusCode() == 429, "other users may still start one");
  }
}
