package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * Parallel reads return exactly the rows of sequential ones, in the same order: time-sliced full scans
 * (also with many objects in one second, slices split again, faults and 429s, LIMIT), child tables, IN
 * lists and ids; a cancelled or closed scan stops its requests; statements share the account's budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParallelScanTest {
  static final String SEQUENTIAL = ",\"MaxConcurrency\":\"1\"";
  static final String PARALLEL = ",\"MaxConcurrency\":\"16\"";
  /**
   * A page's round trip in the tests that check slicing: long enough for slices to save time (a list
   * answered in a millisecond or two is read one page after another), short enough for quick tests.
   */
  static final Duration SLICING_LATENCY = Duration.ofMillis(50);
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

  /** Each statement's rows in parallel equal its rows read sequentially, in the same order. */
  void sameRows(CalciteFixture f, String parallelOperands, String... statements) throws Exception {
    try (Connection seq = f.connect(CalciteFixture.KEY, SEQUENTIAL);
        Connection par = f.connect(CalciteFixture.KEY, parallelOperands)) {
      for (String sql : statements) {
        List<List<Object>> expected = CalciteFixture.rows(seq, sql);
        List<List<Object>> actual = CalciteFixture.rows(par, sql);
        assertTrue(!expected.isEmpty(), sql);
        assertEquals(expected.size(), actual.size(), sql);
        assertEquals(expected, actual, sql);
      }
    }
  }

  @Test
  void fullScansEqualSequentialScansInOrder() throws Exception {
    fx.emulator.faults().latency(SLICING_LATENCY);
    sameRows(fx, PARALLEL, "select id, created from charges", "select id, created from invoices",
        "select id, created from customers", "select id, type from events");
  }

  @Test
  void manyObjectsInOneSecondNeverLandInTwoSlices() throws Exception {
    try (CalciteFixture coarse = new CalciteFixture(StripeEmulator.builder().seed(7).scale(3)
        .anchor(Instant.parse("2024-06-01T00:00:00Z")).createdGranularity(30L * 86_400))) {
      List<ObjectNode> charges = coarse.emulator.data().list("charges");
      long seconds = charges.stream().map(o -> o.path("created").asLong()).distinct().count();
      assertTrue(charges.size() / seconds > 100, charges.size() + " charges in " + seconds + " seconds");
      coarse.emulator.faults().latency(SLICING_LATENCY);
      sameRows(coarse, PARALLEL, "select id, created from charges", "select id from charges where created >= "
          + "timestamp '2023-06-01 00:00:00'");
    }
  }

  @Test
  void slicesThatRunLongAreSplitAgainAtTheirCursor() throws Exception {
    fx.emulator.faults().latency(SLICING_LATENCY.multipliedBy(2));   // slices of two pages are worth a reader
    sameRows(fx, PARALLEL, "select id from charges");
    // a split slice asks for its next page from the same cursor with a higher lower bound
    Map<String, String> lowerByCursor = new HashMap<>();
    boolean split = false;
    for (RecordedRequest r : fx.emulator.requestLog().requests()) {
      List<String> gte = r.query().get("created[gte]");
      List<String> after = r.query().get("starting_after");
      if (gte != null && after != null) {
        String key = after.get(0);
        split |= lowerByCursor.containsKey(key) && !lowerByCursor.get(key).equals(gte.get(0));
        lowerByCursor.put(key, gte.get(0));
      }
    }
    List<String> lte = fx.emulator.requestLog().requests().stream().filter(r -> r.query().containsKey("created[lt]"))
        .map(r -> r.query().get("created[lt]").get(0) + "/" + r.query().getOrDefault("created[gte]", List.of("")).get(0))
        .collect(Collectors.toList());
    assertTrue(split || hasRaisedLowerBound(lte), "some slice was split at its cursor: " + lte);
  }

  /** Whether requests with one upper bound came with different lower bounds: a slice cut again. */
  private static boolean hasRaisedLowerBound(List<String> upperSlashLower) {
    Map<String, String> seen = new HashMap<>();
    for (String s : upperSlashLower) {
      String[] p = s.split("/", -1);
      if (seen.containsKey(p[0]) && !seen.get(p[0]).equals(p[1])) {
        return true;
      }
      seen.put(p[0], p[1]);
    }
    return false;
  }

  @Test
  void faultsAnd429sLoseAndRepeatNoRow() throws Exception {
    fx.emulator.faults().seed(21).rateLimit(0.2).serverErrors(0.05).dropConnections(0.02).latency(SLICING_LATENCY);
    sameRows(fx, PARALLEL + ",\"RetryBaseMillis\":\"1\",\"MaxRetries\":\"12\"", "select id, created from charges",
        "select id from invoices");
    assertTrue(fx.emulator.requestLog().faulted().size() > 10, "faults were injected");
  }

  @Test
  void limitStopsEarly() throws Exception {
    fx.emulator.faults().latency(SLICING_LATENCY);
    sameRows(fx, PARALLEL, "select id from charges limit 250",
        "select id, created from charges order by created desc limit 450");
    fx.emulator.requestLog().clear();
    try (Connection par = fx.connect(CalciteFixture.KEY, PARALLEL)) {
      assertEquals(250, CalciteFixture.rows(par, "select id from charges limit 250").size());
    }
    assertTrue(fx.emulator.requestLog().size() <= 12, "36 pages, 3 needed: " + fx.emulator.requestLog().size());
  }

  @Test
  void childTablesInListsAndIdsInParallel() throws Exception {
    List<ObjectNode> charges = fx.emulator.data().list("charges");
    String customers = charges.stream().limit(40).map(o -> "'" + o.path("customer").asText() + "'").distinct()
        .limit(6).collect(Collectors.joining(", "));
    String ids = charges.stream().skip(5).limit(9).map(o -> "'" + o.path("id").asText() + "'")
        .collect(Collectors.joining(", "));
    String invoices = fx.emulator.data().list("invoices").stream().limit(30).map(o -> "'" + o.path("id").asText() + "'")
        .collect(Collectors.joining(", "));
    try (CalciteFixture small = new CalciteFixture(1)) {
      sameRows(small, PARALLEL, "select id, invoice from invoice_lines");   // every invoice's lines
    }
    sameRows(fx, PARALLEL, "select id, amount from charges where customer in (" + customers + ")",
        "select id, amount from charges where id in (" + ids + ")",
        "select id, invoice from invoice_lines where invoice in (" + invoices + ")",
        "select i.id, l.id from invoices i join invoice_lines l on l.invoice = i.id where i.customer in ("
            + customers + ")");
  }

  /**
   * The query forms of issue 12 read in parallel as sequentially: per-owner lists, deleted stubs among ids,
   * an unknown reference among fanned-out values, child lookups by id with and without their parents,
   * event type patterns (each event once), lists that omit test-clock objects.
   */
  @Test
  void exactQueryFormsReadInParallelAsSequentially() throws Exception {
    String customer = fx.emulator.data().list("charges").get(17).path("customer").asText();
    String deleted = fx.emulator.data().deletedIds("customers").get(0);
    String living = fx.emulator.data().list("customers").stream().limit(5).map(o -> "'" + o.path("id").asText() + "'")
        .collect(Collectors.joining(", "));
    List<ObjectNode> refunds = fx.emulator.data().list("charge_refunds").subList(0, 6);
    String refundIds = refunds.stream().map(o -> "'" + o.path("id").asText() + "'").collect(Collectors.joining(", "));
    String refundCharges = refunds.stream()
        .map(o -> "'" + fx.emulator.data().parentOf("charge_refunds", o.path("id").asText()) + "'")
        .distinct().collect(Collectors.joining(", "));
    sameRows(fx, PARALLEL, "select id, type, customer from payment_methods",
        "select id, email from customers where id in ('" + deleted + "', " + living + ")",
        "select id, amount from charges where customer in ('cus_typo', '" + customer + "', 'cus_typo2')",
        "select id, charge, amount from charge_refunds where id in (" + refundIds + ")",
        "select id, charge, amount from charge_refunds where id in (" + refundIds + ") and charge in ("
            + refundCharges + ")",
        "select id, type from events where type in ('charge.succeeded', 'charge.*')",
        "select id, test_clock from customers", "select id, status from subscriptions");
  }

  @Test
  void cancelStopsEveryRequestInFlight() throws Exception {
    fx.emulator.faults().latency(Duration.ofMillis(150));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection c = fx.connect(CalciteFixture.KEY, PARALLEL); Statement s = c.createStatement()) {
      long[] read = {0};
      Future<?> running = pool.submit(() -> {
        try (ResultSet rs = s.executeQuery("select id from charges")) {
          while (rs.next()) {
            read[0]++;
          }
        }
        return null;
      });
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (read[0] < 300 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      s.cancel();
      Exception e = assertThrows(Exception.class, () -> running.get(30, TimeUnit.SECONDS));
      assertTrue(ResilienceTest.fullMessage(e).toLowerCase(Locale.ROOT).contains("cancel"), ResilienceTest.fullMessage(e));
    } finally {
      pool.shutdownNow();
    }
    assertQuiet();
  }

  @Test
  void closingMidScanStopsEveryRequestInFlight() throws Exception {
    fx.emulator.faults().latency(Duration.ofMillis(150));
    try (Connection c = fx.connect(CalciteFixture.KEY, PARALLEL); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select id from charges")) {
      for (int i = 0; i < 250; i++) {
        assertTrue(rs.next());
      }
    }
    assertQuiet();
    assertTrue(fx.emulator.requestLog().size() < 36, "stopped before all 36 pages");
  }

  /** No request arrives once the statement has stopped (allowing those already on their way). */
  private void assertQuiet() throws InterruptedException {
    Thread.sleep(400);
    int settled = fx.emulator.requestLog().size();
    Thread.sleep(600);
    assertEquals(settled, fx.emulator.requestLog().size(), "requests after the statement stopped");
  }

  @Test
  void twoStatementsOnOneAccountShareItsBudget() throws Exception {
    int limit = 10;
    fx.emulator.faults().endpointRequestsPerSecond(limit).requestsPerSecond(limit);
    String operands = PARALLEL + ",\"RateLimit\":\"" + limit + "\",\"EndpointRateLimit\":\"" + limit + "\"";
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> scans = new ArrayList<>();
      for (String table : List.of("charges", "invoices")) {
        scans.add(pool.submit(() -> {
          try (Connection c = fx.connect("sk_test_shared_budget_1", operands)) {
            return CalciteFixture.rows(c, "select id from " + table).size();
          }
        }));
      }
      assertEquals(fx.emulator.data().list("charges").size(), scans.get(0).get(120, TimeUnit.SECONDS));
      assertEquals(fx.emulator.data().list("invoices").size(), scans.get(1).get(120, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    // Counts, not timing: a loaded machine may send requests late and so bunch them, never early. The
    // statements share the account's 10/s, so all their requests together take about requests/10 seconds
    // (two budgets would send twice as fast, and the emulator's limit would answer many 429s).
    List<RecordedRequest> log = fx.emulator.requestLog().requests();
    long throttled = log.stream().filter(r -> r.status() == 429).count();
    long first = log.stream().mapToLong(RecordedRequest::arrivedNanos).min().orElse(0);
    long last = log.stream().mapToLong(RecordedRequest::arrivedNanos).max().orElse(0);
    double seconds = (last - first) / 1e9;
    assertTrue(log.size() > 3 * limit, "enough requests to measure: " + log.size());
    assertTrue(throttled <= 2, throttled + " requests got 429");
    assertTrue(log.size() <= limit * (seconds + 1) + limit / 5 + 1, log.size() + " requests in " + seconds
        + " s; limit " + limit + "/s (a second of slack for requests sent late)");
    int peak = fx.emulator.requestLog().maxInWindow(TimeUnit.SECONDS.toNanos(2));
    assertTrue(peak <= 3 * limit, "peak " + peak + " requests in two seconds; limit " + limit + "/s");
  }
}
