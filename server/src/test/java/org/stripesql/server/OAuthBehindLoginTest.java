package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * With users configured, the OAuth web flow's pages (which replace the gateway's Stripe tokens) need a
 * login like the SQL endpoint; /health does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthBehindLoginTest {
  @TempDir
  static Path tmp;

  StripeEmulator emulator;
  StripeSqlGateway gateway;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().port(0).anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start();
    Path users = tmp.resolve("users.properties");
    UsersFile.put(users, "carol", PasswordHash.hash("carol-secret".toCharArray()));
    gateway = StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), "sk_test_behind_login"))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF)
        .security(GatewaySecurity.builder().users(users).build()).build().start();
  }

  @AfterAll
  void stop() {
    gateway.close();
    emulator.close();
  }

  private int status(String path, String user, String password) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
    if (user != null) {
      r.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void oauthPagesNeedALogin() throws Exception {
    assertEquals(401, status("/oauth/authorize", null, null));
    assertEquals(401, status("/oauth/callback?code=ac_x&state=s", null, null));
    assertEquals(401, status("/oauth/authorize", "carol", "wrong"));
    assertNotEquals(401, status("/oauth/authorize", "carol", "carol-secret"));
  }

  @Test
  void healthNeedsNone() throws Exception {
    assertEquals(200, status("/health", null, null));
  }
}
