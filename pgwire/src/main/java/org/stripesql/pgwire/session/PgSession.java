package org.stripesql.pgwire.session;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.calcite.jdbc.CalciteConnection;
import org.stripesql.pgwire.catalog.CatalogBuilder;
import org.stripesql.pgwire.catalog.CatalogInstaller;
import org.stripesql.pgwire.catalog.CatalogSnapshot;
import org.stripesql.pgwire.catalog.PgContext;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.catalog.Settings;
import org.stripesql.pgwire.protocol.MessageWriter;
import org.stripesql.pgwire.protocol.PgError;
import org.stripesql.pgwire.sql.Command;
import org.stripesql.pgwire.sql.CommandParser;
import org.stripesql.pgwire.sql.SqlScanner;
import org.stripesql.pgwire.sql.StatementText;
import org.stripesql.pgwire.types.PgType;

/**
 * One client's session on its own Calcite connection, as the connection handler sees it: the simple
 * query protocol, the extended one (Parse, Bind, Describe, Execute, Close, Sync), cancel and errors.
 * Its parts: {@link StatementRegistry}, {@link TransactionBlock}, {@link SettingCommands},
 * {@link StatementControl}; every call that reaches Calcite runs with this session's {@link PgContext}.
 */
public final class PgSession implements AutoCloseable {
  private static final int[] NO_TYPES = new int[0];
  private final Connection connection;
  private final PgContext context;
  private final StatementRegistry registry;
  private final TransactionBlock transaction = new TransactionBlock();
  private final SettingCommands settings;
  private final StatementControl control;
  private final ResultTyping typing;
  private volatile CatalogSnapshot snapshot;

  /**
   * A session on {@code connection} (a Calcite connection with the user's model, which the session owns
   * and closes) for {@code user}, known to CancelRequest as backend {@code pid}.
   */
  public PgSession(Connection connection, String user, int pid, EndpointCounters counters) throws SQLException {
    this(connection, user, pid, counters, Integer.MAX_VALUE);
  }

  /** The same, holding at most {@code maxStatements} named statements, portals and cursors at once. */
  public PgSession(Connection connection, String user, int pid, EndpointCounters counters, int maxStatements)
      throws SQLException {
    this.connection = connection;
    this.registry = new StatementRegistry(maxStatements);
    counters.countSession();
    String schema = connection.unwrap(CalciteConnection.class).getSchema();
    Settings values = new Settings(user, schema == null ? "" : schema);
    MirrorSettingValues.show(connection, values);
    this.settings = new SettingCommands(values, connection, () -> snapshot = null);
    this.context = new PgContext(this::catalog, user, pid, values::get);
    this.control = new StatementControl(counters);
    this.typing = new ResultTyping(this::catalog);
    CatalogInstaller.install(connection, this::catalog);
  }

  private CatalogSnapshot catalog() {
    CatalogSnapshot s = snapshot;
    if (s == null) {
      try {
        s = CatalogBuilder.build(connection);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the schemas of the connection: " + e.getMessage(), e);
      }
      snapshot = s;
    }
    return s;
  }

  /** The settings reported at startup, as ParameterStatus. */
  public Map<String, String> reportedSettings() {
    return settings.reported();
  }

  /** Applies a startup parameter (client_encoding, DateStyle, TimeZone, application_name...). */
  public void startupParameter(String name, String value) throws SQLException {
    settings.startup(name, value);
  }

  /** ReadyForQuery's status: {@code I} idle, {@code T} in a transaction block, {@code E} in a failed one. */
  public char status() {
    return transaction.state().status();
  }

  /** After an error: a transaction block becomes failed; the running statement is forgotten. */
  public void failed() {
    transaction.failed();
    control.end();
  }

  /** CancelRequest: stops the running statement (no further Stripe requests); does nothing when idle. */
  public void cancel() {
    control.cancel();
  }

  /** The error a failure shows the client; {@code sql} and {@code offset}: the statement, for the position. */
  public PgError error(Throwable e, String sql, int offset) {
    return ErrorMapper.map(e, control.cancelled(), sql, offset);
  }

