package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * Waiting for report runs that take long: cancel stops the wait at once, QueryTimeout ends it saying the run
 * goes on, a later statement reads that run instead of starting another, and statements asking the same at
 * the same time share one run. Runs here stay pending until the test finishes them (events, not the clock).
 */
class ReportWaitTest {
  static CalciteFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new CalciteFixture(StripeEmulator.builder().seed(7).anchor(Instant.parse("2024-06-01T00:00:00Z"))
        .reportRunDelay(Duration.ofDays(1)));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  static String sql(String month) {
    return "SELECT COUNT(*) FROM report_balance_change_from_activity_itemized_3 WHERE interval_start = TIMESTAMP '"
        + month + "-01 00:00:00' AND interval_end = TIMESTAMP '" + month + "-28 00:00:00'";
  }

  static List<RecordedRequest> requests(String method, String pathStart) {
    return fx.emulator.requestLog().requests().stream()
        .filter(r -> r.method().equals(method) && r.path().startsWith(pathStart)).toList();
  }

  /** Waits until the emulator has been asked {@code n} times (the statement is polling the run then). */
  static void awaitRequests(String method, String pathStart, int n) throws InterruptedException {
    while (requests(method, pathStart).size() < n) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  @Test
  void cancelStopsTheWaitAndALaterStatementReadsTheSameRun() throws Exception {
    fx.emulator.requestLog().clear();
    try (Connection c = fx.connect(true); Statement s = c.createStatement()) {
      CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
        try (ResultSet rs = s.executeQuery(sql("2024-01"))) {
          rs.next();
          return null;
        } catch (SQLException e) {
          return e;
        }
      });
      awaitRequests("GET", "/v1/reporting/report_runs/", 1);   // created, and polled once: it is waiting
      s.cancel();
      Throwable t = outcome.get(60, TimeUnit.SECONDS);
      assertNotNull(t, "the statement was cancelled");
      assertEquals("HY008", ReportTablesTest.sqlState(t), ReportTablesTest.chain(t));
    }
    assertEquals(1, requests("POST", "/v1/reporting/report_runs").size());
    fx.emulator.reports().finishPending();
    try (Connection c = fx.connect(true)) {
      assertTrue(((Number) CalciteFixture.rows(c, sql("2024-01")).get(0).get(0)).longValue() > 0);
    }
    assertEquals(1, requests("POST", "/v1/reporting/report_runs").size(), "the cancelled statement's run was read");
  }

  @Test
  void queryTimeoutEndsTheWaitSayingTheRunGoesOn() throws Exception {
    fx.emulator.requestLog().clear();
    // runs stay pending for a day: the timeout always ends the wait; 3 s leaves a cold JVM time to plan first
    try (Connection c = fx.connect(CalciteFixture.KEY, ",\"QueryTimeout\":\"3\"")) {
      SQLException e = assertThrows(SQLException.class,
          () -> CalciteFixture.rows(c, sql("2024-02")));
      String m = ReportTablesTest.chain(e);
      assertTrue(m.contains("was still pending when the statement's QueryTimeout ran out"), m);
    }
  }

  @Test
  void statementsAskingTheSameShareOneRun() throws Exception {
    fx.emulator.requestLog().clear();
    CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> count(sql("2024-03")));
    CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> count(sql("2024-03")));
    awaitRequests("GET", "/v1/reporting/report_runs/", 2);   // both are waiting for the run
    fx.emulator.reports().finishPending();
    assertEquals(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
    assertEquals(1, requests("POST", "/v1/reporting/report_runs").size());
  }

  private static long count(String sql) {
    try (Connection c = fx.connect(true)) {
      return ((Number) CalciteFixture.rows(c, sql).get(0).get(0)).longValue();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
