package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.adapter.StripeAdapter;

/**
 * The statement that took a gateway down, {@code select count(*) from generate_series(1, 1000000000)}:
 * it used to build its billion rows while Calcite validated it, before QueryTimeout started. Now its
 * rows are made as they are read, it stops at QueryTimeout, and another session is answered meanwhile;
 * a statement that would hold more rows than its memory budget fails alone with 53200.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementLimitsOverWireTest {
  private PgFixture pg;

  @BeforeAll
  void start() throws Exception {
    pg = PgFixture.start(Map.of("QueryTimeout", "10"));
  }

  @AfterAll
  void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void aBillionGeneratedRowsStopAtQueryTimeoutWhileOtherSessionsAreAnswered() throws Exception {
    long customers = pg.emulator.data().list("customers").size();
    try (Connection honest = pg.connect(); Connection hostile = pg.connect()) {
      long before = pg.server.counters().executions();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try (Statement s = hostile.createStatement();
            ResultSet rs = s.executeQuery("select count(*) from generate_series(1, 1000000000)")) {
          rs.next();
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      t.start();
      while (pg.server.counters().executions() == before && t.isAlive()) {
        Thread.onSpinWait();   // until the hostile statement runs: it got through validation
      }
      try (Statement s = honest.createStatement(); ResultSet rs = s.executeQuery("select count(*) from customers")) {
        rs.next();
        assertEquals(customers, rs.getLong(1));
      }
      assertTrue(t.isAlive(), "the honest statement was answered while the hostile one ran");
      t.join();
      assertNotNull(failure.get(), "the billion rows were not counted to the end");
      assertTrue(failure.get().getMessage().contains("QueryTimeout"), failure.get().getMessage());
      try (Statement s = hostile.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
        assertTrue(rs.next(), "the hostile session itself goes on");
      }
    }
  }

  @Test
  void aSortOverTheMemoryBudgetFailsWith53200() throws Exception {
    long before = StripeAdapter.statementMemoryLimit();
    StripeAdapter.limitStatementMemory(1 << 20, "--max-statement-memory");
    try (Connection c = pg.connect(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("select n, n * 2 from generate_series(1, 200000) as g(n) order by n desc"));
      assertEquals("53200", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("--max-statement-memory"), e.getMessage());
      try (ResultSet rs = s.executeQuery("select n, n * 2 from generate_series(1, 200000) as g(n) order by n desc limit 3")) {
        assertTrue(rs.next(), "a top-N keeps 3 rows, not all");
        assertEquals(200_000, rs.getInt(1));
      }
    } finally {
      StripeAdapter.limitStatementMemory(before, "--max-statement-memory");
    }
  }
}
