package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.spec.Operation;
import org.stripesql.emulator.spec.SpecOperations;

/**
 * What a strict emulator answers as Stripe documents it: payment methods without a customer, deleted
 * objects' stubs, unknown references, event type wildcards, lists without paging.
 */
class StripeSurprisesTest extends StrictEmulator {
  @Test
  void paymentMethodsWithoutCustomerListNothing() {
    ObjectNode pm = null;
    for (ObjectNode n : emu.data().list("payment_methods")) {
      if (n.path("customer").isTextual()) {
        pm = n;
        break;
      }
    }
    String type = pm.path("type").asText();
    String customer = pm.path("customer").asText();
    Http.Response none = Http.get(emu, "/v1/payment_methods?type=" + type);
    assertEquals(200, none.status());
    assertEquals(0, none.body().path("data").size());
    assertFalse(none.body().path("has_more").asBoolean());
    assertEquals("/v1/payment_methods", none.body().path("url").asText());
    List<String> mine = ListApiTest.scan("/v1/payment_methods?type=" + type + "&customer=" + customer);
    assertTrue(mine.contains(pm.path("id").asText()));
    assertEquals(ListApiTest.expected("payment_methods",
        n -> n.path("type").asText().equals(type) && n.path("customer").asText().equals(customer)), mine);
  }

  @Test
  void deletedObjectsAnswerTheirStubAndNoListHasThem() {
    List<String> withStubs = new ArrayList<>();
    for (ApiTable t : emu.data().catalog().tables()) {
      if (t.retrievePath() != null
          && SpecOperations.bundled().find("GET", t.retrievePath()).map(Operation::deletedStubs).orElse(false)) {
        withStubs.add(t.name());
      }
    }
    assertTrue(withStubs.containsAll(List.of("customers", "terminal_readers", "terminal_locations")), withStubs.toString());
    for (String table : withStubs) {
      List<String> deleted = emu.data().deletedIds(table);
      assertEquals(3, deleted.size(), table);
      Set<String> listed = new HashSet<>(ListApiTest.expected(table, n -> true));
      for (String id : deleted) {
        assertFalse(listed.contains(id), table + " lists " + id);
      }
    }
    String id = emu.data().deletedIds("customers").get(0);
    Http.Response r = Http.get(emu, "/v1/customers/" + id);
    assertEquals(200, r.status());
    assertEquals(Set.of("id", "object", "deleted"), fieldNames(r.body()));
    assertEquals(id, r.body().path("id").asText());
    assertEquals("customer", r.body().path("object").asText());
    assertTrue(r.body().path("deleted").asBoolean());
    assertEquals(300, ListApiTest.scan("/v1/customers").size());
    assertFalse(ListApiTest.scan("/v1/customers").contains(id));
    String reader = emu.data().deletedIds("terminal_readers").get(1);
    assertEquals("terminal.reader", Http.get(emu, "/v1/terminal/readers/" + reader).body().path("object").asText());
    assertTrue(emu.data().deletedIds("products").isEmpty(), "Stripe answers 404 for a deleted product");
  }

  private static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new HashSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void listsFilteredOnUnknownReferencesAnswerResourceMissing() {
    Http.Response r = Http.get(emu, "/v1/charges?customer=cus_typo");
    assertEquals(400, r.status());
    JsonNode err = r.body().path("error");
    assertEquals("invalid_request_error", err.path("type").asText());
    assertEquals("resource_missing", err.path("code").asText());
    assertEquals("No such customer: 'cus_typo'", err.path("message").asText());
    assertEquals("customer", err.path("param").asText());
    assertEquals("No such subscription: 'sub_typo'", Http.get(emu, "/v1/invoices?subscription=sub_typo").error());
    assertEquals(400, Http.get(emu, "/v1/payment_methods?type=card&customer=cus_typo").status());
    assertEquals(400, Http.get(emu, "/v1/subscription_items?subscription=sub_typo").status());
    // a customer that exists without charges, and a deleted one, list nothing
    Set<String> withCharges = new HashSet<>();
    emu.data().list("charges").forEach(c -> withCharges.add(c.path("customer").asText()));
    String idle = ListApiTest.expected("customers", c -> !withCharges.contains(c.path("id").asText())).get(0);
    assertEquals(List.of(), ListApiTest.scan("/v1/charges?customer=" + idle));
    assertEquals(List.of(), ListApiTest.scan("/v1/charges?customer=" + emu.data().deletedIds("customers").get(0)));
  }

