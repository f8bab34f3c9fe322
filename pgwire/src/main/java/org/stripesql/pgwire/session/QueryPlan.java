package org.stripesql.pgwire.session;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.stripesql.pgwire.sql.StatementText;
import org.stripesql.pgwire.sql.TextRewriter;
import org.stripesql.pgwire.types.PgType;

/**
 * A query prepared on the session's Calcite connection: the rewritten SQL, which {@code $n} each
 * {@code ?} stands for, the result columns and the parameter types (the client's, or those Calcite
 * infers, as clients often send none). Catalog queries are prepared as any other: no answer is kept for a
 * query's text.
 */
final class QueryPlan implements AutoCloseable {
  private final String sql;
  private final int[] order;
  private final PgType[] parameterTypes;
  private final int[] parameterJdbcTypes;
  private final List<ResultColumn> columns;
  private final PreparedStatement statement;
  private final Connection connection;
  private final String rewritten;
  private final boolean explain;

  private QueryPlan(String sql, String rewritten, int[] order, PgType[] parameterTypes, int[] parameterJdbcTypes,
      List<ResultColumn> columns, PreparedStatement statement, Connection connection,
      boolean explain) {
    this.sql = sql;
    this.rewritten = rewritten;
    this.order = order;
    this.parameterTypes = parameterTypes;
    this.parameterJdbcTypes = parameterJdbcTypes;
    this.columns = columns;
    this.statement = statement;
    this.connection = connection;
    this.explain = explain;
  }

  /**
   * Prepares {@code text} with the parameter types the client declared ({@code declared[n-1]}, 0 for none):
   * a declared type is a cast in the text Calcite parses, a parameter without one takes its type from its
   * context or is text (the parser's rule, so the same text always means the same plan).
   */
  static QueryPlan prepare(Connection connection, StatementText text, int[] declared, ColumnTypes columnTypes)
      throws SQLException {
    String sql = text.sql();
    TextRewriter.Rewritten r = TextRewriter.rewrite(text, n -> {
      PgType t = declared(declared, n);
      return t == null ? null : t.castSpec();
    });
    PreparedStatement ps = connection.prepareStatement(r.sql());
    try {
      return describe(connection, sql, r, ps, declared, columnTypes);
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /**
   * {@code EXPLAIN PLAN FOR query}: its parameters are the query's, its rows the plan's lines in one text
   * column, {@code QUERY PLAN}, as PostgreSQL answers EXPLAIN.
   */
  static QueryPlan explain(Connection connection, StatementText text, int[] declared, ColumnTypes columnTypes)
      throws SQLException {
    QueryPlan p = prepare(connection, text, declared, columnTypes);
    return new QueryPlan(p.sql, p.rewritten, p.order, p.parameterTypes, p.parameterJdbcTypes,
        List.of(new ResultColumn("QUERY PLAN", PgType.TEXT, -1, Types.VARCHAR)), p.statement, connection, true);
  }

  /** Whether the rows are an EXPLAIN's: one text a row, each line of the plan its own row. */
  boolean explains() {
    return explain;
  }

  /** The type the client declared for {@code $n}, or null (none, 0, or unknown). */
  private static PgType declared(int[] declared, int n) {
    PgType t = n - 1 < declared.length ? PgType.byOid(declared[n - 1]) : null;
    return t == PgType.UNKNOWN ? null : t;
  }

  private static QueryPlan describe(Connection connection, String sql, TextRewriter.Rewritten r, PreparedStatement ps,
      int[] declared, ColumnTypes columnTypes) throws SQLException {
    List<ResultColumn> cols = new ArrayList<>();
    ResultSetMetaData md = ps.getMetaData();
    if (md != null) {
      for (int i = 1; i <= md.getColumnCount(); i++) {
        cols.add(columnTypes.column(md, i));
      }
    }
    int count = Math.max(r.parameterCount(), declared.length);
    PgType[] types = new PgType[count];
    int[] jdbc = new int[count];
    ParameterMetaData pmd = r.order().length == 0 ? null : ps.getParameterMetaData();
    for (int n = 1; n <= count; n++) {
      int at = -1;
      for (int j = 0; j < r.order().length; j++) {
        if (r.order()[j] == n) {
          at = j;
          break;
        }
      }
      PgType declaredType = declared(declared, n);
      if (at >= 0) {
        jdbc[n - 1] = pmd.getParameterType(at + 1);
        PgType inferred = PgType.ofJdbc(jdbc[n - 1], pmd.getParameterTypeName(at + 1));
        types[n - 1] = declaredType != null ? declaredType : inferred;
      } else {
        jdbc[n - 1] = Types.VARCHAR;
        types[n - 1] = declaredType != null ? declaredType : PgType.TEXT;
      }
    }
    return new QueryPlan(sql, r.sql(), r.order(), types, jdbc, cols, ps, connection, false);
  }

  String sql() {
    return sql;
  }

  /** The SQL text Calcite runs. */
  String rewritten() {
    return rewritten;
  }

  List<ResultColumn> columns() {
    return columns;
  }

  /** The parameter types reported in ParameterDescription: one per {@code $n}. */
  PgType[] parameterTypes() {
    return parameterTypes;
  }

  /** The JDBC type Calcite expects for {@code $n} (0-based index). */
  int parameterJdbcType(int index) {
    return parameterJdbcTypes[index];
  }

  /** For each {@code ?}: the 1-based {@code $n}. */
  int[] order() {
    return order;
  }

  /** The prepared statement. */
  PreparedStatement statement() {
    return statement;
  }

  /** A second statement for the same SQL, for a portal opened while another still reads this one. */
  PreparedStatement another() throws SQLException {
    return connection.prepareStatement(rewritten);
  }

  @Override
  public void close() {
    if (statement != null) {
      try {
        statement.close();
      } catch (SQLException e) {
        // closing a Calcite statement does not fail in a way worth reporting
      }
    }
  }

  /** How the session types a result column (origins in catalog tables give name, oid, json...). */
  interface ColumnTypes {
    ResultColumn column(ResultSetMetaData md, int index) throws SQLException;
  }
}
