package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * The gateway over an emulator that injects faults and limits its request rate, through the Avatica
 * thin driver: exact results under 429s, 500s and dropped connections; concurrent clients kept under
 * the account's RateLimit; SQLSTATEs and Stripe's words in the client's SQLException.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsOverGatewayTest {
  static final String REVOKED = "sk_test_revoked_faults_9f8e";

  StripeEmulator emulator;
  final List<StripeSqlGateway> gateways = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().seed(42).scale(2).anchor(Instant.parse("2026-01-01T00:00:00Z"))
        .revokedKey(REVOKED).build().start();
  }

  @AfterAll
  void stop() {
    gateways.forEach(StripeSqlGateway::close);
    emulator.close();
  }

  @BeforeEach
  void clean() {
    emulator.faults().reset();
    emulator.requestLog().clear();
  }

  /** A gateway over {@code apiBase} with {@code key} and extra operands; its thin-driver URL. */
  String gateway(String apiBase, String key, Map<String, String> operands) throws Exception {
    StripeSqlGateway g = StripeSqlGateway.builder().model(ModelSource.stripe(apiBase, key, operands))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
    gateways.add(g);
    return g.jdbcUrl("127.0.0.1");
  }

  List<String> rows(String url, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, "", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1) + "|" + rs.getString(2));
      }
    }
    return out;
  }

  List<String> expected(String table, String column) {
    List<String> out = new ArrayList<>();
    for (ObjectNode o : emulator.data().list(table)) {
      out.add(o.path("id").asText() + "|" + (o.path(column).isNull() ? null : o.path(column).asText()));
    }
    out.sort(null);
    return out;
  }

  @Test
  void fullScansUnderFaultsReturnExactlyTheEmulatorsRows() throws Exception {
    // sequential reads: one served request per page (the adapter's ParallelScanTest covers parallel ones)
    String url = gateway(emulator.baseUrl(), "sk_test_faults_scan_1234",
        Map.of("RetryBaseMillis", "1", "MaxRetries", "12", "RateLimit", "10000", "EndpointRateLimit", "10000",
            "MaxConcurrency", "1"));
    String[][] tables = {{"charges", "amount"}, {"invoices", "customer"}, {"events", "type"}};
    for (long seed : new long[] {101, 202, 303, 404}) {
      emulator.requestLog().clear();
      emulator.faults().reset().seed(seed).rateLimit(0.20).serverErrors(0.05).dropConnections(0.02);
      int pages = 0;
      for (String[] t : tables) {
        assertTrue(emulator.data().list(t[0]).size() >= 1000, t[0]);
        assertEquals(expected(t[0], t[1]), rows(url, "select id, " + t[1] + " from " + t[0] + " order by id"),
            t[0] + ", fault seed " + seed);
        pages += (emulator.data().list(t[0]).size() + 99) / 100;
      }
      assertEquals(pages, emulator.requestLog().served().size(), "seed " + seed);
      assertTrue(emulator.requestLog().faulted().size() >= pages / 10, "faults were injected, seed " + seed);
    }
  }

  @Test
  void concurrentClientsStayUnderTheRateLimit() throws Exception {
    int limit = 20;
    emulator.faults().requestsPerSecond(limit);
    String url = gateway(emulator.baseUrl(), "sk_test_faults_rate_5678", Map.of("RateLimit", Integer.toString(limit)));
    emulator.requestLog().clear();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> scans = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        scans.add(pool.submit(() -> rows(url, "select id, customer from invoices order by id")));
      }
      for (Future<List<String>> f : scans) {
        assertEquals(expected("invoices", "customer"), f.get(120, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    List<RecordedRequest> log = emulator.requestLog().requests();
    long throttled = log.stream().filter(r -> "throttled".equals(r.fault())).count();
    // parallel time slices: every one of the 4 x 12 pages, and each slice's last page
    assertTrue(emulator.requestLog().served().size() >= 48, "4 scans of 12 pages");
    assertTrue(throttled <= 2, throttled + " requests got 429 from the emulator's limiter");
    int peak = emulator.requestLog().maxInWindow(TimeUnit.SECONDS.toNanos(1));
    assertTrue(peak <= limit + limit / 5 + 1, "peak " + peak + " requests in one second; RateLimit " + limit);
  }

  @Test
  void rejectedKeyIs28000() throws Exception {
    String url = gateway(emulator.baseUrl(), REVOKED, Map.of());
    SQLException e = assertThrows(SQLException.class, () -> rows(url, "select id, email from customers"));
    assertEquals("28000", e.getSQLState());
    assertEquals(401, e.getErrorCode());
    assertTrue(e.getMessage().contains("Stripe rejected the API key (HTTP 401)"), e.getMessage());
    assertTrue(e.getMessage().contains("Request-Id req_"), e.getMessage());
    assertFalse(e.getMessage().contains("9f8e") && e.getMessage().contains(REVOKED), e.getMessage());
  }

  @Test
  void unreachableStripeIs08001() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = gateway("http://127.0.0.1:" + port, "sk_test_faults_down_0000",
        Map.of("RetryBaseMillis", "1", "MaxRetries", "1"));
    SQLException e = assertThrows(SQLException.class, () -> rows(url, "select id, email from customers"));
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("cannot reach Stripe"), e.getMessage());
  }

  @Test
  void serverErrorAfterRetriesCarriesStripesWordsAnd08006() throws Exception {
    emulator.faults().serverErrors(1.0);
    String url = gateway(emulator.baseUrl(), "sk_test_faults_500_1111", Map.of("RetryBaseMillis", "1", "MaxRetries", "3"));
    SQLException e = assertThrows(SQLException.class, () -> rows(url, "select id, email from customers"));
    assertEquals("08006", e.getSQLState());
    assertEquals(500, e.getErrorCode());
    String m = e.getMessage();
    assertTrue(m.contains("Stripe returned HTTP 500 for GET /v1/customers: An unknown error occurred"), m);
    assertTrue(m.contains("[type=api_error]"), m);
    assertTrue(m.matches("(?s).*\\(Request-Id req_[A-Za-z0-9]+\\).*"), m);
    assertTrue(m.contains("gave up after 3 retries"), m);
    assertEquals(4, emulator.requestLog().size());
  }

  @Test
  void badSqlIs42xxx() throws Exception {
    String url = gateway(emulator.baseUrl(), "sk_test_faults_sql_2222", Map.of());
    SQLException syntax = assertThrows(SQLException.class, () -> rows(url, "selec id from customers"));
    assertEquals("42000", syntax.getSQLState(), syntax.getMessage());
    SQLException table = assertThrows(SQLException.class, () -> rows(url, "select id, x from no_such_table"));
    assertEquals("42S02", table.getSQLState(), table.getMessage());
    SQLException column = assertThrows(SQLException.class, () -> rows(url, "select id, no_such_column from customers"));
    assertEquals("42S22", column.getSQLState(), column.getMessage());
    assertEquals(0, emulator.requestLog().size(), "bad SQL makes no Stripe request");
  }

  @Test
  void statementBudgetErrorReachesTheClient() throws Exception {
    // Page by page: parallel reads may spend the budget reading ahead before the first frame is served.
    String url = gateway(emulator.baseUrl(), "sk_test_faults_budget_3333",
        Map.of("MaxPagesPerQuery", "2", "MaxConcurrency", "1"));
    // The first frame is served, so the error comes with a later fetch: there the thin driver throws its
    // AvaticaClientRuntimeException (an Avatica client limitation), which carries the SQLSTATE too.
    AvaticaClientRuntimeException e = assertThrows(AvaticaClientRuntimeException.class,
        () -> rows(url, "select id, amount from charges"));
    assertEquals("HY000", e.getSqlState());
    assertTrue(e.getMessage().contains("MaxPagesPerQuery (2 Stripe requests)"), e.getMessage());
    assertEquals(2, emulator.requestLog().requests().stream().filter(r -> r.path().equals("/v1/charges")).count());
    // Failing in the first frame, the same budget arrives as an SQLException.
    String one = gateway(emulator.baseUrl(), "sk_test_faults_budget_4444", Map.of("MaxPagesPerQuery", "1"));
    emulator.requestLog().clear();
    SQLException first = assertThrows(SQLException.class,
        () -> rows(one, "select c.id, ch.id from customers c join charges ch on ch.customer = c.id"));
    assertEquals("HY000", first.getSQLState());
    assertTrue(first.getMessage().contains("MaxPagesPerQuery (1 Stripe requests)"), first.getMessage());
  }
}
