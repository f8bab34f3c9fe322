package org.stripesql.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.stripesql.server.metrics.GatewayMetrics;
import org.stripesql.server.security.CurrentUser;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.stripesql.adapter.StripeAdapter;

/**
 * The server-side {@link org.apache.calcite.avatica.Meta}: one Calcite connection per remote
 * connection (as {@link JdbcMeta} does), opened with the gateway's own model and lexical policy;
 * what the client sends is passed through {@link ClientPropertyFilter} first.
 *
 * <p>Failures reach the client with a SQLSTATE: Calcite wraps a Stripe error in exceptions that carry
 * none, so the statement methods look through the cause chain for a SQLSTATE of the adapter's (a Stripe
 * error: 28000, 08001, 08006, HY000; a stopped statement) or a parse or validation error (42000) and
 * rethrow it as an {@link AvaticaRuntimeException}, whose SQLSTATE and message the thin driver's
 * {@code SQLException} carries.
 *
 * <p>The gateway is read-only: statements other than queries ({@code SELECT}, {@code WITH}, {@code VALUES},
 * set operations, {@code EXPLAIN}, {@code DESCRIBE}) are refused with SQLSTATE 25006 before Calcite sees
 * them, and connections report {@code isReadOnly()}.
 *
 * <p>With authentication, each connection belongs to the user who opened it ({@link CurrentUser}, set from
 * Jetty's authenticated remote user): another user's requests naming its id, or one of its statements,
 * are refused (42501), and a user with a model of their own ({@link #userModels}) gets connections on
 * that model, that is on their own Stripe account.
 */
public final class GatewayMeta extends JdbcMeta {
  /** SQLSTATE of a write refused by the read-only gateway: "read-only SQL transaction". */
  public static final String READ_ONLY_STATE = "25006";
  /** SQLSTATE of a request naming another user's connection or statement. */
  public static final String NOT_OWNER_STATE = "42501";
  private static final SqlParser.Config PARSER = SqlParser.config().withLex(Lex.MYSQL_ANSI)
      .withConformance(SqlConformanceEnum.LENIENT).withUnquotedCasing(Casing.UNCHANGED);
  private static final String NO_USER = "";

  private final Map<String, String> owners = new ConcurrentHashMap<>();
  private final Map<Integer, String> statementConnections = new ConcurrentHashMap<>();
  private volatile Map<String, ModelSource> userModels = Map.of();
  private volatile GatewayMetrics metrics;

  public GatewayMeta(String url, Properties serverInfo) throws SQLException {
    super(url, serverInfo);
  }

  /** Per-user models: a user named here gets connections on their model instead of the gateway's. */
  public GatewayMeta userModels(Map<String, ModelSource> models) {
    this.userModels = Map.copyOf(models);
    return this;
  }

  /** Where query counts, rows and latency go (none by default). */
  public GatewayMeta metrics(GatewayMetrics m) {
    this.metrics = m;
    if (m != null) {
      m.openConnections(() -> getConnectionCache().size());
    }
    return this;
  }

