package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.StripeEmulator;

/** The emulator, and Calcite connections to it with and without a mirror. */
final class MirrorFixture implements AutoCloseable {
  static final String KEY = "sk_test_mirror_0123456789";
  final StripeEmulator emulator;

  MirrorFixture(int scale) throws Exception {
    this(StripeEmulator.builder().scale(scale));
  }

  /** An emulator built as {@code builder} says (restricted or revoked keys). */
  MirrorFixture(StripeEmulator.Builder builder) throws Exception {
    emulator = builder.build().start();
  }

  /** A connection whose schema mirrors {@code tables} into {@code store} (a directory or a PostgreSQL URL). */
  Connection mirrored(String tables, String store, Map<String, String> more) throws SQLException {
    Map<String, String> operands = new LinkedHashMap<>();
    operands.put("Mirror", tables);
    operands.put("MirrorStore", store);
    operands.put("MirrorRefreshSeconds", "0.2");
    operands.put("RateLimit", "100000");
    operands.put("EndpointRateLimit", "100000");
    operands.put("RetryBaseMillis", "1");
    operands.putAll(more);
    return connect(operands);
  }

  Connection mirrored(String tables, Path dir) throws SQLException {
    return mirrored(tables, dir.toString(), Map.of());
  }

  /** A connection that reads everything live. */
  Connection live() throws SQLException {
    return live(Map.of());
  }

  /** A connection of another key (a second gateway's), mirroring {@code tables} into {@code store}. */
  Connection mirroredWithKey(String key, String tables, String store, Map<String, String> more) throws SQLException {
    Map<String, String> operands = new LinkedHashMap<>();
    operands.put("Mirror", tables);
    operands.put("MirrorStore", store);
    operands.put("MirrorRefreshSeconds", "0.2");
    operands.put("RateLimit", "100000");
    operands.put("EndpointRateLimit", "100000");
    operands.put("RetryBaseMillis", "1");
    operands.putAll(more);
    return connect(key, operands, new Properties());
  }

  /** A connection of {@code key} that reads everything live. */
  Connection liveWithKey(String key) throws SQLException {
    return connect(key, Map.of("RateLimit", "100000", "EndpointRateLimit", "100000", "RetryBaseMillis", "1"),
        new Properties());
  }

  Connection live(Map<String, String> more) throws SQLException {
    Map<String, String> operands = new LinkedHashMap<>(Map.of("RateLimit", "100000", "EndpointRateLimit", "100000",
        "RetryBaseMillis", "1"));
    operands.putAll(more);
    return connect(operands);
  }

  private Connection connect(Map<String, String> operands) throws SQLException {
    return connect(KEY, operands, new Properties());
  }

  /** A connection with {@code key} and further connection properties (the mirror's session settings). */
  Connection connect(String key, Map<String, String> operands, Properties more) throws SQLException {
    Properties p = new Properties();
    p.putAll(more);
    p.setProperty("model", "inline:" + StripeAdapter.oneSchemaModel(emulator.baseUrl(), key, operands));
    p.setProperty("lex", "MYSQL_ANSI");
    p.setProperty("timeZone", "UTC");
    p.setProperty("fun", "standard,postgresql");
    return DriverManager.getConnection(StripeAdapter.CALCITE_URL, p);
  }

  /** All rows of a query as lists of values, in result order. */
  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<Object>> out = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
      return out;
    }
  }

  /** The state of each mirrored table, from mirror_status. */
  static Map<String, String> states(Connection c) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (List<Object> r : rows(c, "SELECT table_name, state, reason FROM mirror_status")) {
      out.put((String) r.get(0), r.get(1) + (r.get(2) == null ? "" : " (" + r.get(2) + ")"));
    }
    return out;
  }

  /** Waits until every mirrored table is live, waking on the mirror's own status events. */
  static void awaitLive(Connection c, Duration timeout) throws Exception {
    AtomicReference<Map<String, String>> last = new AtomicReference<>(Map.of());
    try {
      MirrorEvents.get().await("the mirror going live", timeout, () -> {
        last.set(states(c));
        return !last.get().isEmpty() && last.get().values().stream().allMatch("live"::equals);
      });
    } catch (AssertionError e) {
      fail(e.getMessage() + ": " + last.get());
    }
  }

  /** Waits until {@code table}'s state (with its reason) starts with {@code state}. */
  static void awaitState(Connection c, String table, String state, Duration timeout) throws Exception {
    AtomicReference<Map<String, String>> last = new AtomicReference<>(Map.of());
    try {
      MirrorEvents.get().await(table + " becoming " + state, timeout, () -> {
        last.set(states(c));
        return last.get().getOrDefault(table, "").startsWith(state);
      });
    } catch (AssertionError e) {
      fail(e.getMessage() + ": " + last.get());
    }
  }

  /** Waits until {@code check} passes (a comparison that holds once the mirror has caught up). */
  static void awaitPasses(String what, Duration timeout, Check check) throws Exception {
    AssertionError[] last = new AssertionError[1];
    try {
      MirrorEvents.get().await(what, timeout, () -> {
        try {
          check.run();
          return true;
        } catch (AssertionError e) {
          last[0] = e;
          return false;
        }
      });
    } catch (AssertionError e) {
      throw last[0] != null ? last[0] : e;
    }
  }

  /** A check that throws AssertionError until it holds. */
  @FunctionalInterface
  interface Check {
    void run() throws Exception;
  }

  /** Every row of a table through both connections, ordered by every column: they must be equal. */
  static void assertSameRows(Connection mirrored, Connection live, String table) throws SQLException {
    String sql = "SELECT * FROM " + table;
    List<String> a = sorted(rows(mirrored, sql));
    List<String> b = sorted(rows(live, sql));
    assertEquals(b.size(), a.size(), table + ": row count");
    for (int i = 0; i < a.size(); i++) {
      assertEquals(b.get(i), a.get(i), table + ": row " + i);
    }
  }

  /** Rows as text, decimals by value (the store gives DECIMAL(38, 12) its scale; Stripe's text has none). */
  private static List<String> sorted(List<List<Object>> rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.stream().map(v -> v instanceof BigDecimal d
        ? (d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString()) : String.valueOf(v)).toList().toString()));
    out.sort(null);
    return out;
  }

  @Override
  public void close() {
    StripeAdapter.closeMirrors();
    emulator.close();
  }
}
