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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Connect platform in the emulator: {@code /v1/accounts} lists the connected accounts, each with data and
 * id of its own; {@code Stripe-Account} (or an OAuth token of the account) reads one; an account the key
 * cannot act on is Stripe's 403 {@code account_invalid}; their events carry {@code account}; each account
 * has its own rate limits; accounts connect and disconnect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectedAccountsTest {
  private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private StripeEmulator emu;

  @BeforeAll
  void start() throws Exception {
    emu = StripeEmulator.builder().connectedAccounts(3).build().start();
  }

  @AfterAll
  void stop() {
    emu.close();
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("data").forEach(o -> out.add(o.path("id").asText()));
    return out;
  }

  @Test
  void thePlatformListsItsConnectedAccountsEachWithItsOwnIdAndName() {
    List<String> connected = emu.connectedAccounts();
    assertEquals(3, connected.size());
    assertEquals(3, new HashSet<>(connected).size());
    assertFalse(connected.contains(emu.platformAccountId()));
    Http.Response list = Http.get(emu, "/v1/accounts?limit=100");
    assertEquals(200, list.status());
    assertEquals(new HashSet<>(connected), new HashSet<>(ids(list.body())));
    for (JsonNode a : list.body().path("data")) {
      assertEquals(emu.connectedAccountNames().get(a.path("id").asText()),
          a.path("business_profile").path("name").asText());
    }
    // each account is itself: its /v1/account, its own name
    String first = connected.get(0);
    Http.Response own = Http.get(emu, first, "/v1/account");
    assertEquals(first, own.body().path("id").asText());
    assertEquals("Connected shop 1", own.body().path("business_profile").path("name").asText());
    assertEquals(emu.platformAccountId(), Http.get(emu, "/v1/account").body().path("id").asText());
  }

  @Test
  void stripeAccountSelectsTheAccountsOwnData() {
    Set<String> seen = new HashSet<>();
    List<String> platformCharges = ids(Http.get(emu, "/v1/charges?limit=5").body());
    for (String account : emu.connectedAccounts()) {
      List<String> charges = ids(Http.get(emu, account, "/v1/charges?limit=5").body());
      List<String> expected = emu.data(account).list("charges").subList(0, 5).stream()
          .map(o -> o.path("id").asText()).toList();
      assertEquals(expected, charges, account);
      assertNotEquals(platformCharges, charges);
      assertTrue(seen.addAll(charges), "every account's charges are its own");
      String id = charges.get(0);
      assertEquals(200, Http.get(emu, account, "/v1/charges/" + id).status());
      assertEquals(404, Http.get(emu, "/v1/charges/" + id).status(), "not the platform's object");
    }
    // a connected account has no connected accounts of its own
    assertEquals(List.of(), ids(Http.get(emu, emu.connectedAccounts().get(0), "/v1/accounts").body()));
  }

  @Test
  void anAccountTheKeyCannotActOnIsStripesAccountInvalid() {
    Http.Response r = Http.get(emu, "acct_1NotConnectedXyz", "/v1/charges?limit=1");
    assertEquals(403, r.status());
    JsonNode error = r.body().path("error");
    assertEquals("account_invalid", error.path("code").asText());
    assertEquals("invalid_request_error", error.path("type").asText());
    assertEquals("https://stripe.com/docs/error-codes/account-invalid", error.path("doc_url").asText());
    assertEquals("The provided key 'sk_test_****1234' does not have access to account 'acct_1NotConnectedXyz'"
        + " (or that account does not exist). Application access may have been revoked.", r.error());
  }

  /** An emulator that is no platform is one account: its key may name that account only. */
  @Test
  void anAccountWithoutConnectedAccountsRefusesAnyOtherStripeAccount() throws Exception {
    try (StripeEmulator single = StripeEmulator.builder().build().start()) {
      String own = Http.get(single, "/v1/account").body().path("id").asText();
      assertEquals(200, Http.get(single, own, "/v1/charges?limit=1").status(), "its own id");
      Http.Response r = Http.get(single, "acct_1SomeoneElseXyz", "/v1/charges?limit=1");
      assertEquals(403, r.status());
      assertEquals("account_invalid", r.body().path("error").path("code").asText());
    }
  }

  @Test
  void eventsOfAConnectedAccountNameItThePlatformsDoNot() {
    String account = emu.connectedAccounts().get(1);
    JsonNode events = Http.get(emu, account, "/v1/events?limit=20").body().path("data");
    assertTrue(events.size() > 0);
    events.forEach(e -> assertEquals(account, e.path("account").asText(), e.toString()));
    Http.get(emu, "/v1/events?limit=20").body().path("data")
        .forEach(e -> assertTrue(e.path("account").isMissingNode() || e.path("account").isNull()));
    // a write on the account emits an event that names it, in the account's own list only
    Http.Response made = Http.send(emu, "POST", "/v1/customers", "Bearer " + Http.KEY, "email=a%40b.c", account);
    assertEquals(200, made.status());
    String customer = made.body().path("id").asText();
    JsonNode newest = Http.get(emu, account, "/v1/events?limit=1").body().path("data").get(0);
    assertEquals(customer, newest.path("data").path("object").path("id").asText());
    assertEquals(account, newest.path("account").asText());
    assertTrue(emu.data(account).get("customers", customer).isPresent());
    assertTrue(emu.data().get("customers", customer).isEmpty());
  }

  @Test
  void theRequestLogNamesTheAccountARequestWasFor() {
    emu.requestLog().clear();
    String account = emu.connectedAccounts().get(2);
    Http.get(emu, account, "/v1/customers?limit=1");
    Http.get(emu, "/v1/customers?limit=1");
    List<RecordedRequest> log = emu.requestLog().requests();
    assertEquals(2, log.size());
    assertEquals(account, log.get(0).account());
    assertEquals(null, log.get(1).account());
  }

  @Test
  void eachAccountHasRateLimitsOfItsOwn() {
    try (StripeEmulator limited = StripeEmulator.builder().connectedAccounts(2).build()) {
      limited.start();
      limited.faults().requestsPerSecond(1);
      String a = limited.connectedAccounts().get(0);
      String b = limited.connectedAccounts().get(1);
      assertEquals(200, Http.get(limited, a, "/v1/customers?limit=1").status());
      Http.Response again = Http.get(limited, a, "/v1/customers?limit=1");
      assertEquals(429, again.status(), "the account's bucket of one request a second is empty");
      assertEquals("global-rate", again.raw().headers().firstValue("Stripe-Rate-Limited-Reason").orElse(""));
      assertEquals(200, Http.get(limited, b, "/v1/customers?limit=1").status(), "another account's is full");
      assertEquals(200, Http.get(limited, "/v1/customers?limit=1").status(), "and so is the platform's");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void accountsConnectAndDisconnect() {
    try (StripeEmulator e = StripeEmulator.builder().connectedAccounts(1).build()) {
      e.start();
      String first = e.connectedAccounts().get(0);
      String added = e.connectAccount();
      assertEquals(List.of(first, added), e.connectedAccounts());
      assertTrue(ids(Http.get(e, "/v1/accounts").body()).contains(added));
      assertEquals(200, Http.get(e, added, "/v1/charges?limit=1").status());
      assertEquals("Connected shop 2", Http.get(e, added, "/v1/account").body().path("business_profile")
          .path("name").asText());
      assertTrue(e.disconnectAccount(first));
      assertEquals(List.of(added), ids(Http.get(e, "/v1/accounts").body()));
      Http.Response gone = Http.get(e, first, "/v1/charges?limit=1");
      assertEquals(403, gone.status());
      assertEquals("account_invalid", gone.body().path("error").path("code").asText());
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Test
  void oauthConnectsTheConnectedAccountsAndTheirTokensReadThem() throws Exception {
    String secret = "sk_test_platformSecret1234";
    Set<String> connectedThroughOAuth = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      String url = emu.baseUrl() + "/oauth/authorize?response_type=code&client_id=ca_platform1&scope=read_only"
          + "&redirect_uri=" + Http.enc("http://127.0.0.1:9/cb");
      HttpResponse<String> r = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      String code = FormEncoding.parse(URI.create(r.headers().firstValue("Location").orElseThrow()).getRawQuery())
          .get("code").get(0);
      HttpResponse<String> t = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/oauth/token"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code + "&client_secret="
              + secret)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode token = Http.MAPPER.readTree(t.body());
      String account = token.path("stripe_user_id").asText();
      assertTrue(emu.connectedAccounts().contains(account), account);
      assertTrue(connectedThroughOAuth.add(account), "each sign-in connects the next account");
      String bearer = "Bearer " + token.path("access_token").asText();
      Http.Response own = Http.send(emu, "GET", "/v1/account", bearer);
      assertEquals(account, own.body().path("id").asText());
      List<String> charges = ids(Http.send(emu, "GET", "/v1/charges?limit=3", bearer).body());
      assertEquals(ids(Http.get(emu, account, "/v1/charges?limit=3").body()), charges);
      String other = emu.connectedAccounts().stream().filter(a -> !a.equals(account)).findFirst().orElseThrow();
      assertEquals(403, Http.send(emu, "GET", "/v1/charges?limit=1", bearer, null, other).status(),
          "an account's token reads no other account");
    }
  }
}
