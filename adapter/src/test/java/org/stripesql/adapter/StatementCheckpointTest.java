package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * QueryTimeout stops statements that never call Stripe, where only Calcite works: a long recursive CTE,
 * REPEAT over many rows. Each of these would run for minutes; with QueryTimeout=1 it stops within seconds.
 * The Stripe schema reads from a closed port: nothing here calls Stripe.
 */
class StatementCheckpointTest {
  static Connection connect(String queryTimeout) throws SQLException {
    Properties p = new Properties();
    p.setProperty("model", CalciteFixture.model("http://127.0.0.1:9", CalciteFixture.KEY,
        ",\"QueryTimeout\":\"" + queryTimeout + "\""));
    p.setProperty("lex", "MYSQL_ANSI");
    p.setProperty("fun", "standard,postgresql");
    return DriverManager.getConnection("jdbc:calcite:", p);
  }

  static void assertStoppedByQueryTimeout(String sql) throws Exception {
    try (Connection c = connect("1"); Statement s = c.createStatement()) {
      long t0 = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            rs.getObject(1);
          }
        }
      });
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(seconds < 10, "stopped near QueryTimeout, not at the end: " + seconds + " s");
      String chain = chain(e);
      assertTrue(chain.contains("QueryTimeout"), chain);
    }
  }

  static String chain(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getMessage()).append(" / ");
    }
    return b.toString();
  }

  @Test
  void aLongRecursiveCteStops() throws Exception {
    assertStoppedByQueryTimeout("with recursive t(n) as (values 1 union all select n + 1 from t where n < 50000000)"
        + " select count(*) from t");
  }

  @Test
  void repeatOverManyRowsStops() throws Exception {
    assertStoppedByQueryTimeout("with recursive t(n) as (values 1 union all select n + 1 from t where n < 400000)"
        + " select sum(char_length(repeat('x', n))) from t");
  }

  @Test
  void shortStatementsAreUnaffectedAndExplainShowsNoCheckpoint() throws Exception {
    try (Connection c = connect("1"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("with recursive t(n) as (values 1 union all select n + 1 from t where n < 1000)"
          + " select count(*), sum(n) from t")) {
        rs.next();
        assertEquals(1000, rs.getLong(1));
        assertEquals(500500, rs.getLong(2), "the checkpoints pass every row");
      }
      try (ResultSet rs = s.executeQuery("explain plan for select count(*) from (values 1, 2, 3) v(x) where x > 1")) {
        StringBuilder plan = new StringBuilder();
        while (rs.next()) {
          plan.append(rs.getString(1));
        }
        assertFalse(plan.toString().contains("Checkpoint"), plan.toString());
        assertTrue(plan.toString().contains("EnumerableAggregate"), plan.toString());
      }
    }
  }
}
