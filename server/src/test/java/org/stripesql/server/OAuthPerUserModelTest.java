package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * The served OAuth flow connects the account of the logged-in user's own model: a user with a model
 * of their own (here the only one with Stripe Connect configured) signs in to it and their settings
 * file gets the tokens; a user on the gateway's model (no Connect) is told OAuth is not configured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthPerUserModelTest {
  static final String CLIENT_ID = "ca_stripesqlPerUser01";

  @TempDir
  static Path tmp;

  StripeEmulator emulator;
  StripeSqlGateway gateway;
  Path daveSettings;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().port(0).anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start();
    Path users = tmp.resolve("users.properties");
    UsersFile.put(users, "carol", PasswordHash.hash("carol-secret".toCharArray()));
    UsersFile.put(users, "dave", PasswordHash.hash("dave-secret".toCharArray()));
    daveSettings = tmp.resolve("dave/oauth-settings.json");
    Map<String, String> dave = new LinkedHashMap<>();
    dave.put("OAuthClientId", CLIENT_ID);
    dave.put("OAuthClientSecret", "sk_test_platformOfDave_0000");
    dave.put("connectBase", emulator.baseUrl());
    dave.put("InitiateOAuth", "REFRESH");
    dave.put("OAuthSettingsLocation", daveSettings.toString());
    gateway = StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), "sk_test_gateway_own"))
        .host("127.0.0.1").port(0)
        .security(GatewaySecurity.builder().users(users)
            .userModel("dave", ModelSource.stripe(emulator.baseUrl(), "sk_test_dave_own_key", dave)).build())
        .build().start();
  }

  @AfterAll
  void stop() {
    gateway.close();
    emulator.close();
  }

  private HttpResponse<String> get(URI uri, String user, String password) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(uri);
    if (user != null) {
      r.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aUserWithTheirOwnModelConnectsTheirOwnAccount() throws Exception {
    URI base = URI.create("http://127.0.0.1:" + gateway.port());
    HttpResponse<String> authorize = get(base.resolve("/oauth/authorize"), "dave", "dave-secret");
    assertEquals(302, authorize.statusCode(), authorize.body());
    URI stripe = URI.create(authorize.headers().firstValue("Location").orElseThrow());
    assertTrue(stripe.toString().startsWith(emulator.baseUrl() + "/oauth/authorize?"), stripe.toString());
    assertTrue(stripe.getRawQuery().contains("client_id=" + CLIENT_ID), "dave's model's client id: " + stripe);

    HttpResponse<String> approved = get(stripe, null, null);   // the emulator approves at once
    assertEquals(302, approved.statusCode());
    URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> page = get(callback, "dave", "dave-secret");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("is connected"), page.body());
    JsonNode stored = new ObjectMapper().readTree(Files.readString(daveSettings));
    assertTrue(emulator.oauth().isValidAccessToken(stored.path("access_token").asText()),
        "the tokens went to dave's own settings file");
  }

  @Test
  void aUserOnTheGatewaysModelSeesItsConfiguration() throws Exception {
    URI base = URI.create("http://127.0.0.1:" + gateway.port());
    HttpResponse<String> authorize = get(base.resolve("/oauth/authorize"), "carol", "carol-secret");
    assertEquals(404, authorize.statusCode(), "the gateway's model has no Stripe Connect: " + authorize.body());
    assertFalse(authorize.body().contains(CLIENT_ID), authorize.body());
  }
}
