package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report table joins a mirrored table as it joins a live one: the same rows, the payouts read from the store. */
class MirroredReportJoinTest {
  static final String JOIN = "SELECT r.payout_id, r.net, p.amount FROM report_payouts_itemized_3 r"
      + " JOIN payouts p ON r.payout_id = p.id WHERE r.interval_start >= TIMESTAMP '2025-01-01 00:00:00'"
      + " AND r.interval_end <= TIMESTAMP '2025-07-01 00:00:00' AND r.reporting_category = 'payout'"
      + " ORDER BY r.payout_id";

  @TempDir
  Path dir;

  @Test
  void itemizedPayoutsJoinTheMirroredPayouts() throws Exception {
    try (MirrorFixture f = new MirrorFixture(1)) {
      f.emulator.reports().delay(Duration.ZERO);
      try (Connection m = f.mirrored("payouts", dir); Connection live = f.live()) {
        MirrorFixture.awaitLive(m, Duration.ofSeconds(120));
        StringBuilder plan = new StringBuilder();
        try (Statement s = m.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + JOIN)) {
          while (rs.next()) {
            plan.append(rs.getString(1));
          }
        }
        assertTrue(plan.toString().contains("Jdbc") && plan.toString().contains("report=payouts.itemized.3"),
            plan.toString());
        List<List<Object>> mirrored = MirrorFixture.rows(m, JOIN);
        assertTrue(mirrored.size() > 5, mirrored.size() + " payouts");
        assertEquals(MirrorFixture.rows(live, JOIN), mirrored);
        for (List<Object> r : mirrored) {
          assertEquals(0, BigDecimal.valueOf(-((Number) r.get(2)).longValue(), 2).compareTo((BigDecimal) r.get(1)),
              r.toString());
        }
      }
    }
  }
}
