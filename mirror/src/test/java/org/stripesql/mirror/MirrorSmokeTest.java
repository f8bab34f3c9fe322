package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorSmokeTest {
  @TempDir
  Path dir;

  @Test
  void loadsAndAnswersFromTheStore() throws Exception {
    try (MirrorFixture f = new MirrorFixture(1);
        Connection m = f.mirrored("customers,charges,invoice_lines", dir);
        Connection live = f.live()) {
      MirrorFixture.awaitLive(m, Duration.ofSeconds(60));
      for (String t : List.of("customers", "charges", "invoice_lines")) {
        MirrorFixture.assertSameRows(m, live, t);
      }
      String plan = MirrorFixture.rows(m, "EXPLAIN PLAN FOR SELECT status, COUNT(*) FROM charges GROUP BY status")
          .toString();
      assertTrue(plan.contains("Jdbc"), plan);
    }
  }
}
