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
import java.util.List;
import java.util.Properties;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.CancelFlag;
import org.junit.jupiter.api.Test;

/**
 * QueryTimeout covers the preparation of a statement too: Calcite calls a table function while it
 * validates the statement (for its row type), so one that takes long there (as generate_series over a
 * billion rows once did, building its rows) used to hold the connection's thread before any execution
 * budget existed. Here a table function waits, while validated, for the preparation's deadline flag:
 * the event the deadline raises; the statement then fails naming QueryTimeout.
 */
public class PrepareDeadlineTest {
  /** Set while a validation waited for the deadline and saw it. */
  static volatile boolean sawDeadline;

  /** A table function that, while validated, works until the preparation's deadline flag is raised. */
  public static ScannableTable stalls(Object n) {
    CancelFlag flag = PrepareDeadline.currentFlag();
    if (flag != null) {
      while (!flag.isCancelRequested()) {
        Thread.onSpinWait();
      }
      sawDeadline = true;
    }
    return new OneRow();
  }

  /** One integer column, one row. */
  public static final class OneRow extends AbstractTable implements ScannableTable {
    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder().add("n", SqlTypeName.INTEGER).build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(List.<Object[]>of(new Object[] {1}));
    }
  }

  static Connection connect(String url, String queryTimeout) throws SQLException {
    String model = CalciteFixture.model("http://127.0.0.1:9", CalciteFixture.KEY,
        ",\"QueryTimeout\":\"" + queryTimeout + "\"")
        .replace("}}]}", "}},{\"name\":\"t\",\"type\":\"map\",\"functions\":[{\"name\":\"stalls\",\"className\":\""
            + PrepareDeadlineTest.class.getName() + "\",\"methodName\":\"stalls\"}]}]}");
    Properties p = new Properties();
    p.setProperty("model", model);
    p.setProperty("lex", "MYSQL_ANSI");
    return DriverManager.getConnection(url, p);
  }

  @Test
  void aStatementThatTakesLongToValidateStopsAtQueryTimeout() throws Exception {
    sawDeadline = false;
    try (Connection warm = connect(StripeAdapter.CALCITE_URL, "3600"); Statement s = warm.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from (values 1, 2) v(x)")) {
      assertTrue(rs.next());   // Calcite's first statement in a JVM loads its parser, planner and compiler
    }
    try (Connection c = connect(StripeAdapter.CALCITE_URL, "1"); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("select * from table(t.stalls(1))"));
      String chain = StatementCheckpointTest.chain(e);
      assertTrue(chain.contains("QueryTimeout") && chain.contains("while it was planned"), chain);
      assertTrue(sawDeadline);
      try (ResultSet rs = s.executeQuery("select count(*) from (values 1, 2) v(x)")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1), "the next statement has its own deadline");
      }
    }
  }

  @Test
  void noDeadlineOutsideAPreparation() {
    assertFalse(PrepareDeadline.currentFlag() != null, "no flag is left on the thread");
  }
}
