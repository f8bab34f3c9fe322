package org.stripesql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The committed event types (what they say, and that the generator derives exactly them) and the coverage. */
class EventTypesTest {
  private final EventTypes events = EventTypes.bundled();
  private final Catalog catalog = Catalog.bundled();

  @Test
  void committedFileIsWhatTheGeneratorDerives() throws Exception {
    Path dir = BundledCatalogTest.sharedSpecDir();
    Assumptions.assumeTrue(dir != null, "skipped: ../shared/stripe-openapi/2023-08-16/spec3.json is absent, so the committed"
        + " event types cannot be re-derived here");
    String committed;
    try (var in = EventTypes.class.getResourceAsStream(EventTypes.RESOURCE)) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(committed, CatalogTool.eventTypesText(dir.resolve("spec3.json")), "event-types.json is stale: run"
        + " bin/stripesql catalog --spec " + dir.resolve("spec3.json")
        + " --event-types-out catalog/src/main/resources/org/stripesql/catalog/event-types.json");
  }

  @Test
  void everyTypeOfTheApiVersionWithItsObject() {
    assertEquals("2023-08-16", events.apiVersion());
    assertEquals(catalog.apiVersion(), events.apiVersion());
    assertTrue(events.types().size() > 188, events.types().size() + " types (2020-08-27 had 188)");
    assertEquals(List.of("customer"), events.type("customer.created").orElseThrow().objects());
    assertEquals(List.of("subscription"), events.type("customer.subscription.updated").orElseThrow().objects());
    assertEquals(List.of("dispute"), events.type("charge.dispute.created").orElseThrow().objects());
    assertEquals(List.of("issuing.card"), events.type("issuing_card.created").orElseThrow().objects());
    assertEquals(List.of("source_transaction"), events.type("source.transaction.created").orElseThrow().objects());
    assertEquals(List.of("fee_refund"), events.type("application_fee.refund.updated").orElseThrow().objects());
    assertEquals(List.of("bank_account", "card"),
        events.type("account.external_account.created").orElseThrow().objects());
  }

  @Test
  void deletesOnlyWhereTheSpecHasADeletedStub() {
    assertTrue(events.type("customer.deleted").orElseThrow().deletes());
    assertTrue(events.type("invoice.deleted").orElseThrow().deletes());
    assertFalse(events.type("customer.subscription.deleted").orElseThrow().deletes(),
        "a canceled subscription is still listed");
    assertFalse(events.type("customer.updated").orElseThrow().deletes());
  }

  @Test
  void coverageOfTheCoreTables() {
    EventCoverage customers = coverage("customers");
    assertEquals(EventCoverage.Refresh.EVENTS, customers.refresh());
    assertEquals(List.of("customer.created", "customer.deleted", "customer.updated"), customers.eventTypes());
    EventCoverage lines = coverage("invoice_lines");
    assertEquals(EventCoverage.Refresh.PARENT_EVENTS, lines.refresh());
    assertTrue(lines.eventTypes().contains("invoice.paid"));
    EventCoverage items = coverage("subscription_items");
    assertEquals(EventCoverage.Refresh.PARENT_EVENTS, items.refresh());
    assertTrue(items.eventTypes().contains("customer.subscription.updated"));
    assertEquals(EventCoverage.Refresh.PARENT_EVENTS, coverage("charge_refunds").refresh());
    assertEquals(new EventCoverage.Relist("charge", List.of("charge.refunded")), coverage("refunds").relist());
    assertNull(coverage("charges").relist());
    assertEquals(EventCoverage.Refresh.RESCAN, coverage("balance_transactions").refresh());
    assertEquals(EventCoverage.Refresh.RESCAN, coverage("balance").refresh());
    assertEquals(EventCoverage.Refresh.RESCAN, coverage("source_transactions").refresh());
    assertEquals(EventCoverage.Refresh.NOT_MIRRORED, coverage("events").refresh());
    assertEquals(EventCoverage.Refresh.NOT_MIRRORED, coverage("upcoming_invoice_lines").refresh());
  }

  @Test
  void theDocSaysHowEachTableIsKeptFresh() {
    String md = TablesDoc.markdown(catalog, events);
    assertTrue(md.contains("Mirror: kept fresh by the events `customer.created`, `customer.deleted` (deletes),"
        + " `customer.updated`."), md);
    assertTrue(md.contains("Mirror: rescanned periodically (no event carries its objects)."));
    assertTrue(md.contains("Mirror: not mirrored (it is the mirror's own feed"));
  }

  private EventCoverage coverage(String table) {
    return EventCoverage.of(catalog, events, catalog.table(table).orElseThrow());
  }
}
