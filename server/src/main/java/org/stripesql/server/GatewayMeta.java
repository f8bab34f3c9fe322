package org.stripesql.server;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.stripesql.adapter.SqlStateProvider;

/**
 * The server-side {@link org.apache.calcite.avatica.Meta}: one Calcite connection per remote
 * connection (as {@link JdbcMeta} does), opened with the gateway's own model and lexical policy;
 * what the client sends is passed through {@link ClientPropertyFilter} first.
 *
 * <p>Failures reach the client with a SQLSTATE: Calcite wraps a Stripe error in exceptions that carry
 * none, so the statement methods look through the cause chain for a {@link SqlStateProvider} (a Stripe
 * error: 28000, 08001, 08006, HY000; a stopped statement) or a parse or validation error (42000) and
 * rethrow it as an {@link AvaticaRuntimeException}, whose SQLSTATE and message the thin driver's
 * {@code SQLException} carries.
 */
public final class GatewayMeta extends JdbcMeta {
  public GatewayMeta(String url, Properties serverInfo) throws SQLException {
    super(url, serverInfo);
  }

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    super.openConnection(ch, ClientPropertyFilter.filter(info));
  }

  /**
   * Calcite's {@code getColumns} leaves REMARKS null; when the schema's catalog carries the spec's
   * descriptions (an {@code OpenApiSpec} operand) they are filled in here, from the catalog, without a
   * Stripe call. The whole result is in the first frame ({@link JdbcMeta} reads metadata unlimited), so
   * no later {@code fetch} can bypass this.
   */
  @Override
  public MetaResultSet getColumns(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern,
      Pat columnNamePattern) {
    MetaResultSet rs = super.getColumns(ch, catalog, schemaPattern, tableNamePattern, columnNamePattern);
    try {
      return ColumnRemarks.fill(rs, getConnection(ch.id));
    } catch (SQLException e) {
      throw new RuntimeException(e);
    }
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    try {
      return super.prepare(ch, sql, maxRowCount);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  @SuppressWarnings("deprecation")
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, PrepareCallback callback)
      throws NoSuchStatementException {
    try {
      return super.prepareAndExecute(h, sql, maxRowCount, callback);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
      PrepareCallback callback) throws NoSuchStatementException {
    try {
      return super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    try {
      return super.fetch(h, offset, fetchMaxRowCount);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
      throws NoSuchStatementException {
    try {
      return super.execute(h, parameterValues, maxRowsInFirstFrame);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  /**
   * The exception to send for {@code e}: an {@link AvaticaRuntimeException} with the SQLSTATE and message
   * of the first cause that has one, or {@code e} itself.
   */
  static RuntimeException translate(RuntimeException e) {
    if (e instanceof AvaticaRuntimeException) {
      return e;
    }
    int depth = 0;
    for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof SqlStateProvider p && p.sqlState() != null) {
        return new AvaticaRuntimeException(t.getMessage(), errorCode(t), p.sqlState(), AvaticaSeverity.ERROR);
      }
    }
    depth = 0;
    for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof SqlParseException || t instanceof SqlValidatorException || t instanceof CalciteContextException) {
        return new AvaticaRuntimeException(sqlMessage(e, t), 0, sqlState(t), AvaticaSeverity.ERROR);
      }
    }
    return e;
  }

  /** Calcite's "Error while executing SQL ..." plus the parser's or validator's own words. */
  private static String sqlMessage(Throwable outer, Throwable t) {
    for (Throwable c = outer; c != null; c = c.getCause()) {
      if (c instanceof SQLException && c.getMessage() != null) {
        return c.getMessage();
      }
    }
    return t.getMessage();
  }

  /** 42000 for syntax errors; 42S02 for an unknown table, 42S22 for an unknown column; 42000 otherwise. */
  private static String sqlState(Throwable t) {
    if (t instanceof SqlParseException) {
      return "42000";
    }
    String m = String.valueOf(t.getMessage());
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        m = m + " " + c.getMessage();
      }
    }
    if (m.matches("(?s).*(Object|Table) '[^']*' not found.*")) {
      return "42S02";
    }
    if (m.matches("(?s).*Column '[^']*' not found.*")) {
      return "42S22";
    }
    return "42000";
  }

  /** The HTTP status of a Stripe error as the vendor error code; 0 otherwise. */
  private static int errorCode(Throwable t) {
    return t instanceof org.stripesql.adapter.client.StripeApiException s ? s.httpStatus() : 0;
  }
}
