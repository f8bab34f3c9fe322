package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tables of 2023-08-16 whose lists need a value only a query can give (issue 25): the line items of a
 * tax calculation no endpoint lists, the owners of one ownership, the secrets of one scope; and the API
 * version the emulator says it speaks.
 */
class RequiredParametersTest extends StrictEmulator {
  @Test
  void saysItsApiVersion() {
    Http.Response r = Http.get(emu, "/v1/customers?limit=1");
    assertEquals("2023-08-16", r.raw().headers().firstValue("Stripe-Version").orElseThrow());
    assertEquals("2023-08-16", StripeEmulator.API_VERSION);
    assertEquals("2023-08-16", Http.get(emu, "/v1/events?limit=1").body().path("data").get(0)
        .path("api_version").asText());
  }

  @Test
  void lineItemsOfTaxCalculationsTheDataSetMade() {
    List<ObjectNode> rows = emu.data().list("tax_calculation_line_items");
    assertFalse(rows.isEmpty());
    String calculation = emu.data().parentOf("tax_calculation_line_items", rows.get(0).path("id").asText());
    assertTrue(calculation.startsWith("taxcalc_"), calculation);
    Http.Response r = Http.get(emu, "/v1/tax/calculations/" + calculation + "/line_items?limit=100");
    assertEquals(200, r.status(), r.raw().body());
    assertEquals(emu.data().children("tax_calculation_line_items", calculation).size(), r.body().path("data").size());
    Http.Response missing = Http.get(emu, "/v1/tax/calculations/taxcalc_nothing/line_items");
    assertEquals(404, missing.status());
    assertEquals("No such tax.calculation: 'taxcalc_nothing'", missing.body().path("error").path("message").asText());
  }

  @Test
  void ownersOfOneOwnership() {
    ObjectNode owner = emu.data().list("financial_connections_account_owners").get(0);
    String account = emu.data().parentOf("financial_connections_account_owners", owner.path("id").asText());
    String ownership = owner.path("ownership").asText();
    assertEquals(ownership, emu.data().get("financial_connections_accounts", account).orElseThrow()
        .path("ownership").asText(), "an account's owners share its ownership");
    String path = "/v1/financial_connections/accounts/" + account + "/owners";
    Http.Response without = Http.get(emu, path);
    assertEquals(400, without.status());
    assertEquals("parameter_missing", without.body().path("error").path("code").asText());
    Http.Response r = Http.get(emu, path + "?limit=100&ownership=" + ownership);
    assertEquals(200, r.status(), r.raw().body());
    assertEquals(emu.data().children("financial_connections_account_owners", account).size(),
        r.body().path("data").size());
    assertEquals(0, Http.get(emu, path + "?ownership=fcaowns_other").body().path("data").size());
  }

  @Test
  void secretsOfOneScope() {
    assertEquals(400, Http.get(emu, "/v1/apps/secrets").status(), "scope is required");
    Set<String> types = new HashSet<>();
    for (String type : List.of("account", "user")) {
      Http.Response r = Http.get(emu, "/v1/apps/secrets?limit=100&" + Http.enc("scope[type]") + "=" + type);
      assertEquals(200, r.status(), r.raw().body());
      for (JsonNode s : r.body().path("data")) {
        assertEquals(type, s.path("scope").path("type").asText());
        types.add(type);
      }
    }
    assertEquals(Set.of("account", "user"), types, "the seed has secrets of both scopes");
  }
}
