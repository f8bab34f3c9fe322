package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restricted keys as Stripe has them: a key reads and writes only the resources its permissions name
 * (write implies read), every path under a resource needs that resource's permission, and a refusal is
 * Stripe's 403 naming the permission that would allow the request, with the key shown redacted.
 */
class RestrictedKeysTest {
  static final String CHARGES_ONLY = "rk_test_chargesOnly1234";
  static final String CUSTOMER_WRITER = "rk_test_customerWriter99";
  static final String NOTHING = "rk_test_nothingAtAll777";
  static StripeEmulator emu;

  @BeforeAll
  static void start() throws Exception {
    emu = StripeEmulator.builder()
        .restrictedKey(CHARGES_ONLY, "rak_charge_read")
        .restrictedKey(CUSTOMER_WRITER, "rak_customer_write", "rak_invoice_read")
        .restrictedKey(NOTHING)
        .build().start();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  private static Http.Response get(String key, String path) {
    return Http.send(emu, "GET", path, "Bearer " + key);
  }

  @Test
  void aPermissionReadsItsResourceOnly() {
    assertEquals(200, get(CHARGES_ONLY, "/v1/charges?limit=3").status());
    String charge = emu.data().list("charges").get(0).path("id").asText();
    assertEquals(200, get(CHARGES_ONLY, "/v1/charges/" + charge).status());
    Http.Response refused = get(CHARGES_ONLY, "/v1/customers?limit=3");
    assertEquals(403, refused.status());
    String message = refused.body().path("error").path("message").asText();
    assertEquals("invalid_request_error", refused.body().path("error").path("type").asText());
    assertTrue(message.contains("'rak_customer_read' permission would allow this request to continue"), message);
    assertTrue(message.contains("does not have the required permissions for this endpoint on account 'acct_"),
        message);
    assertFalse(message.contains(CHARGES_ONLY), "the key is shown redacted: " + message);
    assertTrue(message.contains("1234"), message);
  }

  @Test
  void searchAndChildListsNeedTheirResourcesPermission() {
    assertEquals(200, get(CHARGES_ONLY, "/v1/charges/search?query=" + Http.enc("amount>0")).status());
    assertEquals(403, get(CHARGES_ONLY, "/v1/customers/search?query=" + Http.enc("email:'x'")).status());
    String invoice = emu.data().list("invoices").get(0).path("id").asText();
    assertEquals(200, get(CUSTOMER_WRITER, "/v1/invoices/" + invoice + "/lines").status());
    Http.Response lines = get(CHARGES_ONLY, "/v1/invoices/" + invoice + "/lines");
    assertEquals(403, lines.status());
    assertTrue(lines.body().path("error").path("message").asText().contains("'rak_invoice_read'"));
  }

  @Test
  void writeImpliesReadAndReadIsNoWrite() {
    assertEquals(200, get(CUSTOMER_WRITER, "/v1/customers?limit=1").status());
    assertEquals(200, Http.send(emu, "POST", "/v1/customers", "Bearer " + CUSTOMER_WRITER, "email=a%40b.c").status());
    Http.Response refused = Http.send(emu, "POST", "/v1/charges", "Bearer " + CHARGES_ONLY,
        "amount=100&currency=usd&source=tok_visa");
    assertEquals(403, refused.status());
    assertTrue(refused.body().path("error").path("message").asText().contains("'rak_charge_write'"));
  }

  @Test
  void aKeyWithoutPermissionsReadsNothingButOtherKeysEverything() {
    assertEquals(403, get(NOTHING, "/v1/charges?limit=1").status());
    assertEquals(403, get(NOTHING, "/v1/events?limit=1").status());
    assertEquals(403, get(NOTHING, "/v1/balance").status());
    assertEquals(200, get("rk_test_unconfiguredKey42", "/v1/customers?limit=1").status());
    assertEquals(200, get(Http.KEY, "/v1/customers?limit=1").status());
  }

  @Test
  void anUnknownPathIsStill404ForARestrictedKey() {
    assertEquals(404, get(NOTHING, "/v1/no_such_things").status());
  }
}
