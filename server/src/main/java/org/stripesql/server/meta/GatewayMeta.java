package org.stripesql.server.meta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.AvaticaUtils;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.QueryState.StateType;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.jdbc.StatementInfo;
import org.apache.calcite.avatica.proto.Requests.UpdateBatch;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.TypedValue;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.server.limits.LimitExceededException;
import org.stripesql.server.limits.SessionLimits;
import org.stripesql.server.metrics.GatewayMetrics;
import org.stripesql.server.security.CurrentUser;

/**
 * The server-side {@code Meta}: one Calcite connection per remote connection (as {@link JdbcMeta} does),
 * on the gateway's model or the user's own, with client properties filtered first; each request is
 * checked for its owner ({@link ConnectionOwners}), its caps ({@link SessionLimits}) and for being a
 * query ({@link ReadOnlyGuard}), and a failure reaches the client with its SQLSTATE ({@link SqlStateTranslator}).
 */
public final class GatewayMeta extends JdbcMeta {
  private static final long PRUNE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final ConnectionOwners owners = new ConnectionOwners(CurrentUser::get);
  private final AtomicLong lastPrune = new AtomicLong(System.nanoTime());
  private volatile SessionLimits limits = new SessionLimits(SessionLimits.Settings.DEFAULTS);
  private volatile Map<String, Properties> userModels = Map.of();
  private volatile GatewayMetrics metrics;

  public GatewayMeta(String url, Properties serverInfo) throws SQLException {
    super(url, serverInfo);
  }

  /**
   * Per-user models: a user named here gets connections on the model of their Calcite connection
   * properties instead of the gateway's.
   */
  public GatewayMeta userModels(Map<String, Properties> calcitePropertiesByUser) {
    this.userModels = Map.copyOf(calcitePropertiesByUser);
    return this;
  }

  /** The caps on connections, statements and frame rows ({@link SessionLimits.Settings#DEFAULTS} unless set). */
  public GatewayMeta limits(SessionLimits l) {
    this.limits = l;
    return this;
  }

  /** Where query counts, rows and latency go (none by default). */
  public GatewayMeta metrics(GatewayMetrics m) {
    this.metrics = m;
    if (m != null) {
      m.openConnections(() -> getConnectionCache().size());
      m.openStatements(() -> getStatementCache().size());
    }
    return this;
  }

  ConnectionOwners owners() {
    return owners;
  }

  SessionLimits limits() {
    return limits;
  }

