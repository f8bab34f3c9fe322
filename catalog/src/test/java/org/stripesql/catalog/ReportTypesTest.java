package org.stripesql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The committed report types: the issue's five at least, each a well-formed table that clashes with none. */
class ReportTypesTest {
  private static final Set<String> PARAMETERS = Set.of("interval_start", "interval_end", "currency", "timezone",
      "columns", "reporting_category", "decimal_separator", "payout", "connected_account");

  @Test
  void theIssuesFiveAreThere() {
    ReportTypes r = ReportTypes.bundled();
    for (String id : List.of("balance.summary.1", "balance_change_from_activity.itemized.3", "payouts.itemized.3",
        "payout_reconciliation.itemized.5", "ending_balance_reconciliation.summary.1")) {
      assertTrue(r.byId(id).isPresent(), id);
    }
    assertEquals("report_balance_change_from_activity_itemized_3",
        r.byId("balance_change_from_activity.itemized.3").orElseThrow().tableName());
    assertEquals("balance_change_from_activity.itemized.3",
        r.byTable("report_balance_change_from_activity_itemized_3").orElseThrow().id());
  }

  @Test
  void everyTypeIsAWellFormedTable() {
    Catalog catalog = Catalog.bundled();
    for (ReportType t : ReportTypes.bundled().types()) {
      assertTrue(catalog.table(t.tableName()).isEmpty(), t.tableName() + " clashes with a catalog table");
      assertTrue(t.declares("interval_end") || t.required().contains("payout"), t.id() + " takes an interval end or a"
          + " payout");
      assertTrue(PARAMETERS.containsAll(t.required()) && PARAMETERS.containsAll(t.optional()), t.id());
      assertTrue(t.declares("columns"), t.id() + " takes columns: stripe-sql names them");
      assertNotNull(t.remarks(), t.id());
      Set<String> names = new HashSet<>();
      for (ReportColumn c : t.columns()) {
        assertTrue(names.add(c.name()), t.id() + " repeats " + c.name());
        assertFalse(t.parameterColumns().contains(c.name()), t.id() + "." + c.name());
        assertNotNull(c.remarks(), t.id() + "." + c.name());
      }
      t.filters().forEach((param, column) -> {
        assertTrue(t.declares(param), t.id() + " filters with " + param);
        assertTrue(names.contains(column), t.id() + " filters " + column);
      });
      for (ForeignKey k : t.foreignKeys()) {
        assertTrue(names.contains(k.column()), t.id() + "." + k.column());
        assertTrue(catalog.table(k.table()).isPresent(), t.id() + " points to " + k.table());
      }
      ApiTable table = t.toTable();
      assertEquals(TableKind.REPORT, table.kind());
      assertEquals(t.columns().size() + t.parameterColumns().size(), table.columns().size());
      for (String p : t.parameterColumns()) {
        assertFalse(table.column(p).orElseThrow().nullableInSql(), p + " is NOT NULL");
      }
      assertTrue(table.remarks().contains(t.id()), table.remarks());
    }
  }

  @Test
  void reportingCategoriesAreStripes() {
    List<String> categories = ReportTypes.bundled().parameterValues().get("reporting_category");
    assertTrue(categories.containsAll(List.of("charge", "refund", "payout", "payout_reversal", "fee")), categories
        .toString());
  }
}
