package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.server.StripeSqlGateway;

/**
 * Pushdown over the wire: each query, run over the Avatica gateway (thin driver, protobuf) and over the
 * PostgreSQL endpoint (pgJDBC), as a plain statement and as a prepared statement with parameters, makes
 * the same Stripe requests over both (the emulator's request log) and returns the same rows; a parameter on
 * an id, a parent or a reference makes the requests its literal makes. A search's
 * lag window starts at the clock's now, so its timestamps are compared as a mark, not a value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushdownOverWireTest {
  /** The model's SearchLagWindow (the default): a search also lists and reads events since now minus this. */
  private static final long SEARCH_LAG_WINDOW = 3600;
  private static final String LAG_WINDOW_START = "<now - SearchLagWindow>";

  private static final Map<String, String> SEQUENTIAL = Map.of("MaxConcurrency", "1");

  /** Queries whose parameter is not pushed as its literal is: an enum value, a Search clause. */
  private static final Set<String> PARAMETER_NOT_PUSHED = Set.of("canceled subscriptions", "10 newest charges");

  private PgFixture pg;
  private StripeSqlGateway avatica;

  @BeforeAll
  void start() throws Exception {
    // Page by page: parallel reads split time slices where the pages arrive, so their requests differ run to run.
    pg = PgFixture.start(SEQUENTIAL);
    avatica = StripeSqlGateway.builder().model(PgFixture.model(pg.emulator, SEQUENTIAL)).host("127.0.0.1").port(0)
        .serialization(Driver.Serialization.PROTOBUF).build().start();
  }

  @AfterAll
  void stop() {
    if (avatica != null) {
      avatica.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static String idOf(JsonNode ref) {
    return ref == null || ref.isNull() ? null : ref.isObject() ? ref.path("id").asText(null) : ref.asText();
  }

  /** The queries: name to SQL text with {@code ?} parameters and their values. */
  private Map<String, Object[]> queries() {
    List<ObjectNode> charges = pg.emulator.data().list("charges");
    String customer = idOf(charges.get(17).get("customer"));
    String charge = charges.get(17).path("id").asText();
    List<String> three = charges.stream().map(o -> idOf(o.get("customer"))).filter(c -> c != null).distinct()
        .skip(5).limit(3).toList();
    Map<String, Object[]> q = new LinkedHashMap<>();
    q.put("one customer's charges", new Object[] {"SELECT id, amount, status, created FROM charges WHERE customer = ?",
        customer});
    q.put("a time range", new Object[] {"SELECT id, amount FROM charges WHERE created >= TIMESTAMP '2025-12-01 00:00:00'"
        + " AND created < TIMESTAMP '2026-01-01 00:00:00' AND amount > ?", 100L});
    q.put("canceled subscriptions", new Object[] {"SELECT id, customer FROM subscriptions WHERE status = ?",
        "canceled"});
    q.put("one charge by id", new Object[] {"SELECT id, amount, currency FROM charges WHERE id = ?", charge});
    q.put("IN list", new Object[] {"SELECT id, customer, amount FROM charges WHERE customer IN (?, ?, ?)",
        three.get(0), three.get(1), three.get(2)});
    q.put("10 newest charges", new Object[] {"SELECT id, amount, created FROM charges WHERE amount > ?"
        + " ORDER BY created DESC LIMIT 10", 0L});
    q.put("count of customers", new Object[] {"SELECT count(*) FROM customers"});
    q.put("join", new Object[] {"SELECT cu.email, ch.id, ch.amount FROM customers cu JOIN charges ch"
        + " ON ch.customer = cu.id WHERE cu.id = ?", customer});
    return q;
  }

  @TestFactory
  Stream<DynamicTest> sameStripeRequestsOverBothProtocols() {
    return queries().entrySet().stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> compare(e.getKey(), e.getValue())));
  }

  private void compare(String name, Object[] query) throws Exception {
    String sql = (String) query[0];
    Object[] params = new Object[query.length - 1];
    System.arraycopy(query, 1, params, 0, params.length);
    Run avaticaPrepared;
    Run avaticaPlain;
    try (Connection c = DriverManager.getConnection(avatica.jdbcUrl("127.0.0.1"), "", "")) {
      avaticaPrepared = run(c, sql, params, true);
      avaticaPlain = run(c, inline(sql, params), new Object[0], false);
    }
    assertFalse(avaticaPlain.requests().isEmpty(), "the query asks Stripe");
    if (!PARAMETER_NOT_PUSHED.contains(name)) {
      assertEquals(avaticaPlain.requests(), avaticaPrepared.requests(), "the parameters pushed as literals: " + sql);
    }
    try (Connection c = pg.connect()) {
      Run prepared = run(c, sql, params, true);
      assertEquals(avaticaPrepared.requests(), prepared.requests(), "Stripe requests, prepared: " + sql);
      assertEquals(avaticaPrepared.rows(), prepared.rows(), sql);
      Run plain = run(c, inline(sql, params), new Object[0], false);
      assertEquals(avaticaPlain.requests(), plain.requests(), "Stripe requests, plain: " + sql);
      assertEquals(avaticaPlain.rows(), plain.rows(), sql);
      assertEquals(avaticaPlain.rows(), prepared.rows(), sql);
    }
  }

  private static String inline(String sql, Object[] params) {
    String s = sql;
    for (Object p : params) {
      s = s.replaceFirst("\\?", p instanceof String ? "'" + p + "'" : p.toString());
    }
    return s;
  }

  private record Run(List<String> requests, List<String> rows) {}

  private Run run(Connection c, String sql, Object[] params, boolean prepare) throws SQLException {
    pg.emulator.requestLog().clear();
    long from = Instant.now().getEpochSecond();
    List<String> rows = new ArrayList<>();
    if (prepare) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          collect(rs, rows);
        }
      }
    } else {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        collect(rs, rows);
      }
    }
    rows.sort(null);
    long to = Instant.now().getEpochSecond();
    List<String> requests = new ArrayList<>();
    for (RecordedRequest r : pg.emulator.requestLog().requests()) {
      Map<String, List<String>> query = new TreeMap<>();
      r.query().forEach((k, v) -> query.put(k, v.stream().map(x -> lagWindowMarked(x, from, to)).toList()));
      requests.add(r.method() + " " + r.path() + " " + query);
    }
    requests.sort(null);
    return new Run(requests, rows);
  }

  /** A parameter value, or the mark when it is the lag window's start of a search run between the two times. */
  private static String lagWindowMarked(String value, long from, long to) {
    try {
      long v = Long.parseLong(value);
      return v >= from - SEARCH_LAG_WINDOW - 1 && v <= to - SEARCH_LAG_WINDOW + 1 ? LAG_WINDOW_START : value;
    } catch (NumberFormatException e) {
      return value;
    }
  }

  private static void collect(ResultSet rs, List<String> rows) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        b.append(rs.getString(i)).append('|');
      }
      rows.add(b.toString());
    }
  }
}
