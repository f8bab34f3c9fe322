package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * The client against a misbehaving emulator over loopback HTTP with the real okhttp client: retries
 * that resume from the same cursor, Stripe-Should-Retry, timeouts, retry exhaustion, statement budgets,
 * cancellation, and the retry log lines. Retry waits are shortened with RetryBaseMillis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResilienceTest {
  static final String KEY = "sk_test_resilience_0123456789";
  /** Sequential reads (MaxConcurrency 1): the tests follow one request after another; ParallelScanTest the rest. */
  static final String FAST = ",\"RetryBaseMillis\":\"1\",\"RateLimit\":\"10000\",\"SearchRateLimit\":\"10000\","
      + "\"MaxConcurrency\":\"1\"";

  StripeEmulator emulator;
  CalciteFixture fx;
  ListAppender<ILoggingEvent> logs;

  @BeforeAll
  void start() throws Exception {
    fx = new CalciteFixture(2);
    emulator = fx.emulator;
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  @BeforeEach
  void clean() {
    emulator.faults().reset();
    emulator.requestLog().clear();
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(StripeClient.class)).addAppender(logs);
  }

  @AfterEach
  void detach() {
    ((Logger) LoggerFactory.getLogger(StripeClient.class)).detachAppender(logs);
    emulator.faults().reset();
  }

  Connection connect(String extra) throws SQLException {
    return fx.connect(KEY, FAST + extra);
  }

  List<String> ids(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1) + "|" + rs.getString(2));
      }
    }
    return out;
  }

  List<String> expected(String table, String column) {
    List<String> out = new ArrayList<>();
    for (ObjectNode o : emulator.data().list(table)) {
      out.add(o.path("id").asText() + "|" + (o.path(column).isNull() || o.path(column).isMissingNode() ? null
          : o.path(column).asText()));
    }
    out.sort(null);
    return out;
  }

  @Test
  void fullScansUnderFaultsReturnExactlyTheEmulatorsRows() throws Exception {
    String[][] tables = {{"charges", "amount"}, {"invoices", "status"}, {"events", "type"}};
    for (String[] t : tables) {
      assertTrue(emulator.data().list(t[0]).size() >= 1000, t[0] + " has 1,000+ rows");
    }
    for (long seed : new long[] {11, 12, 13}) {
      emulator.requestLog().clear();
      logs.list.clear();
      emulator.faults().reset().seed(seed).rateLimit(0.20).serverErrors(0.05).dropConnections(0.02);
      int pages = 0;
      try (Connection c = connect(",\"MaxRetries\":\"12\"")) {
        for (String[] t : tables) {
          List<String> actual = ids(c, "select id, " + t[1] + " from " + t[0] + " order by id");
          assertEquals(expected(t[0], t[1]), actual, t[0] + " with fault seed " + seed);
          pages += (emulator.data().list(t[0]).size() + 99) / 100;
        }
      }
      List<RecordedRequest> log = emulator.requestLog().requests();
      assertEquals(pages, emulator.requestLog().served().size(), "one served request per page, seed " + seed);
      assertTrue(log.stream().anyMatch(r -> "rate_limit".equals(r.fault())), "429s injected");
      assertTrue(log.stream().anyMatch(r -> "server_error".equals(r.fault())), "500s injected");
      assertTrue(log.stream().anyMatch(r -> "drop".equals(r.fault()) && r.status() == 0), "drops injected");
      // A retried page asks for the same cursor: every faulted request is followed by the same request.
      for (int i = 0; i < log.size() - 1; i++) {
        if (!log.get(i).served()) {
          assertEquals(log.get(i).path(), log.get(i + 1).path());
          assertEquals(log.get(i).query(), log.get(i + 1).query(), "retry of request " + i);
        }
      }
      assertEquals(log.size() - pages, retryLines().size(), "one log line per retry");
    }
  }

  @Test
  void retryLinesNameStatusRequestIdAndWaitButNoKey() throws Exception {
    emulator.faults().seed(5).rateLimit(0.5);
    try (Connection c = connect("")) {
      assertEquals(emulator.data().list("customers").size(),
          CalciteFixture.rows(c, "select id from customers").size());
    }
    List<String> lines = retryLines();
    assertFalse(lines.isEmpty());
    for (String line : lines) {
      assertTrue(line.matches("Stripe HTTP 429 rate_limit on GET /v1/customers \\(Request-Id req_[A-Za-z0-9]+\\):"
          + " retry \\d of 5 in \\d+ ms"), line);
      assertFalse(line.contains("sk_test"), line);
    }
  }

  @Test
  void retryAfterIsHonoured() throws Exception {
    emulator.faults().seed(3).rateLimit(0.5).retryAfter(Duration.ofSeconds(1));
    try (Connection c = connect("")) {
      CalciteFixture.rows(c, "select id from customers limit 150");
    }
    List<String> lines = retryLines();
    assertFalse(lines.isEmpty());
    for (String line : lines) {
      long wait = Long.parseLong(line.replaceAll(".* in (\\d+) ms$", "$1"));
      assertTrue(wait >= 1000, "Retry-After: 1 means at least 1000 ms, not " + line);
    }
  }

  @Test
  void shouldRetryFalseIsNotRetried() throws Exception {
    emulator.faults().nonRetryableErrors(1.0);
    try (Connection c = connect("")) {
      SQLException e = assertThrows(SQLException.class, () -> CalciteFixture.rows(c, "select id from customers"));
      String m = fullMessage(e);
      assertTrue(m.contains("HTTP 500"), m);
      assertTrue(m.contains("Request-Id req_"), m);
      assertTrue(m.contains("[type=api_error"), m);
    }
    assertEquals(1, emulator.requestLog().size(), emulator.requestLog().requests().toString());
    assertTrue(retryLines().isEmpty());
  }

  @Test
  void retriesStopAtMaxRetriesWithStripesWords() throws Exception {
    emulator.faults().serverErrors(1.0);
    try (Connection c = connect(",\"MaxRetries\":\"2\"")) {
      SQLException e = assertThrows(SQLException.class, () -> CalciteFixture.rows(c, "select id from charges"));
      String m = fullMessage(e);
      assertTrue(m.contains("Stripe returned HTTP 500 for GET /v1/charges"), m);
      assertTrue(m.contains("gave up after 2 retries"), m);
      assertTrue(m.contains("Request-Id req_"), m);
    }
    assertEquals(3, emulator.requestLog().size());
    assertEquals(2, retryLines().size());
  }

  @Test
  void stalledRequestTimesOutAndIsRetried() throws Exception {
    // Seed 3 draws 0.73, 0.07, 0.07, 0.77, ...: with half the requests stalled, the second and third stall.
    emulator.faults().seed(3).stall(Duration.ofSeconds(20), 0.5);
    try (Connection c = connect(",\"Timeout\":\"0.3\",\"MaxRetries\":\"10\"")) {
      assertEquals(expected("customers", "email"), ids(c, "select id, email from customers order by id"));
    }
    List<RecordedRequest> log = emulator.requestLog().requests();
    long stalls = log.stream().filter(r -> "stall".equals(r.fault())).count();
    assertTrue(stalls >= 2, log.toString());
    assertTrue(retryLines().stream().anyMatch(l -> l.startsWith("Stripe timeout on GET /v1/customers")),
        retryLines().toString());
    assertEquals((emulator.data().list("customers").size() + 99) / 100, emulator.requestLog().served().size());
  }

  @Test
  void closingAResultMidScanStopsRequests() throws Exception {
    try (Connection c = connect(""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select id from charges")) {
      assertTrue(rs.next());
    }
    assertEquals(1, emulator.requestLog().size(), "charges has 24 pages; only the first was read");
  }

  @Test
  void cancelStopsRetries() throws Exception {
    emulator.faults().serverErrors(1.0);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection c = fx.connect(KEY, ",\"RetryBaseMillis\":\"200\",\"MaxRetries\":\"100\",\"RateLimit\":\"1000\"");
        Statement s = c.createStatement()) {
      Future<?> running = pool.submit(() -> {
        try (ResultSet rs = s.executeQuery("select id from charges")) {
          while (rs.next()) {
            // read
          }
        }
        return null;
      });
      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (emulator.requestLog().size() < 2 && System.nanoTime() < waitUntil) {
        Thread.sleep(10);
      }
      s.cancel();
      Exception e = assertThrows(Exception.class, () -> running.get(30, TimeUnit.SECONDS));
      assertTrue(fullMessage(e).toLowerCase(Locale.ROOT).contains("cancel"), fullMessage(e));
    } finally {
      pool.shutdownNow();
    }
    int made = emulator.requestLog().size();
    assertTrue(made >= 2 && made < 12, "the cancelled statement stopped retrying: " + made + " requests");
  }

  @Test
  void maxPagesPerQueryStopsAStatement() throws Exception {
    try (Connection c = connect(",\"MaxPagesPerQuery\":\"3\"")) {
      // Calcite passes the adapter's exception through ResultSet.next() as it is; the gateway adds a SQLSTATE.
      Exception e = assertThrows(Exception.class, () -> CalciteFixture.rows(c, "select id from charges"));
      assertTrue(fullMessage(e).contains("MaxPagesPerQuery (3 Stripe requests)"), fullMessage(e));
      assertEquals(3, emulator.requestLog().size());
      // The budget is per statement: the next statement has its own.
      assertEquals(250, CalciteFixture.rows(c, "select id from charges limit 250").size());
    }
  }

  @Test
  void queryTimeoutStopsAStatement() throws Exception {
    emulator.faults().latency(Duration.ofMillis(300));
    try (Connection c = connect(",\"QueryTimeout\":\"0.5\"")) {
      Exception e = assertThrows(Exception.class, () -> CalciteFixture.rows(c, "select id from charges"));
      assertTrue(fullMessage(e).contains("longer than QueryTimeout"), fullMessage(e));
    }
    assertTrue(emulator.requestLog().size() < 24, "stopped before the 24 pages");
  }

  @Test
  void badOperandsAreRejected() {
    for (String bad : new String[] {",\"MaxRetries\":\"-1\"", ",\"Timeout\":\"0\"", ",\"RateLimit\":\"fast\"",
        ",\"MaxPagesPerQuery\":\"1.5\"", ",\"QueryTimeout\":\"x\"", ",\"SearchRateLimit\":\"0\""}) {
      Exception e = assertThrows(Exception.class, () -> fx.connect(KEY, bad).close(), bad);
      String name = bad.substring(2, bad.indexOf('"', 2));
      assertTrue(fullMessage(e).contains("operand " + name + " must be"), fullMessage(e));
    }
  }

  List<String> retryLines() {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent ev : logs.list) {
      if (ev.getFormattedMessage().contains(": retry ")) {
        out.add(ev.getFormattedMessage());
      }
    }
    return out;
  }

  static String fullMessage(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getMessage()).append('\n');
    }
    assertNotNull(e);
    return b.toString();
  }

  static Instant now() {
    return Instant.now();
  }
}
