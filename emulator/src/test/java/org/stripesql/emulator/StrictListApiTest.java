package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The list endpoints of a strict emulator page, order and filter exactly as a lenient one: the same tests,
 * but for the three answers strict mode gives as Stripe does.
 */
class StrictListApiTest extends ListApiTest {
  @BeforeAll
  static void start() throws Exception {
    emu = StripeEmulator.builder().strict(true).build().start();
  }

  @Test
  @Override
  void unknownCursorIs404() {
    for (String cursor : List.of("starting_after", "ending_before")) {
      Http.Response r = Http.get(emu, "/v1/customers?" + cursor + "=cus_nope");
      assertEquals(400, r.status(), "a parameter names the object: 400, not the 404 of a path's object");
      assertEquals("resource_missing", r.body().path("error").path("code").asText());
      assertEquals("No such customer: 'cus_nope'", r.error());
      assertEquals(cursor, r.param());
    }
    Http.Response both = Http.get(emu, "/v1/customers?starting_after=a&ending_before=b");
    assertEquals(400, both.status());
    assertEquals("Received both starting_after and ending_before parameters. Please pass in only one.", both.error());
  }

  @Test
  @Override
  void enumValuesAreValidatedAndRequiredFiltersEnforced() {
    Http.Response r = Http.get(emu, "/v1/invoices?status=lost");
    assertEquals(400, r.status());
    assertEquals("status", r.param());
    assertTrue(r.error().startsWith("Invalid status: must be one of "), r.error());
    Http.Response none = Http.get(emu, "/v1/payment_methods?type=card&limit=100");
    assertEquals(200, none.status());
    assertEquals(List.of(), ids(none.body()), "without customer Stripe lists no payment method");
    assertEquals(List.of(), ids(Http.get(emu, "/v1/payment_methods").body()), "type is optional");
    String customer = emu.data().list("payment_methods").stream().filter(n -> n.path("customer").isTextual())
        .findFirst().orElseThrow().path("customer").asText();
    assertEquals(expected("payment_methods", n -> n.path("customer").asText().equals(customer)),
        scan("/v1/payment_methods?customer=" + customer), "every type of the customer's");
  }

  @Test
  @Override
  void subscriptionStatusFollowsStripe() {
    assertEquals(expected("subscriptions", n -> !n.path("status").asText().equals("canceled")),
        scan("/v1/subscriptions"));
    assertEquals(expected("subscriptions", n -> true), scan("/v1/subscriptions?status=all"));
    String cus = null;
    for (ObjectNode s : emu.data().list("subscriptions")) {
      if (s.path("status").asText().equals("canceled")) {
        cus = s.path("customer").asText();
        break;
      }
    }
    assertEquals(400, Http.get(emu, "/v1/customers/" + cus + "/subscriptions?status=all").status(),
        "the spec declares no status on a customer's subscriptions");
    assertEquals(emu.data().children("customer_subscriptions", cus).stream()
        .filter(n -> !n.path("status").asText().equals("canceled")).map(n -> n.path("id").asText()).toList(),
        scan("/v1/customers/" + cus + "/subscriptions"));
  }
}
