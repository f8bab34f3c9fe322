package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.TableKind;

/** A strict emulator checks every request against the operation Stripe's spec declares, with Stripe's errors. */
class StrictValidationTest extends StrictEmulator {
  private static JsonNode rejected(String pathAndQuery, String code, String param) {
    Http.Response r = Http.get(emu, pathAndQuery);
    assertEquals(400, r.status(), pathAndQuery + ": " + r.raw().body());
    JsonNode err = r.body().path("error");
    assertEquals("invalid_request_error", err.path("type").asText(), pathAndQuery);
    assertEquals(code, err.path("code").asText(null), pathAndQuery);
    assertEquals(param, err.path("param").asText(null), pathAndQuery);
    return err;
  }

  private static void accepted(String pathAndQuery) {
    Http.Response r = Http.get(emu, pathAndQuery);
    assertEquals(200, r.status(), pathAndQuery + ": " + r.raw().body());
  }

  private static String customerId() {
    return emu.data().list("customers").get(0).path("id").asText();
  }

  @Test
  void unknownParametersGetStripesError() {
    JsonNode err = rejected("/v1/customers?foo=1", "parameter_unknown", "foo");
    assertEquals("Received unknown parameter: foo", err.path("message").asText());
    assertEquals("https://stripe.com/docs/error-codes/parameter-unknown", err.path("doc_url").asText());
    rejected("/v1/charges?customerr=cus_1", "parameter_unknown", "customerr");
    rejected("/v1/customers/" + customerId() + "?limit=3", "parameter_unknown", "limit");
    rejected("/v1/balance?limit=1", "parameter_unknown", "limit");
    rejected("/v1/charges/search?query=" + Http.enc("amount>1") + "&created=1", "parameter_unknown", "created");
  }

  @Test
  void pagingParametersOnlyWhereDeclared() {
    String connected = emu.data().list("accounts").get(0).path("id").asText();
    for (String p : new String[] {"/v1/accounts/" + connected + "/capabilities", "/v1/reporting/report_types"}) {
      accepted(p);
      rejected(p + "?limit=100", "parameter_unknown", "limit");
      rejected(p + "?starting_after=x", "parameter_unknown", "starting_after");
      rejected(p + "?ending_before=x", "parameter_unknown", "ending_before");
    }
    String account = emu.data().list("account").get(0).path("id").asText();
    rejected("/v1/accounts/" + account + "/capabilities?limit=100", "parameter_unknown", "limit");
  }

  @Test
  void customerSubscriptionsDeclareNoStatus() {
    String path = "/v1/customers/" + customerId() + "/subscriptions";
    accepted(path);
    rejected(path + "?status=all", "parameter_unknown", "status");
  }

  @Test
  void enumsAreTheSpecs() {
    JsonNode err = rejected("/v1/subscriptions?status=bogus", null, "status");
    assertTrue(err.path("message").asText().startsWith("Invalid status: must be one of "), err.toString());
    assertTrue(err.path("message").asText().contains(" ended, "), err.toString());
    for (String s : new String[] {"all", "ended", "canceled", "active", "incomplete_expired"}) {
      accepted("/v1/subscriptions?status=" + s);
    }
    rejected("/v1/payment_methods?type=bogus&customer=" + customerId(), null, "type");
    rejected("/v1/invoices?collection_method=by_hand", null, "collection_method");
  }

  @Test
  void requiredParameters() {
    JsonNode err = rejected("/v1/setup_attempts", "parameter_missing", "setup_intent");
    assertEquals("Missing required param: setup_intent.", err.path("message").asText());
    accepted("/v1/payment_methods?customer=" + customerId());
    rejected("/v1/customers/search", "parameter_missing", "query");
    rejected("/v1/subscription_items", "parameter_missing", "subscription");
  }

  @Test
  void valueTypes() {
    JsonNode err = rejected("/v1/customers?limit=abc", "parameter_invalid_integer", "limit");
    assertEquals("Invalid integer: abc", err.path("message").asText());
    rejected("/v1/customers?" + Http.enc("created[gte]") + "=yesterday", "parameter_invalid_integer", "created[gte]");
    rejected("/v1/customers?created=soon", "parameter_invalid_integer", "created");
    rejected("/v1/customers?" + Http.enc("created[after]") + "=1", "parameter_unknown", "created[after]");
    rejected("/v1/customers?" + Http.enc("created[gte][x]") + "=1", "parameter_unknown", "created[gte]");
    accepted("/v1/customers?created=1700000000&" + Http.enc("created[lt]") + "=1800000000");
    assertEquals("Invalid boolean: maybe",
        rejected("/v1/events?delivery_success=maybe", null, "delivery_success").path("message").asText());
    accepted("/v1/events?delivery_success=false");
    rejected("/v1/customers?" + Http.enc("email[x]") + "=a", "parameter_unknown", "email[x]");
  }

