package org.stripesql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A table keeps its columns across API versions where Stripe only moved a field (issue 25): basil
 * (2025-03-31) moved a subscription's {@code current_period_start} and {@code current_period_end} onto its
 * items. A synthetic spec of that shape ({@code basil-subscriptions-spec.json}) stands for a newer one.
 */
class FieldMovesTest {
  private static Catalog basil() throws Exception {
    return OpenApiCatalogGenerator.fromFile(
        Path.of(FieldMovesTest.class.getResource("/basil-subscriptions-spec.json").toURI()), false);
  }

  @Test
  void aNewerSpecWhereTheFieldMovedKeepsTheColumnReadingTheItems() throws Exception {
    ApiTable subscriptions = basil().table("subscriptions").orElseThrow();
    ApiColumn start = subscriptions.column("current_period_start").orElseThrow();
    assertEquals(ColumnType.TIMESTAMP, start.type());
    assertEquals(List.of("items", "data"), start.path());
    assertEquals(new Gather(List.of("current_period_start"), Gather.Combine.MIN, "2025-03-31.basil"), start.gather());
    assertEquals(Gather.Combine.MAX, subscriptions.column("current_period_end").orElseThrow().gather().combine());
    ApiFilter param = subscriptions.filter("current_period_start").orElseThrow();
    assertNull(param.column(), "Stripe's filter on a moved field may mean something else: not pushed");
    ApiColumn own = basil().table("subscription_items").orElseThrow().column("current_period_start").orElseThrow();
    assertNull(own.gather(), "the items have the field of their own");
    assertEquals(List.of("current_period_start"), own.path());
    assertTrue(TablesDoc.markdown(basil()).contains(
        "| `current_period_start` | TIMESTAMP(0) | YES | `items.data[].current_period_start` (the smallest) |"),
        "docs/tables.md says where the column reads");
  }

  @Test
  void theBuiltInCatalogReadAtBasilReadsTheMovedFieldsFromTheItems() {
    Catalog builtIn = Catalog.bundled();
    FieldMoves.Drift drift = FieldMoves.forRequests(builtIn, "2025-03-31.basil");
    assertEquals(List.of("customer_subscriptions.current_period_end", "customer_subscriptions.current_period_start",
        "subscriptions.current_period_end", "subscriptions.current_period_start"), drift.moved().stream().sorted().toList());
    ApiTable subscriptions = drift.catalog().table("subscriptions").orElseThrow();
    ApiColumn start = subscriptions.column("current_period_start").orElseThrow();
    assertEquals(List.of("items", "data"), start.path());
    assertEquals(Gather.Combine.MIN, start.gather().combine());
    assertEquals(builtIn.table("subscriptions").orElseThrow().columns().stream().map(ApiColumn::name).toList(),
        subscriptions.columns().stream().map(ApiColumn::name).toList(), "the same columns, in the same order");
    assertNull(subscriptions.filter("current_period_start").orElseThrow().column(), "no longer pushed");
    assertTrue(drift.warning().contains("StripeVersion 2025-03-31.basil differs from the catalog's API version"
        + " 2023-08-16"), drift.warning());
    assertTrue(drift.warning().contains("subscriptions.current_period_start"), drift.warning());
    assertTrue(drift.warning().contains("OpenApiSpec"), drift.warning());
  }

  @Test
  void aBasilCatalogReadAtAnOlderVersionReadsTheObjectAgain() throws Exception {
    FieldMoves.Drift drift = FieldMoves.forRequests(basil(), "2023-08-16");
    ApiColumn start = drift.catalog().table("subscriptions").orElseThrow().column("current_period_start").orElseThrow();
    assertEquals(List.of("current_period_start"), start.path());
    assertNull(start.gather());
    assertEquals(List.of("subscriptions.current_period_start", "subscriptions.current_period_end"), drift.moved());
  }

  @Test
  void theSameVersionChangesNothingAndAnotherWithoutKnownMovesStillWarns() {
    Catalog builtIn = Catalog.bundled();
    FieldMoves.Drift same = FieldMoves.forRequests(builtIn, "2023-08-16");
    assertSame(builtIn, same.catalog());
    assertNull(same.warning());
    assertNull(FieldMoves.forRequests(builtIn, null).warning());
    FieldMoves.Drift older = FieldMoves.forRequests(builtIn, "2020-08-27");
    assertSame(builtIn, older.catalog());
    assertEquals(List.of(), older.moved());
    assertTrue(older.warning().contains("Other fields Stripe changed in between are not known"), older.warning());
  }

  @Test
  void versionsCompareByTheirDate() {
    assertTrue(FieldMoves.compare("2025-03-31.basil", "2023-08-16") > 0);
    assertTrue(FieldMoves.compare("2024-12-18.acacia", "2025-03-31.basil") < 0);
    assertEquals(0, FieldMoves.compare("2025-03-31.basil", "2025-03-31"));
  }
}
