package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.emulator.RecordedRequest;

/** Parallel time-sliced scans return exactly the rows of sequential ones, in the same order. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParallelScanTest {
  static final String SEQUENTIAL = ",\"MaxConcurrency\":\"1\"";
  static final String PARALLEL = ",\"MaxConcurrency\":\"16\"";
  CalciteFixture fx;

  @BeforeAll
  void start() throws Exception {
    fx = new CalciteFixture(3);
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  @BeforeEach
  void clean() {
    fx.emulator.faults().reset();
    fx.emulator.requestLog().clear();
  }

  @Test
  void timeline() throws Exception {
    if (System.getenv("SCAN_DEBUG") == null) {
      return;
    }
    fx.emulator.faults().latency(java.time.Duration.ofMillis(300)).stripeLimits(true);
    try (Connection par = fx.connect(CalciteFixture.KEY, ",\"EndpointRateLimit\":\"25\",\"RateLimit\":\"100\"")) {
      for (int i = 0; i < 2; i++) {
        fx.emulator.requestLog().clear();
        long t0 = System.nanoTime();
        int n = CalciteFixture.rows(par, "select id from charges").size();
        System.err.println("TIMELINE " + n + " rows " + (System.nanoTime() - t0) / 1e6 + " ms");
        List<RecordedRequest> log = fx.emulator.requestLog().requests();
        long s0 = log.stream().mapToLong(RecordedRequest::arrivedNanos).min().orElse(0);
        for (RecordedRequest r : log) {
          System.err.println("  " + (r.arrivedNanos() - s0) / 1000000 + "ms " + r.status() + " " + r.path() + " " + r.query());
        }
      }
    }
  }

  @Test
  void explainChild() throws Exception {
    try (Connection par = fx.connect(CalciteFixture.KEY, PARALLEL)) {
      for (String sql : List.of("select l.id, l.amount from invoices i join invoice_lines l on l.invoice = i.id where i.status = 'paid'",
          "select id, amount from invoice_lines where invoice in (select id from invoices where status = 'paid')")) {
        System.err.println(CalciteFixture.rows(par, "explain plan for " + sql));
        fx.emulator.requestLog().clear();
        long t0 = System.nanoTime();
        int n = CalciteFixture.rows(par, sql).size();
        System.err.println(n + " rows " + fx.emulator.requestLog().size() + " requests " + (System.nanoTime() - t0) / 1e6 + " ms");
      }
    }
  }

  @Test
  void fullScansEqualSequentialScansInOrder() throws Exception {
    try (Connection seq = fx.connect(CalciteFixture.KEY, SEQUENTIAL);
        Connection par = fx.connect(CalciteFixture.KEY, PARALLEL)) {
      for (String table : List.of("charges", "invoices", "customers", "events")) {
        String sql = "select id, created from " + table;
        List<List<Object>> expected = CalciteFixture.rows(seq, sql);
        fx.emulator.requestLog().clear();
        List<List<Object>> actual = CalciteFixture.rows(par, sql);
        List<RecordedRequest> log = fx.emulator.requestLog().requests();
        int pages = (expected.size() + 99) / 100;
        System.err.println(table + ": " + expected.size() + " rows, " + pages + " pages, " + log.size() + " requests");
        if (System.getenv("SCAN_DEBUG") != null) {
          long t0 = log.get(0).arrivedNanos();
          for (RecordedRequest r : log) {
            System.err.println("  " + (r.arrivedNanos() - t0) / 1000000 + "ms " + r.path() + " " + r.query());
          }
        }
        assertEquals(expected.size(), actual.size(), table);
        assertEquals(expected, actual, table);
      }
    }
  }
}