  @Test
  void arraysAndHashes() {
    assertEquals("Invalid array",
        rejected("/v1/charges?expand=data.customer", null, "expand").path("message").asText());
    accepted("/v1/charges?" + Http.enc("expand[]") + "=data.customer");
    accepted("/v1/charges?" + Http.enc("expand[0]") + "=data.customer&" + Http.enc("expand[1]") + "=data.invoice");
    rejected("/v1/charges?" + Http.enc("expand[x]") + "=data.customer", null, "expand");
    String persons = "/v1/accounts/" + emu.data().list("accounts").get(0).path("id").asText() + "/persons";
    accepted(persons + "?" + Http.enc("relationship[owner]") + "=true");
    assertEquals("Invalid hash", rejected(persons + "?relationship=true", null, "relationship")
        .path("message").asText());
    rejected(persons + "?" + Http.enc("relationship[boss]") + "=true", "parameter_unknown", "relationship[boss]");
    rejected(persons + "?" + Http.enc("relationship[owner]") + "=yes", null, "relationship[owner]");
    rejected("/v1/events?" + Http.enc("type]") + "=x", "parameter_unknown", "type]");
  }

  @Test
  void emptyValuesAreAttemptsToUnset() {
    JsonNode err = rejected("/v1/customers?email=", "parameter_invalid_empty", "email");
    assertEquals("You passed an empty string for 'email'. We assume empty values are an attempt to unset a"
        + " parameter; however 'email' cannot be unset. You should remove 'email' from your request or supply a"
        + " non-empty value.", err.path("message").asText());
    rejected("/v1/customers?starting_after=", "parameter_invalid_empty", "starting_after");
  }

  @Test
  void anEmptyListFilterIsRefusedInEitherModeAndOnEveryRoute() throws Exception {
    Map<String, String> refused = new LinkedHashMap<>();   // request, the parameter Stripe names
    refused.put("/v1/charges?customer=", "customer");
    refused.put("/v1/invoices?subscription=", "subscription");
    refused.put("/v1/subscriptions?status=", "status");
    refused.put("/v1/payment_methods?customer=" + customerId() + "&type=", "type");
    refused.put("/v1/events?type=", "type");
    refused.put("/v1/customers?email=", "email");
    refused.put("/v1/subscription_items?subscription=", "subscription");
    refused.put("/v1/prices?currency=", "currency");
    try (StripeEmulator lenient = StripeEmulator.builder().strict(false).build().start()) {
      for (StripeEmulator e : List.of(emu, lenient)) {
        for (Map.Entry<String, String> c : refused.entrySet()) {
          Http.Response r = Http.get(e, c.getKey());
          String param = c.getValue();
          assertEquals(400, r.status(), c.getKey() + ": " + r.raw().body());
          assertEquals("invalid_request_error", r.body().path("error").path("type").asText(), c.getKey());
          assertEquals("parameter_invalid_empty", r.body().path("error").path("code").asText(), c.getKey());
          assertEquals(param, r.body().path("error").path("param").asText(), c.getKey());
          assertEquals("You passed an empty string for '" + param + "'. We assume empty values are an attempt to"
              + " unset a parameter; however '" + param + "' cannot be unset. You should remove '" + param
              + "' from your request or supply a non-empty value.", r.body().path("error").path("message").asText());
        }
      }
    }
    Catalog bundled = Catalog.bundled();
    ApiTable products = bundled.table("products").orElseThrow();
    List<ApiTable> tables = new ArrayList<>(bundled.tables());
    tables.add(new ApiTable("widgets", TableKind.LIST, "product", "/v1/widgets", null, null, products.columns(),
        products.filters(), null, null, null));
    try (StripeEmulator e = StripeEmulator.builder().catalog(new Catalog(bundled.format(), bundled.apiVersion(), tables))
        .build().start()) {
      assertEquals("parameter_invalid_empty", Http.get(e, "/v1/widgets?active=").body().path("error").path("code")
          .asText(), "a route the spec does not declare refuses empty values too");
    }
  }

  @Test
  void declaredParametersTheCatalogDoesNotUseAreAccepted() {
    String pi = emu.data().list("payment_intents").isEmpty() ? null
        : emu.data().list("payment_intents").get(0).path("id").asText();
    if (pi != null) {
      accepted("/v1/payment_intents/" + pi + "?client_secret=" + pi + "_secret_x");
    }
  }

  @Test
  void aRouteOnlyACustomCatalogHasIsCheckedAgainstTheCatalog() throws Exception {
    Catalog bundled = Catalog.bundled();
    ApiTable products = bundled.table("products").orElseThrow();
    ApiTable widgets = new ApiTable("widgets", TableKind.LIST, "product", "/v1/widgets", null, null,
        products.columns(), products.filters(), null, null, null);
    List<ApiTable> tables = new ArrayList<>(bundled.tables());
    tables.add(widgets);
    Catalog custom = new Catalog(bundled.format(), bundled.apiVersion(), tables);
    try (StripeEmulator e = StripeEmulator.builder().strict(true).catalog(custom).build().start()) {
      assertEquals(200, Http.get(e, "/v1/widgets?limit=5&active=true").status());
      Http.Response unknown = Http.get(e, "/v1/widgets?colour=red");
      assertEquals(400, unknown.status());
      assertEquals("colour", unknown.param());
      assertEquals(400, Http.get(e, "/v1/reporting/report_types?limit=5").status(), "declared routes stay strict");
    }
  }

  @Test
  void theDefaultEmulatorIsLenient() throws Exception {
    try (StripeEmulator lenient = StripeEmulator.builder().build().start()) {
      assertEquals(StripeEmulator.DEFAULT_STRICT ? 400 : 200,
          Http.get(lenient, "/v1/reporting/report_types?limit=100").status());
    }
  }
}