  @Test
  void eventTypesTakeWildcards() {
    assertEquals(ListApiTest.expected("events", e -> e.path("type").asText().startsWith("charge.")),
        ListApiTest.scan("/v1/events?type=charge.*"));
    List<String> customerEvents = ListApiTest.scan("/v1/events?type=customer.*");
    assertEquals(ListApiTest.expected("events", e -> e.path("type").asText().startsWith("customer.")), customerEvents);
    assertTrue(ListApiTest.expected("events", e -> e.path("type").asText().startsWith("customer.subscription."))
        .stream().allMatch(customerEvents::contains), "* spans dots");
    assertEquals(ListApiTest.expected("events", e -> e.path("type").asText().endsWith(".created")),
        ListApiTest.scan("/v1/events?type=*.created"));
    assertEquals(ListApiTest.expected("events", e -> true), ListApiTest.scan("/v1/events?type=*"));
    assertEquals(ListApiTest.expected("events", e -> e.path("type").asText().equals("charge.failed")),
        ListApiTest.scan("/v1/events?type=charge.failed"));
    assertEquals(List.of(), ListApiTest.scan("/v1/events?type=charge"));
    assertEquals(List.of(), ListApiTest.scan("/v1/events?type=charge.succeede"));
  }

  @Test
  void eventTypesArrayAndDeliverySuccess() {
    Set<String> two = Set.of("invoice.paid", "charge.refunded");
    assertEquals(ListApiTest.expected("events", e -> two.contains(e.path("type").asText())),
        ListApiTest.scan("/v1/events?" + Http.enc("types[]") + "=invoice.paid&" + Http.enc("types[]")
            + "=charge.refunded"));
    assertEquals(List.of(), ListApiTest.scan("/v1/events?" + Http.enc("types[]") + "=charge.*"),
        "types lists exact names");
    Http.Response both = Http.get(emu, "/v1/events?type=charge.*&" + Http.enc("types[]") + "=invoice.paid");
    assertEquals(400, both.status());
    assertEquals("You may pass either type or types, but not both.", both.error());
    List<String> delivered = ListApiTest.scan("/v1/events?delivery_success=true");
    List<String> pending = ListApiTest.scan("/v1/events?delivery_success=false");
    assertEquals(ListApiTest.expected("events", e -> e.path("pending_webhooks").asLong() == 0), delivered);
    assertEquals(ListApiTest.expected("events", e -> e.path("pending_webhooks").asLong() > 0), pending);
    assertFalse(pending.isEmpty());
    assertEquals(500, delivered.size() + pending.size());
  }

  @Test
  void listsLeaveOutTestClockObjectsUnlessAsked() {
    List<String> all = ListApiTest.expected("quotes", q -> true);
    List<String> clockless = ListApiTest.expected("quotes", q -> !q.path("test_clock").isTextual());
    assertTrue(clockless.size() < all.size() && !clockless.isEmpty(), clockless + " of " + all);
    assertEquals(clockless, ListApiTest.scan("/v1/quotes"));
    ObjectNode withClock = emu.data().list("quotes").stream().filter(q -> q.path("test_clock").isTextual())
        .findFirst().orElseThrow();
    String clock = withClock.path("test_clock").asText();
    assertEquals(ListApiTest.expected("quotes", q -> q.path("test_clock").asText().equals(clock)),
        ListApiTest.scan("/v1/quotes?test_clock=" + clock));
    String customer = withClock.path("customer").asText();
    assertTrue(ListApiTest.scan("/v1/quotes?customer=" + customer).contains(withClock.path("id").asText()),
        "a customer's quotes include those of test clocks");
    assertEquals(200, Http.get(emu, "/v1/quotes/" + withClock.path("id").asText()).status());
  }

  @Test
  void listsWithoutDeclaredPagingReturnEveryRow() {
    int rows = emu.data().list("reporting_report_types").size();
    assertTrue(rows > 10, "more rows than a default page: " + rows);
    Http.Response r = Http.get(emu, "/v1/reporting/report_types");
    assertEquals(200, r.status());
    assertEquals(rows, r.body().path("data").size());
    assertFalse(r.body().path("has_more").asBoolean());
    ObjectNode capability = emu.data().list("account_capabilities").get(0);
    String account = emu.data().parentOf("account_capabilities", capability.path("id").asText());
    assertEquals(emu.data().children("account_capabilities", account).size(),
        Http.get(emu, "/v1/accounts/" + account + "/capabilities").body().path("data").size());
  }
}