  private static String user() {
    String u = CurrentUser.get();
    return u == null ? NO_USER : u;
  }

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    if (owners.putIfAbsent(ch.id, user()) != null) {
      checkOwner(ch.id);
      throw new AvaticaRuntimeException("Connection already exists: " + ch.id, 0, "08002", AvaticaSeverity.ERROR);
    }
    try {
      super.openConnection(ch, ClientPropertyFilter.filter(info));
    } catch (RuntimeException e) {
      owners.remove(ch.id);
      throw translate(e);
    }
  }

  @Override
  protected Connection createConnection(String url, Properties info) throws SQLException {
    ModelSource own = userModels.get(user());
    if (own != null) {
      info.setProperty("model", own.calciteProperties().getProperty("model"));
    }
    Connection c = super.createConnection(url, info);
    c.setReadOnly(true);
    return c;
  }

  @Override
  protected Connection getConnection(String id) throws SQLException {
    checkOwner(id);
    return super.getConnection(id);
  }

  @Override
  public void closeConnection(ConnectionHandle ch) {
    checkOwner(ch.id);
    try {
      super.closeConnection(ch);
    } finally {
      owners.remove(ch.id);
      statementConnections.values().removeIf(ch.id::equals);
    }
  }

  @Override
  public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties connProps) {
    ConnectionProperties p = super.connectionSync(ch, connProps);
    p.setReadOnly(true);
    return p;
  }

  @Override
  protected void apply(Connection conn, ConnectionProperties connProps) throws SQLException {
    super.apply(conn, connProps);
    conn.setReadOnly(true);
  }

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    StatementHandle h = super.createStatement(ch);
    statementConnections.put(h.id, ch.id);
    return h;
  }

  @Override
  public void closeStatement(StatementHandle h) {
    checkStatement(h);
    super.closeStatement(h);
    statementConnections.remove(h.id);
  }

  /** Refuses {@code id} unless the current user opened it (or it is unknown: Avatica reports that). */
  private void checkOwner(String id) {
    String owner = id == null ? null : owners.get(id);
    if (owner != null && !owner.equals(user())) {
      throw new AvaticaRuntimeException("Connection " + id + " belongs to another user", 0, NOT_OWNER_STATE,
          AvaticaSeverity.ERROR);
    }
  }

  /** Refuses a statement handle whose statement was opened on another connection, or another user's. */
  private void checkStatement(StatementHandle h) {
    String conn = statementConnections.get(h.id);
    if (conn != null && !Objects.equals(conn, h.connectionId)) {
      throw new AvaticaRuntimeException("Statement " + h.id + " does not belong to connection " + h.connectionId,
          0, NOT_OWNER_STATE, AvaticaSeverity.ERROR);
    }
    checkOwner(h.connectionId);
  }

  /**
   * Refuses anything but a query: DML, DDL, SET and the like get SQLSTATE 25006. What Calcite's parser
   * cannot parse is judged by its first keyword (DDL is not in Calcite's core grammar); other unparsable
   * text is left to Calcite's own syntax error.
   */
  static void checkReadOnly(String sql) {
    String what;
    try {
      SqlNode n = SqlParser.create(sql, PARSER).parseStmt();
      if (n instanceof SqlExplain e) {
        n = e.getExplicandum();
      }
      SqlKind k = n.getKind();
      if (k.belongsTo(SqlKind.QUERY) || k == SqlKind.DESCRIBE_SCHEMA || k == SqlKind.DESCRIBE_TABLE) {
        return;
      }
      what = k.sql;
    } catch (org.apache.calcite.sql.parser.SqlParseException e) {
      String first = firstWord(sql);
      if (!WRITE_WORDS.contains(first)) {
        return;
      }
      what = first;
    }
    throw new AvaticaRuntimeException("stripe-sql is read-only: " + what.replace('_', ' ')
        + " statements are not allowed; send queries (SELECT, WITH, VALUES, EXPLAIN) only", 0, READ_ONLY_STATE,
        AvaticaSeverity.ERROR);
  }

  private static final java.util.Set<String> WRITE_WORDS = java.util.Set.of("INSERT", "UPDATE", "DELETE", "MERGE",
      "UPSERT", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "RENAME", "REPLACE", "COPY", "CALL",
      "SET", "RESET", "COMMENT", "LOCK", "VACUUM", "ANALYZE");

  private static String firstWord(String sql) {
    String s = sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)--.*$", " ").trim();
    while (s.startsWith("(")) {
      s = s.substring(1).trim();
    }
    int end = 0;
    while (end < s.length() && Character.isLetter(s.charAt(end))) {
      end++;
    }
    return s.substring(0, end).toUpperCase(Locale.ROOT);
  }

  private static long rowCount(ExecuteResult r) {
    long n = 0;
    for (MetaResultSet rs : r.resultSets) {
      if (rs.firstFrame != null && rs.firstFrame.rows instanceof Collection<?> c) {
        n += c.size();
      }
    }
    return n;
  }

  private ExecuteResult measured(java.util.concurrent.Callable<ExecuteResult> run) throws NoSuchStatementException {
    long t0 = System.nanoTime();
    try {
      ExecuteResult r = run.call();
      GatewayMetrics m = metrics;
      if (m != null) {
        m.queryOk(System.nanoTime() - t0);
        m.rows(rowCount(r));
      }
      return r;
    } catch (NoSuchStatementException e) {
      throw e;
    } catch (RuntimeException e) {
      GatewayMetrics m = metrics;
      if (m != null) {
        m.queryFailed(System.nanoTime() - t0);
      }
      throw translate(e);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  private void rejectWrites(String sql) {
    try {
      checkReadOnly(sql);
    } catch (AvaticaRuntimeException e) {
      GatewayMetrics m = metrics;
      if (m != null) {
        m.queryRejected();
      }
      throw e;
    }
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
    rejectWrites(sql);
    try {
      StatementHandle h = super.prepare(ch, sql, maxRowCount);
      statementConnections.put(h.id, ch.id);
      return h;
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  @SuppressWarnings("deprecation")
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, PrepareCallback callback)
      throws NoSuchStatementException {
    checkStatement(h);
    rejectWrites(sql);
    return measured(() -> super.prepareAndExecute(h, sql, maxRowCount, callback));
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
      PrepareCallback callback) throws NoSuchStatementException {
    checkStatement(h);
    rejectWrites(sql);
    return measured(() -> super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback));
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
      throws NoSuchStatementException {
    checkStatement(h);
    sqlCommands.forEach(this::rejectWrites);
    return super.prepareAndExecuteBatch(h, sqlCommands);
  }

  @Override
  public ExecuteBatchResult executeBatchProtobuf(StatementHandle h,
      List<org.apache.calcite.avatica.proto.Requests.UpdateBatch> updateBatches) throws NoSuchStatementException {
    checkStatement(h);
    return super.executeBatchProtobuf(h, updateBatches);
  }

  @Override
  public boolean syncResults(StatementHandle sh, org.apache.calcite.avatica.QueryState state, long offset) throws NoSuchStatementException {
    checkStatement(sh);
    return super.syncResults(sh, state, offset);
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValues)
      throws NoSuchStatementException {
    checkStatement(h);
    return super.executeBatch(h, parameterValues);
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    checkStatement(h);
    try {
      Frame f = super.fetch(h, offset, fetchMaxRowCount);
      GatewayMetrics m = metrics;
      if (m != null && f.rows instanceof Collection<?> c) {
        m.rows(c.size());
      }
      return f;
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
      throws NoSuchStatementException {
    checkStatement(h);
    return measured(() -> super.execute(h, parameterValues, maxRowsInFirstFrame));
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
      String state = StripeAdapter.sqlState(t);
      if (state != null) {
        return new AvaticaRuntimeException(t.getMessage(), StripeAdapter.stripeHttpStatus(t), state,
            AvaticaSeverity.ERROR);
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
}