  /** Opens the connection under the user's own name for its id ({@link ConnectionOwners#scope}). */
  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    pruneIfDue();
    String id = owners.scope(ch.id);
    owners.claimConnection(id);
    try {
      limits.openConnection(id, owners.user());
      super.openConnection(new ConnectionHandle(id), ClientPropertyFilter.filter(info));
    } catch (RuntimeException e) {
      owners.releaseConnection(id);
      limits.closeConnection(id);
      throw translate(e);
    }
  }

  @Override
  protected Connection createConnection(String url, Properties info) throws SQLException {
    Properties own = userModels.get(owners.user());
    if (own != null) {
      info.setProperty("model", own.getProperty("model"));
    }
    Connection c = super.createConnection(url, info);
    ReadOnlyGuard.readOnly(c);
    return c;
  }

  /** The user's connection {@code id}; another user's is not found, as an id never opened. */
  @Override
  protected Connection getConnection(String id) throws SQLException {
    String scoped = owners.scope(id);
    owners.checkConnection(scoped);
    try {
      return super.getConnection(scoped);
    } catch (NoSuchConnectionException e) {
      throw new NoSuchConnectionException(id);
    }
  }

  /** Closes the connection and, with it, every statement it has. */
  @Override
  public void closeConnection(ConnectionHandle ch) {
    String id = owners.scope(ch.id);
    owners.checkConnection(id);
    try {
      super.closeConnection(new ConnectionHandle(id));
    } finally {
      forgetConnection(id, owners.releaseConnection(id));
    }
  }

  private void forgetConnection(String connectionId, List<Integer> statementIds) {
    // the statement cache's removal listener closes each statement and its result set
    getStatementCache().invalidateAll(statementIds);
    limits.closeConnection(connectionId);
  }

  /**
   * Drops the records of connections and statements Avatica expired (its caches expire lazily, so they
   * are cleaned up first) and closes the statements of expired connections; at most every 30 seconds.
   */
  private void pruneIfDue() {
    long last = lastPrune.get();
    if (System.nanoTime() - last >= PRUNE_EVERY_NANOS && lastPrune.compareAndSet(last, System.nanoTime())) {
      prune();
    }
  }

  /** {@link #pruneIfDue} now. */
  public void prune() {
    getConnectionCache().cleanUp();
    getStatementCache().cleanUp();
    // asMap().containsKey does not count as an access, so it does not keep entries alive
    owners.prune(getConnectionCache().asMap()::containsKey, getStatementCache().asMap()::containsKey,
        this::forgetConnection, (statementId, connectionId) -> limits.closeStatement(connectionId));
  }

  @Override
  public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties connProps) {
    return ReadOnlyGuard.readOnly(super.connectionSync(ch, connProps));
  }

  @Override
  protected void apply(Connection conn, ConnectionProperties connProps) throws SQLException {
    super.apply(conn, connProps);
    ReadOnlyGuard.readOnly(conn);
  }

  /** Creates a statement on {@code ch} (counted against max-statements-per-connection) and records its owner. */
  private <T> T newStatement(ConnectionHandle ch, Supplier<T> create, ToIntFunction<T> statementId) {
    pruneIfDue();
    String connection = owners.scope(ch.id);
    owners.checkConnection(connection);
    try {
      limits.openStatement(connection);
    } catch (LimitExceededException e) {
      throw translate(e);
    }
    T created;
    try {
      created = create.get();
    } catch (RuntimeException e) {
      limits.closeStatement(connection);
      throw translate(e);
    } catch (Error e) {
      limits.closeStatement(connection);
      throw translate(ErrorsInStatements.wrap(e));
    }
    int id = statementId.applyAsInt(created);
    if (id < 0) {
      limits.closeStatement(connection);   // an empty result with no server-side statement
    } else {
      owners.addStatement(id, connection);
    }
    return created;
  }

  /**
   * Refuses a statement handle the current user did not get on that connection exactly as Avatica
   * refuses one it does not know: the answer says the statement is missing, and reveals nothing of whose
   * it is.
   */
  private void requireStatement(StatementHandle h) throws NoSuchStatementException {
    if (!owners.owns(h.id, owners.scope(h.connectionId))) {
      throw new NoSuchStatementException(h);
    }
  }

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    return newStatement(ch, () -> super.createStatement(ch), h -> h.id);
  }

  /** Closes the user's statement; closing one the user does not have does nothing, as for an unknown id. */
  @Override
  public void closeStatement(StatementHandle h) {
    if (!owners.owns(h.id, owners.scope(h.connectionId))) {
      return;
    }
    try {
      super.closeStatement(h);
    } finally {
      if (owners.releaseStatement(h.id)) {
        limits.closeStatement(owners.scope(h.connectionId));
      }
    }
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

  private ExecuteResult measured(Callable<ExecuteResult> run) throws NoSuchStatementException {
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
    } catch (RuntimeException | Error e) {
      GatewayMetrics m = metrics;
      if (m != null) {
        m.queryFailed(System.nanoTime() - t0);
      }
      throw translate(ErrorsInStatements.wrap(e));
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  private void rejectWrites(String sql) {
    try {
      ReadOnlyGuard.check(sql);
    } catch (AvaticaRuntimeException e) {
      GatewayMetrics m = metrics;
      if (m != null) {
        m.queryRejected();
      }
      throw e;
    }
  }

  private static RuntimeException translate(RuntimeException e) {
    if (e instanceof LimitExceededException l) {
      return new AvaticaRuntimeException(l.getMessage(), 0, l.sqlState(), AvaticaSeverity.ERROR);
    }
    return SqlStateTranslator.translate(e);
  }

  /**
   * Calcite's {@code getColumns} leaves REMARKS null; the catalog's column descriptions are filled in
   * here, without a Stripe call. The whole result is in the first frame ({@link JdbcMeta} reads metadata
   * unlimited), so no later {@code fetch} can bypass this.
   */
  @Override
  public MetaResultSet getColumns(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern,
      Pat columnNamePattern) {
    return metadata(ch, () -> {
      MetaResultSet rs = super.getColumns(ch, catalog, schemaPattern, tableNamePattern, columnNamePattern);
      try {
        return ColumnRemarks.fill(rs, getConnection(ch.id));
      } catch (SQLException e) {
        throw new RuntimeException(e);
      }
    });
  }

  /** A metadata result: its statement is recorded and counted like any other. */
  private MetaResultSet metadata(ConnectionHandle ch, Supplier<MetaResultSet> query) {
    return newStatement(ch, query, rs -> rs == null ? -1 : rs.statementId);
  }

  @Override
  public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
    return metadata(ch, () -> super.getSchemas(ch, catalog, schemaPattern));
  }

  @Override
  public MetaResultSet getProcedures(ConnectionHandle ch, String catalog, Pat schemaPattern,
      Pat procedureNamePattern) {
    return metadata(ch, () -> super.getProcedures(ch, catalog, schemaPattern, procedureNamePattern));
  }

  @Override
  public MetaResultSet getProcedureColumns(ConnectionHandle ch, String catalog, Pat schemaPattern,
      Pat procedureNamePattern, Pat columnNamePattern) {
    return metadata(ch, () -> super.getProcedureColumns(ch, catalog, schemaPattern, procedureNamePattern,
        columnNamePattern));
  }

  @Override
  public MetaResultSet getColumnPrivileges(ConnectionHandle ch, String catalog, String schema, String table,
      Pat columnNamePattern) {
    return metadata(ch, () -> super.getColumnPrivileges(ch, catalog, schema, table, columnNamePattern));
  }

  @Override
  public MetaResultSet getTablePrivileges(ConnectionHandle ch, String catalog, Pat schemaPattern,
      Pat tableNamePattern) {
    return metadata(ch, () -> super.getTablePrivileges(ch, catalog, schemaPattern, tableNamePattern));
  }

  @Override
  public MetaResultSet getBestRowIdentifier(ConnectionHandle ch, String catalog, String schema, String table,
      int scope, boolean nullable) {
    return metadata(ch, () -> super.getBestRowIdentifier(ch, catalog, schema, table, scope, nullable));
  }

  @Override
  public MetaResultSet getVersionColumns(ConnectionHandle ch, String catalog, String schema, String table) {
    return metadata(ch, () -> super.getVersionColumns(ch, catalog, schema, table));
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    rejectWrites(sql);
    return newStatement(ch, () -> super.prepare(ch, sql, maxRowCount), h -> h.id);
  }

  @Override
  @SuppressWarnings("deprecation")
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, PrepareCallback callback)
      throws NoSuchStatementException {
    return prepareAndExecute(h, sql, maxRowCount, AvaticaUtils.toSaturatedInt(maxRowCount), callback);
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
      PrepareCallback callback) throws NoSuchStatementException {
    requireStatement(h);
    if (MetadataCall.isCall(sql)) {
      return new ExecuteResult(List.of(answer(h.connectionId, h.id, MetadataCall.parse(sql))));
    }
    rejectWrites(sql);
    int frame = limits.frameRows(maxRowsInFirstFrame);
    return measured(() -> againWhenStale(h, false, () -> super.prepareAndExecute(h, sql, maxRowCount, frame,
        callback)));
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
      throws NoSuchStatementException {
    requireStatement(h);
    sqlCommands.forEach(this::rejectWrites);
    return super.prepareAndExecuteBatch(h, sqlCommands);
  }

  @Override
  public ExecuteBatchResult executeBatchProtobuf(StatementHandle h, List<UpdateBatch> updateBatches)
      throws NoSuchStatementException {
    requireStatement(h);
    return super.executeBatchProtobuf(h, updateBatches);
  }

  /**
   * Re-creates a statement's results from a {@link QueryState}: the same checks as executing it, since a
   * state may carry SQL of its own.
   */
  @Override
  public boolean syncResults(StatementHandle sh, QueryState state, long offset) throws NoSuchStatementException {
    requireStatement(sh);
    if (state != null && state.type == StateType.SQL) {
      rejectWrites(state.sql);
    }
    try {
      return super.syncResults(sh, state, offset);
    } catch (RuntimeException | Error e) {
      throw translate(ErrorsInStatements.wrap(e));
    }
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValues)
      throws NoSuchStatementException {
    requireStatement(h);
    return super.executeBatch(h, parameterValues);
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    requireStatement(h);
    try {
      Frame f = super.fetch(h, offset, limits.frameRows(fetchMaxRowCount));
      GatewayMetrics m = metrics;
      if (m != null && f.rows instanceof Collection<?> c) {
        m.rows(c.size());
      }
      return f;
    } catch (RuntimeException | Error e) {
      throw translate(ErrorsInStatements.wrap(e));
    }
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
      throws NoSuchStatementException {
    requireStatement(h);
    int frame = limits.frameRows(maxRowsInFirstFrame);
    return measured(() -> againWhenStale(h, true, () -> super.execute(h, parameterValues, frame)));
  }

  /**
   * Runs an execution. When its plan was to read a mirrored table whose copy has since gone stale for the
   * connection, the statement is prepared again ({@code prepared}: in place of the one the handle names), which
   * then reads Stripe or fails as MirrorWhenStale says, and runs once more: the PostgreSQL endpoint does the same.
   */
  private ExecuteResult againWhenStale(StatementHandle h, boolean prepared, Callable<ExecuteResult> run)
      throws Exception {
    try {
      return run.call();
    } catch (RuntimeException e) {
      if (!StripeAdapter.preparedAgainWouldAnswer(e) || prepared && h.signature == null) {
        throw e;
      }
      if (prepared) {
        // the handle comes from the client: its text gets every check a prepare gets
        rejectWrites(h.signature.sql);
        PreparedStatement again = getConnection(h.connectionId).prepareStatement(h.signature.sql);
        getStatementCache().put(h.id, new StatementInfo(again));   // the cache closes the statement it replaces
      }
      return run.call();
    }
  }

  // DatabaseMetaData. Calcite answers getTables in hash order, lists internal types, and knows no keys;
  // Avatica's protocol carries no key or function calls, which the stripe-sql driver sends as a
  // MetadataCall (docs/design.md, "Metadata Avatica does not carry"). None of it calls Stripe.

  @Override
  public MetaResultSet getTables(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern,
      List<String> typeList) {
    return metadata(ch, () -> {
      MetaResultSet rs = super.getTables(ch, catalog, schemaPattern, tableNamePattern, typeList);
      return fromCatalog(() -> TableMetadata.tables(rs, getConnection(ch.id)));
    });
  }

  @Override
  public MetaResultSet getTableTypes(ConnectionHandle ch) {
    return metadata(ch, () -> {
      MetaResultSet rs = super.getTableTypes(ch);
      return fromCatalog(() -> TableMetadata.tableTypes(rs, getConnection(ch.id)));
    });
  }

  /** No catalogs: every table's TABLE_CAT is null, so no catalog name would select one. */
  @Override
  public MetaResultSet getCatalogs(ConnectionHandle ch) {
    return metadata(ch, () -> MetaRows.withRows(super.getCatalogs(ch), List.of()));
  }

  @Override
  public MetaResultSet getTypeInfo(ConnectionHandle ch) {
    return metadata(ch, () -> TypeMetadata.sqlTypes(super.getTypeInfo(ch)));
  }

  @Override
  public MetaResultSet getPrimaryKeys(ConnectionHandle ch, String catalog, String schema, String table) {
    return answer(ch.id, createStatement(ch).id, MetadataCall.of(MetadataCall.PRIMARY_KEYS, catalog, schema, table));
  }

  @Override
  public MetaResultSet getImportedKeys(ConnectionHandle ch, String catalog, String schema, String table) {
    return answer(ch.id, createStatement(ch).id, MetadataCall.of(MetadataCall.IMPORTED_KEYS, catalog, schema, table));
  }

  @Override
  public MetaResultSet getExportedKeys(ConnectionHandle ch, String catalog, String schema, String table) {
    return answer(ch.id, createStatement(ch).id, MetadataCall.of(MetadataCall.EXPORTED_KEYS, catalog, schema, table));
  }

  @Override
  public MetaResultSet getCrossReference(ConnectionHandle ch, String parentCatalog, String parentSchema,
      String parentTable, String foreignCatalog, String foreignSchema, String foreignTable) {
    return answer(ch.id, createStatement(ch).id, MetadataCall.of(MetadataCall.CROSS_REFERENCE, parentCatalog,
        parentSchema, parentTable, foreignCatalog, foreignSchema, foreignTable));
  }

  /** No indexes: an empty answer with JDBC's columns. */
  @Override
  public MetaResultSet getIndexInfo(ConnectionHandle ch, String catalog, String schema, String table,
      boolean unique, boolean approximate) {
    return answer(ch.id, createStatement(ch).id, MetadataCall.of(MetadataCall.INDEX_INFO, catalog, schema, table,
        unique, approximate));
  }

  @Override
  public MetaResultSet getFunctions(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat functionNamePattern) {
    return answer(ch.id, createStatement(ch).id, MetadataCall.of(MetadataCall.FUNCTIONS, catalog, schemaPattern.s,
        functionNamePattern.s));
  }

  /** A metadata call's answer on a statement of the connection: Calcite's columns, the gateway's rows. */
  private MetaResultSet answer(String connectionId, int statementId, MetadataCall call) {
    return fromCatalog(() -> {
      Connection c = getConnection(connectionId);
      Signature signature;
      try (ResultSet shape = MetadataAnswers.shape(c, call)) {
        signature = MetadataAnswers.jdbcNames(signature(shape.getMetaData()));
      }
      Frame rows = new Frame(0, true, new ArrayList<>(MetadataAnswers.rows(c, call)));
      return MetaResultSet.create(connectionId, statementId, true, signature, rows);
    });
  }

  /** Metadata read from the connection's schemas: a failure is the gateway's, not Stripe's. */
  private interface CatalogRead {
    MetaResultSet read() throws SQLException;
  }

  private static MetaResultSet fromCatalog(CatalogRead read) {
    try {
      return read.read();
    } catch (SQLException e) {
      throw new RuntimeException(e);
    }
  }
}
