package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write endpoints: Stripe-shaped answers, the data they change, and the events they emit. */
class WriteApiTest {
  private StripeEmulator emu;

  @BeforeEach
  void start() throws Exception {
    emu = StripeEmulator.builder().build().start();
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void customerLifecycleEmitsCreatedUpdatedDeleted() {
    String newest = newestEventId();
    Http.Response created = Http.write(emu, "POST", "/v1/customers",
        "email=" + Http.enc("ada@example.com") + "&name=Ada&metadata[plan]=gold");
    assertEquals(200, created.status(), created.raw().body());
    String id = created.body().path("id").asText();
    assertTrue(id.startsWith("cus_"), id);
    assertEquals("gold", created.body().path("metadata").path("plan").asText());
    assertEquals(id, Http.get(emu, "/v1/customers?limit=1").body().path("data").get(0).path("id").asText(),
        "the newest customer is listed first");

    Http.Response updated = Http.write(emu, "POST", "/v1/customers/" + id, "metadata[plan]=silver&name=Ada L");
    assertEquals("silver", updated.body().path("metadata").path("plan").asText());
    Http.Response deleted = Http.write(emu, "DELETE", "/v1/customers/" + id, null);
    assertTrue(deleted.body().path("deleted").asBoolean());
    assertTrue(Http.get(emu, "/v1/customers/" + id).body().path("deleted").asBoolean(), "Stripe's deleted stub");
    assertFalse(Http.get(emu, "/v1/customers?limit=100").raw().body().contains(id), "no longer listed");

    List<JsonNode> events = eventsAfter(newest);
    assertEquals(List.of("customer.created", "customer.updated", "customer.deleted"),
        events.stream().map(e -> e.path("type").asText()).toList());
    JsonNode update = events.get(1);
    assertEquals("Ada L", update.path("data").path("object").path("name").asText());
    assertEquals("gold", update.path("data").path("previous_attributes").path("metadata").path("plan").asText());
    assertEquals("Ada", update.path("data").path("previous_attributes").path("name").asText());
    assertEquals(id, events.get(2).path("data").path("object").path("id").asText());
    assertTrue(events.get(0).path("created").asLong() >= Http.get(emu, "/v1/events?limit=100").body()
        .path("data").get(99).path("created").asLong());
  }

  @Test
  void chargeRefundAndItsEventsBeforeAcacia() {
    String newest = newestEventId();
    String customer = Http.get(emu, "/v1/customers?limit=1").body().path("data").get(0).path("id").asText();
    Http.Response charge = Http.write(emu, "POST", "/v1/charges", "amount=2500&currency=usd&customer=" + customer);
    assertEquals(200, charge.status(), charge.raw().body());
    String chargeId = charge.body().path("id").asText();
    assertEquals("succeeded", charge.body().path("status").asText());
    Http.Response refund = Http.write(emu, "POST", "/v1/refunds", "charge=" + chargeId + "&amount=1000");
    assertEquals(200, refund.status(), refund.raw().body());
    String refundId = refund.body().path("id").asText();
    assertEquals(1000, Http.get(emu, "/v1/charges/" + chargeId).body().path("amount_refunded").asLong());
    assertEquals(refundId, Http.get(emu, "/v1/charges/" + chargeId + "/refunds").body().path("data").get(0)
        .path("id").asText());
    assertEquals(refundId, Http.get(emu, "/v1/refunds?charge=" + chargeId).body().path("data").get(0)
        .path("id").asText());
    assertEquals(List.of("charge.succeeded", "charge.refunded"),
        eventsAfter(newest).stream().map(e -> e.path("type").asText()).toList());
    Http.Response tooMuch = Http.write(emu, "POST", "/v1/refunds", "charge=" + chargeId + "&amount=5000");
    assertEquals(400, tooMuch.status());
    assertEquals("amount", tooMuch.param());
    assertEquals("amount", Http.write(emu, "POST", "/v1/charges", "currency=usd").param());
    assertEquals("parameter_unknown", Http.write(emu, "POST", "/v1/charges", "amount=1&currency=usd&colour=red")
        .body().path("error").path("code").asText());
  }

  @Test
  void subscriptionStatusChangesAndInvoicePayment() {
    String newest = newestEventId();
    JsonNode trialing = first("/v1/subscriptions?status=trialing&limit=1");
    String sub = trialing.path("id").asText();
    Http.Response active = Http.write(emu, "POST", "/v1/subscriptions/" + sub, "trial_end=now");
    assertEquals("active", active.body().path("status").asText(), active.raw().body());
    Http.Response canceled = Http.write(emu, "DELETE", "/v1/subscriptions/" + sub, null);
    assertEquals("canceled", canceled.body().path("status").asText());
    assertEquals("canceled", Http.get(emu, "/v1/subscriptions/" + sub).body().path("status").asText());

    String draft = first("/v1/invoices?status=draft&limit=1").path("id").asText();
    assertEquals("open", Http.write(emu, "POST", "/v1/invoices/" + draft + "/finalize", null).body()
        .path("status").asText());
    Http.Response paid = Http.write(emu, "POST", "/v1/invoices/" + draft + "/pay", null);
    assertEquals("paid", paid.body().path("status").asText());
    assertEquals(0, paid.body().path("amount_remaining").asLong());
    List<JsonNode> events = eventsAfter(newest);
    assertEquals(List.of("customer.subscription.updated", "customer.subscription.deleted", "invoice.finalized",
        "invoice.payment_succeeded", "invoice.paid"), events.stream().map(e -> e.path("type").asText()).toList());
    assertEquals("trialing", events.get(0).path("data").path("previous_attributes").path("status").asText());
    JsonNode paidEvents = Http.get(emu, "/v1/events?type=invoice.paid&created[gte]="
        + events.get(4).path("created").asLong()).body().path("data");
    assertEquals(events.get(4).path("id").asText(), paidEvents.get(0).path("id").asText(), "filtered by type");
  }

  @Test
  void eventsOlderThan30DaysLeaveTheListAndCannotBeRetrieved() {
    String old = newestEventId();
    assertEquals(200, Http.get(emu, "/v1/events/" + old).status());
    emu.advanceClock(Duration.ofDays(31));
    assertEquals(0, Http.get(emu, "/v1/events?limit=100").body().path("data").size());
    assertEquals(404, Http.get(emu, "/v1/events/" + old).status());
    Http.Response after = Http.get(emu, "/v1/events?ending_before=" + old);
    // Stripe answers a cursor naming an object it no longer has as a parameter error (400 resource_missing).
    assertEquals(400, after.status(), "a cursor past the retention is an error, never an empty page");
    assertEquals("resource_missing", after.body().path("error").path("code").asText());
    assertEquals("ending_before", after.body().path("error").path("param").asText());
    Http.Response created = Http.write(emu, "POST", "/v1/customers", "name=Later");
    assertEquals(1, Http.get(emu, "/v1/events?limit=100").body().path("data").size());
    assertTrue(Http.get(emu, "/v1/events?limit=1").body().path("data").get(0).path("created").asLong()
        >= created.body().path("created").asLong());
  }

  @Test
  void heldEventsBecomeVisibleLateInTheirPlace() {
    String newest = newestEventId();
    emu.holdEvents();
    String id = Http.write(emu, "POST", "/v1/customers", "name=Late").body().path("id").asText();
    emu.advanceClock(Duration.ofSeconds(5));
    Http.write(emu, "POST", "/v1/customers/" + id, "name=Later");
    assertTrue(eventsAfter(newest).isEmpty(), "held events are not listed");
    emu.releaseHeldEvent(1);
    emu.releaseHeldEvent(0);
    List<JsonNode> events = eventsAfter(newest);
    assertEquals(List.of("customer.created", "customer.updated"),
        events.stream().map(e -> e.path("type").asText()).toList(), "listed by created, not by release");
  }

  private JsonNode first(String pathAndQuery) {
    JsonNode data = Http.get(emu, pathAndQuery).body().path("data");
    assertFalse(data.isEmpty(), pathAndQuery);
    return data.get(0);
  }

  private String newestEventId() {
    return first("/v1/events?limit=1").path("id").asText();
  }

  /** The events after {@code cursor}, oldest first, read as a poller would (ending_before). */
  private List<JsonNode> eventsAfter(String cursor) {
    List<JsonNode> out = new ArrayList<>();
    String before = cursor;
    while (true) {
      Http.Response r = Http.get(emu, "/v1/events?limit=3&ending_before=" + before);
      assertEquals(200, r.status(), r.raw().body());
      List<JsonNode> page = new ArrayList<>();
      r.body().path("data").forEach(page::add);
      for (int i = page.size() - 1; i >= 0; i--) {
        out.add(page.get(i));
      }
      if (!r.body().path("has_more").asBoolean() || page.isEmpty()) {
        return out;
      }
      before = page.get(0).path("id").asText();
    }
  }
}
