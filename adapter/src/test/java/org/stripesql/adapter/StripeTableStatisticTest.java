package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.util.ImmutableBitSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stripesql.catalog.ApiTable;

/** The keys and row estimates the Calcite tables state to the planner, and the descriptions they carry. */
class StripeTableStatisticTest {
  private static CalciteFixture fx;
  private static Connection conn;
  private static SchemaPlus stripe;

  @BeforeAll
  static void start() throws Exception {
    fx = new CalciteFixture(1);
    conn = fx.connect(true);
    stripe = conn.unwrap(CalciteConnection.class).getRootSchema().subSchemas().get("stripe");
  }

  @AfterAll
  static void stop() throws Exception {
    conn.close();
    fx.close();
  }

  private static StripeTable table(String name) {
    return (StripeTable) stripe.tables().get(name);
  }

  private static ImmutableBitSet columns(ApiTable t, String... names) {
    ImmutableBitSet.Builder b = ImmutableBitSet.builder();
    for (String n : names) {
      b.set(t.columnIndex(n));
    }
    return b.build();
  }

  @Test
  void primaryKeysAreUniqueKeys() {
    fx.emulator.requestLog().clear();
    StripeTable charges = table("charges");
    Statistic s = charges.getStatistic();
    assertTrue(s.isKey(columns(charges.definition(), "id")));
    assertEquals(List.of(columns(charges.definition(), "id")), s.getKeys());
    assertEquals(StripeCost.TABLE_ROWS, s.getRowCount());
    assertTrue(s.getReferentialConstraints() == null || s.getReferentialConstraints().isEmpty(),
        "foreign keys are not promised to the planner");

    StripeTable lines = table("invoice_lines");
    assertTrue(lines.getStatistic().isKey(columns(lines.definition(), "invoice", "id")));
    assertFalse(lines.getStatistic().isKey(columns(lines.definition(), "id")), "ids are unique per invoice only");
    assertTrue(lines.getStatistic().getRowCount() > StripeCost.TABLE_ROWS, "a child: rows per parent");

    assertEquals(List.of(), table("balance").getStatistic().getKeys(), "rows are array entries: no key");
    assertEquals(0, fx.emulator.requestLog().size());
  }

  @Test
  void theBundledCatalogIsDescribed() {
    ApiTable customers = table("customers").definition();
    assertEquals("This object represents a customer of your business.", customers.remarks());
    assertEquals("The customer's email address.", customers.column("email").orElseThrow().remarks());
  }
}
