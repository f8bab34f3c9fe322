package org.stripesql.adapter;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.stripesql.emulator.StripeEmulator;

/** An emulator on loopback and Calcite connections to it, with and without pushdown. */
final class CalciteFixture implements AutoCloseable {
  static final String KEY = "sk_test_fixture_0123456789";
  final StripeEmulator emulator;

  CalciteFixture(int scale) throws Exception {
    this(StripeEmulator.builder().seed(7).scale(scale)
        .anchor(Instant.parse("2024-06-01T00:00:00Z")).revokedKey("sk_test_revoked_key_123"));
  }

  /** An emulator built and started from {@code builder}. */
  CalciteFixture(StripeEmulator.Builder builder) throws Exception {
    emulator = builder.build().start();
  }

  static String model(String apiBase, String key, String extraOperands) {
    if (!extraOperands.contains("\"RateLimit\"")) {
      extraOperands += ",\"RateLimit\":\"100000\"";   // tests measure results, not Stripe's 25/s test-mode limit
    }
    if (!extraOperands.contains("\"EndpointRateLimit\"")) {
      extraOperands += ",\"EndpointRateLimit\":\"100000\"";
    }
    return "inline:{\"version\":\"1.0\",\"defaultSchema\":\"stripe\",\"schemas\":[{\"name\":\"stripe\","
        + "\"type\":\"custom\",\"factory\":\"org.stripesql.adapter.StripeSchemaFactory\",\"operand\":{"
        + "\"OAuthAccessToken\":\"" + key + "\",\"apiBase\":\"" + apiBase + "\"" + extraOperands + "}}]}";
  }

  Connection connect(boolean pushdown) throws SQLException {
    return connect(KEY, pushdown ? "" : ",\"Pushdown\":\"false\"");
  }

  Connection connect(String key, String extraOperands) throws SQLException {
    return connect("jdbc:calcite:", key, extraOperands);
  }

  /** A connection through {@code url}: {@code jdbc:calcite:}, or the adapter's own with its plan cache. */
  Connection connect(String url, String key, String extraOperands) throws SQLException {
    Properties p = new Properties();
    p.setProperty("model", model(emulator.baseUrl(), key, extraOperands));
    p.setProperty("lex", "MYSQL_ANSI");
    p.setProperty("timeZone", "UTC");
    p.setProperty("fun", "standard,postgresql");
    return DriverManager.getConnection(url, p);
  }

  /** All rows of a query as lists of values (column order), in result order. */
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

  /** The messages of a failure and its causes, for assertions on what a user reads. */
  static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(" | ");
    }
    return all.toString();
  }

  /** The SQLSTATE the adapter gave a failure or one of its causes; null when none has one. */
  static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String s = StripeAdapter.sqlState(t);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  @Override
  public void close() {
    emulator.close();
  }
}
