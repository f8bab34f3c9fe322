package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The memory budget of one statement: rows an operator keeps (a sort, distinct groups, a join's table, a
 * DISTINCT) count against it and fail the statement with 53200 past it; operators that keep nothing (a
 * count, a filter) or little (few groups, a top-N) run over any number of rows. A budget of 1 MB and a
 * quarter of a million generated rows (each kept row costs more than 4 bytes); no Stripe call.
 */
class StatementMemoryTest {
  static final String ROWS = "with recursive t(n) as (values 1 union all select n + 1 from t where n < 100000) ";
  private long before;

  @BeforeEach
  void smallBudget() {
    before = StripeAdapter.statementMemoryLimit();
    StripeAdapter.limitStatementMemory(1 << 20, "--max-statement-memory");
  }

  @AfterEach
  void restore() {
    StripeAdapter.limitStatementMemory(before, "--max-statement-memory");
  }

  static Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("model", CalciteFixture.model("http://127.0.0.1:9", CalciteFixture.KEY, ""));
    p.setProperty("lex", "MYSQL_ANSI");
    p.setProperty("fun", "standard,postgresql");
    return DriverManager.getConnection(StripeAdapter.CALCITE_URL, p);
  }

  static long first(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      long n = 0;
      long first = 0;
      while (rs.next()) {
        if (n++ == 0) {
          first = rs.getLong(1);
        }
      }
      return first;
    }
  }

  static void assertOverBudget(String sql) {
    SQLException e = assertThrows(SQLException.class, () -> first(sql));
    StatementMemory.OverBudgetException over = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatementMemory.OverBudgetException o) {
        over = o;
      }
    }
    assertTrue(over != null, StatementCheckpointTest.chain(e));
    assertEquals("53200", over.sqlState());
    assertTrue(over.getMessage().contains("--max-statement-memory") && over.getMessage().contains("1 MB"),
        over.getMessage());
  }

  @Test
  void aSortOfManyRowsFails() {
    assertOverBudget(ROWS + "select n from t order by n desc");
  }

  @Test
  void manyDistinctGroupsFail() {
    assertOverBudget(ROWS + "select n, count(*) from t group by n");
    assertOverBudget(ROWS + "select count(distinct n) from t");
  }

  @Test
  void aJoinTableOfManyRowsFails() {
    assertOverBudget(ROWS + "select count(*) from t a join t b on a.n = b.n + 1");
  }

  @Test
  void aDistinctOfManyRowsFails() {
    assertOverBudget(ROWS + "select count(*) from (select n from t union select n + 1 from t)");
  }

  @Test
  void countsFewGroupsAndTopNRunOverAnyNumberOfRows() throws Exception {
    assertEquals(100000, first(ROWS + "select count(*) from t"));
    assertEquals(3, first(ROWS + "select count(*) from (select mod(n, 3) k, count(*) c, sum(n) s from t group by mod(n, 3))"));
    assertEquals(100000, first(ROWS + "select n from t order by n desc limit 10"));
    assertEquals(1, first(ROWS + "select count(*) from t a join (values 1, 2) b(m) on a.n = b.m where a.n = 1"));
  }

  @Test
  void theBudgetIsPerStatement() throws Exception {
    String sorted = "with recursive t(n) as (values 1 union all select n + 1 from t where n < 3000) "
        + "select n from t order by n desc";
    for (int i = 0; i < 20; i++) {
      assertEquals(3000, first(sorted), "each execution has its own budget");
    }
  }
}