  private <T> T inContext(Callable<T> work) throws IOException, SQLException {
    try {
      return context.run(work);
    } catch (IOException | SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- simple query protocol

  /** A Query message: its statements in turn, each answered; stops at the first error (thrown). */
  public void simpleQuery(String sql, MessageWriter out) throws IOException, SQLException {
    control.begin();
    List<StatementText> statements = SqlScanner.split(sql);
    if (statements.isEmpty()) {
      out.emptyQueryResponse();
      return;
    }
    try {
      for (StatementText s : statements) {
        try {
          inContext(() -> {
            simple(CommandParser.parse(s), out);
            return null;
          });
        } catch (IOException | SQLException | RuntimeException e) {
          throw new StatementFailure(e, s.sql(), s.offset());
        }
      }
    } finally {
      registry.closePortal("");
      endOfImplicitTransaction();
    }
  }

  /** A failure with the statement it happened in (for the error's position). */
  public static final class StatementFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sql;
    private final int offset;

    StatementFailure(Throwable cause, String sql, int offset) {
      super(cause);
      this.sql = sql;
      this.offset = offset;
    }

    public String sql() {
      return sql;
    }

    public int offset() {
      return offset;
    }
  }

  private void simple(Command c, MessageWriter out) throws IOException, SQLException {
    transaction.checkNotFailed(c);
    QueryPlan plan = plan(c, NO_TYPES);
    if (plan != null) {
      try (Portal portal = new Portal("", c, plan, new Object[0], new short[0], false)) {
        out.rowDescription(portal.fields());
        Portal.Outcome o = control.run(portal, 0, false, registry, out);
        out.commandComplete(tag(c, o));
        portal.close(registry);
      } finally {
        plan.close();
      }
    } else {
      command(c, out, true);
    }
  }

  // ---- extended query protocol

  /** Parse: a named (or the unnamed) statement. */
  public void parse(String name, String sql, int[] parameterTypes) throws IOException, SQLException {
    control.begin();
    registry.checkNewStatement(name);
    List<StatementText> statements = SqlScanner.split(sql);
    if (statements.size() > 1) {
      throw new PgSqlException("42601", "cannot insert multiple commands into a prepared statement");
    }
    Command c = statements.isEmpty() ? new Command.Empty() : CommandParser.parse(statements.get(0));
    transaction.checkNotFailed(c);
    if (c instanceof Command.Refused r) {
      throw new PgSqlException(r.sqlState(), r.message());
    }
    QueryPlan plan = inContext(() -> plan(c, parameterTypes));
    registry.putStatement(name, new StatementRegistry.Prepared(c, plan));
  }

  /** Bind: a portal over a statement with parameter values. */
  public void bind(String portalName, String statementName, short[] formats, byte[][] values, short[] resultFormats)
      throws IOException, SQLException {
    StatementRegistry.Prepared p = registry.statement(statementName);
    transaction.checkNotFailed(p.command());
    registry.checkNewPortal(portalName);
    Object[] params = p.plan() == null ? new Object[0] : Parameters.decode(p.plan(), formats, values);
    registry.putPortal(new Portal(portalName, p.command(), p.plan(), params, resultFormats, false));
  }

  /** Describe S: ParameterDescription, then RowDescription or NoData. */
  public void describeStatement(String name, MessageWriter out) throws IOException {
    StatementRegistry.Prepared p = registry.statement(name);
    if (p.plan() == null) {
      out.parameterDescription(new int[0]);
      describeCommand(p.command(), out);
      return;
    }
    PgType[] types = p.plan().parameterTypes();
    int[] oids = new int[types.length];
    for (int i = 0; i < types.length; i++) {
      oids[i] = types[i].oid();
    }
    out.parameterDescription(oids);
    if (p.plan().columns().isEmpty()) {
      out.noData();
    } else {
      List<MessageWriter.Field> fields = new ArrayList<>();
      p.plan().columns().forEach(col -> fields.add(col.field(0)));
      out.rowDescription(fields);
    }
  }

  /** Describe P: RowDescription in the portal's formats, or NoData. */
  public void describePortal(String name, MessageWriter out) throws IOException {
    Portal portal = registry.portal(name);
    if (portal.plan() == null) {
      describeCommand(portal.command(), out);
    } else if (portal.plan().columns().isEmpty()) {
      out.noData();
    } else {
      out.rowDescription(portal.fields());
    }
  }

  private void describeCommand(Command c, MessageWriter out) throws IOException {
    if (c instanceof Command.Show s) {
      out.rowDescription(settings.fields(s));
    } else if (c instanceof Command.Fetch f && registry.hasPortal(f.name()) && !f.move()) {
      out.rowDescription(registry.cursor(f.name()).fields());
    } else {
      out.noData();
    }
  }

  /** Execute: up to {@code maxRows} rows (0: all), then CommandComplete or PortalSuspended. */
  public void execute(String name, int maxRows, MessageWriter out) throws IOException, SQLException {
    control.begin();
    Portal portal = registry.portal(name);
    transaction.checkNotFailed(portal.command());
    inContext(() -> {
      if (portal.plan() == null) {
        command(portal.command(), out, false);
        return null;
      }
      Portal.Outcome o = control.run(portal, maxRows, false, registry, out);
      if (o.suspended()) {
        out.portalSuspended();
      } else {
        out.commandComplete(tag(portal.command(), o));
      }
      return null;
    });
  }

  /** Close S. */
  public void closeStatement(String name) {
    registry.closeStatement(name);
  }

  /** Close P. */
  public void closePortal(String name) {
    registry.closePortal(name);
  }

  /** Sync: the end of an implicit transaction (outside a block, portals end with it). */
  public void sync() {
    endOfImplicitTransaction();
  }

  private void endOfImplicitTransaction() {
    if (transaction.state() == TransactionState.IDLE) {
      registry.closePortals(false);
    }
  }

  // ---- statements the session answers itself

  /** {@code describe}: the simple protocol, where SHOW and FETCH send their RowDescription first. */
  private void command(Command c, MessageWriter out, boolean describe) throws IOException, SQLException {
    if (c instanceof Command.Empty) {
      out.emptyQueryResponse();
    } else if (c instanceof Command.Refused r) {
      throw new PgSqlException(r.sqlState(), r.message());
    } else if (c instanceof Command.Set s) {
      settings.set(s, out);
    } else if (c instanceof Command.Reset r) {
      settings.reset(r, out);
    } else if (c instanceof Command.Show s) {
      settings.show(s, out, describe);
    } else if (c instanceof Command.Transaction t) {
      out.commandComplete(transaction.apply(t, e -> notice(e, out), registry::closePortals));
    } else if (c instanceof Command.Deallocate d) {
      deallocate(d);
      out.commandComplete(c.tag());
    } else if (c instanceof Command.Declare d) {
      registry.checkNewPortal(d.name());
      registry.putPortal(new Portal(d.name(), d, plan(d.query(), NO_TYPES), new Object[0], new short[0], d.hold()));
      out.commandComplete(c.tag());
    } else if (c instanceof Command.Close cl) {
      close(cl);
      out.commandComplete(c.tag());
    } else if (c instanceof Command.Fetch f) {
      fetch(f, out, describe);
    } else if (c instanceof Command.Copy copy) {
      copy(copy, out);
    } else {
      out.commandComplete(c.tag());
    }
  }

  private static void notice(PgError e, MessageWriter out) {
    try {
      out.error(e, true);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private void deallocate(Command.Deallocate d) {
    if (d.name() == null) {
      registry.closeStatements();
    } else if (registry.hasStatement(d.name())) {
      registry.closeStatement(d.name());
    } else {
      throw new PgSqlException("26000", "prepared statement \"" + d.name() + "\" does not exist");
    }
  }

  private void close(Command.Close cl) {
    if (cl.name() == null) {
      registry.closePortals(true);
    } else if (registry.hasPortal(cl.name())) {
      registry.closePortal(cl.name());
    } else {
      throw new PgSqlException("34000", "cursor \"" + cl.name() + "\" does not exist");
    }
  }

  private void fetch(Command.Fetch f, MessageWriter out, boolean describe) throws IOException, SQLException {
    Portal p = registry.cursor(f.name());
    if (describe && !f.move()) {
      out.rowDescription(p.fields());
    }
    Portal.Outcome o = control.run(p, f.count() < 0 ? 0 : f.count(), f.move(), registry, out);
    out.commandComplete((f.move() ? "MOVE " : "FETCH ") + o.rows());
  }

  /** COPY (query) TO STDOUT: CopyOutResponse, a CopyData a row, CopyDone, {@code COPY n}. */
  private void copy(Command.Copy copy, MessageWriter out) throws IOException, SQLException {
    QueryPlan plan = plan(copy.query(), NO_TYPES);
    try (Portal portal = new Portal("", copy, plan, new Object[0], new short[0], false)) {
      CopyOut lines = new CopyOut(copy, out);
      portal.sendTo(lines);
      out.copyOutResponse(plan.columns().size());
      lines.header(plan.columns().stream().map(ResultColumn::name).toList());
      Portal.Outcome o = control.run(portal, 0, false, registry, out);
      out.copyDone();
      out.commandComplete("COPY " + o.rows());
      portal.close(registry);
    } finally {
      plan.close();
    }
  }

  /** The plan of a query or an EXPLAIN; null for a statement the session answers itself. */
  private QueryPlan plan(Command c, int[] parameterTypes) throws SQLException {
    if (c instanceof Command.Query q) {
      return plan(q.text(), parameterTypes);
    }
    if (c instanceof Command.Explain e) {
      try (CatalogPlanning planning = CatalogPlanning.onThisThread()) {
        return QueryPlan.explain(connection, e.query().prefixed("EXPLAIN PLAN FOR "), parameterTypes, typing);
      }
    }
    return null;
  }

  private static String tag(Command c, Portal.Outcome o) {
    return c instanceof Command.Explain ? "EXPLAIN" : "SELECT " + o.rows();
  }

  private QueryPlan plan(StatementText text, int[] parameterTypes) throws SQLException {
    try (CatalogPlanning planning = CatalogPlanning.onThisThread()) {
      return QueryPlan.prepare(connection, text, parameterTypes, typing);
    }
  }

  @Override
  public void close() {
    registry.close();
    try {
      connection.close();
    } catch (SQLException e) {
      // the Calcite connection holds nothing a failed close leaks
    }
  }
}
