package org.stripesql.pgwire.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.calcite.jdbc.CalciteConnection;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.pgwire.catalog.CatalogBuilder;
import org.stripesql.pgwire.catalog.CatalogInstaller;
import org.stripesql.pgwire.catalog.CatalogSnapshot;
import org.stripesql.pgwire.catalog.PgContext;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.catalog.Settings;
import org.stripesql.pgwire.protocol.MessageWriter;
import org.stripesql.pgwire.protocol.PgError;
import org.stripesql.pgwire.sql.Command;
import org.stripesql.pgwire.sql.Command.Transaction.Action;
import org.stripesql.pgwire.sql.CommandParser;
import org.stripesql.pgwire.sql.SqlScanner;
import org.stripesql.pgwire.types.PgType;
import org.stripesql.pgwire.types.TypeMapping;

/**
 * One client's session on its own Calcite connection: settings, named statements and portals, the
 * transaction status clients track (the gateway is read-only, so a transaction only scopes portals and
 * savepoints), and the running statement a CancelRequest stops. The connection handler turns protocol
 * messages into these calls; every call that reaches Calcite runs with this session's {@link PgContext}.
 */
public final class PgSession implements AutoCloseable, Portal.Session {
  private final Connection connection;
  private final EndpointCounters counters;
  private final PgContext context;
  private final Settings settings;
  private final Calendar utc = ResultColumn.utc();
  private final Map<String, Prepared> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();
  private final Map<QueryPlan, Portal> inUse = new IdentityHashMap<>();
  private final Set<QueryPlan> retired = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Deque<String> savepoints = new ArrayDeque<>();
  private volatile CatalogSnapshot snapshot;
  private volatile PreparedStatement running;
  private volatile boolean cancelled;
  private char status = 'I';

  /** A parsed statement: what it is, and for a query its plan. */
  private record Prepared(Command command, QueryPlan plan) {}

  /**
   * A session on {@code connection} (a Calcite connection with the user's model, which the session owns
   * and closes) for {@code user}, known to CancelRequest as backend {@code pid}.
   */
  public PgSession(Connection connection, String user, int pid, EndpointCounters counters) throws SQLException {
    this.connection = connection;
    this.counters = counters;
    counters.countSession();
    String schema = connection.unwrap(CalciteConnection.class).getSchema();
    this.settings = new Settings(user, schema == null ? "" : schema);
    MirrorSettingValues.show(connection, settings);
    this.context = new PgContext(this::catalog, user, pid, settings::get);
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
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : Settings.REPORTED) {
      out.put(name, settings.get(name));
    }
    return out;
  }

  /** Applies a startup parameter (client_encoding, DateStyle, TimeZone, application_name...). */
  public void startupParameter(String name, String value) throws SQLException {
    if (StripeAdapter.isMirrorSetting(name)) {
      settings.set(name, MirrorSettingValues.apply(connection, name, value));
      return;
    }
    try {
      settings.set(name, value);
    } catch (PgSqlException e) {
      if (name.equalsIgnoreCase("client_encoding") || name.equalsIgnoreCase("DateStyle")) {
        throw e;
      }
    }
  }

  /** ReadyForQuery's status: {@code I} idle, {@code T} in a transaction block, {@code E} in a failed one. */
  public char status() {
    return status;
  }

  /** After an error: a transaction block becomes failed; the running statement is forgotten. */
  public void failed() {
    if (status == 'T') {
      status = 'E';
    }
    running = null;
  }

  /** Whether the client cancelled the statement that just failed. */
  public boolean wasCancelled() {
    return cancelled;
  }

  /** CancelRequest: stops the running statement (no further Stripe requests); does nothing when idle. */
  public void cancel() {
    PreparedStatement s = running;
    if (s != null) {
      cancelled = true;
      counters.countCancel();
      try {
        s.cancel();
      } catch (SQLException e) {
        // the statement has finished; nothing to stop
      }
    }
  }

  /** The error a failure shows the client. */
  public PgError error(Throwable e, String sql, int offset) {
    return ErrorMapper.map(e, cancelled, sql, offset);
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
    cancelled = false;
    List<SqlScanner.Piece> pieces = SqlScanner.split(sql);
    if (pieces.isEmpty()) {
      out.emptyQueryResponse();
      return;
    }
    try {
      for (SqlScanner.Piece p : pieces) {
        try {
          inContext(() -> {
            simple(CommandParser.parse(p.sql()), out);
            return null;
          });
        } catch (IOException | SQLException | RuntimeException e) {
          throw new StatementFailure(e, p.sql(), p.offset());
        }
      }
    } finally {
      closePortal("");
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
    checkNotFailed(c);
    if (c instanceof Command.Query q) {
      QueryPlan plan = plan(q.sql(), new int[0]);
      try (Portal portal = new Portal("", c, plan, new Object[0], new short[0], false)) {
        out.rowDescription(portal.fields());
        Portal.Outcome o = run(portal, 0, false, out);
        out.commandComplete("SELECT " + o.rows());
        portal.close(this);
      } finally {
        plan.close();
      }
      return;
    }
    if (c instanceof Command.Show s) {
      show(s, out, true);
      return;
    }
    if (c instanceof Command.Fetch f) {
      fetch(f, out, true);
      return;
    }
    command(c, out);
  }

  // ---- extended query protocol

  /** Parse: a named (or the unnamed) statement. */
  public void parse(String name, String sql, int[] parameterTypes) throws IOException, SQLException {
    cancelled = false;
    if (!name.isEmpty() && statements.containsKey(name)) {
      throw new PgSqlException("42P05", "prepared statement \"" + name + "\" already exists");
    }
    if (SqlScanner.split(sql).size() > 1) {
      throw new PgSqlException("42601", "cannot insert multiple commands into a prepared statement");
    }
    Command c = CommandParser.parse(sql);
    checkNotFailed(c);
    if (c instanceof Command.Refused r) {
      throw new PgSqlException(r.sqlState(), r.message());
    }
    QueryPlan plan = c instanceof Command.Query q ? inContext(() -> plan(q.sql(), parameterTypes)) : null;
    Prepared old = statements.put(name, new Prepared(c, plan));
    if (old != null && old.plan() != null) {
      retire(old.plan());
    }
  }

  /** Bind: a portal over a statement with parameter values. */
  public void bind(String portalName, String statementName, short[] formats, byte[][] values, short[] resultFormats)
      throws IOException, SQLException {
    Prepared p = statement(statementName);
    checkNotFailed(p.command());
    if (!portalName.isEmpty() && portals.containsKey(portalName)) {
      throw new PgSqlException("42P03", "cursor \"" + portalName + "\" already exists");
    }
    Object[] params = p.plan() == null ? new Object[0] : Parameters.decode(p.plan(), formats, values);
    closePortal(portalName);
    portals.put(portalName, new Portal(portalName, p.command(), p.plan(), params, resultFormats, false));
  }

  /** Describe S: ParameterDescription, then RowDescription or NoData. */
  public void describeStatement(String name, MessageWriter out) throws IOException {
    Prepared p = statement(name);
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
    Portal portal = portal(name);
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
      out.rowDescription(showFields(s));
    } else {
      out.noData();
    }
  }

  /** Execute: up to {@code maxRows} rows (0: all), then CommandComplete or PortalSuspended. */
  public void execute(String name, int maxRows, MessageWriter out) throws IOException, SQLException {
    cancelled = false;
    Portal portal = portal(name);
    checkNotFailed(portal.command());
    inContext(() -> {
      if (portal.plan() == null) {
        if (portal.command() instanceof Command.Show s) {
          show(s, out, false);
        } else {
          command(portal.command(), out);
        }
        return null;
      }
      Portal.Outcome o = run(portal, maxRows, false, out);
      if (o.suspended()) {
        out.portalSuspended();
      } else {
        out.commandComplete("SELECT " + o.rows());
      }
      return null;
    });
  }

  /** Close S. */
  public void closeStatement(String name) {
    Prepared p = statements.remove(name);
    if (p != null && p.plan() != null) {
      portals.values().removeIf(portal -> {
        if (portal.plan() == p.plan()) {
          portal.close(this);
          return true;
        }
        return false;
      });
      p.plan().close();
    }
  }

  /** Close P. */
  public void closePortal(String name) {
    Portal p = portals.remove(name);
    if (p != null) {
      dispose(p);
    }
  }

  /** Closes a portal, and the plan of a cursor (which only the cursor uses) or of a replaced statement. */
  private void dispose(Portal p) {
    p.close(this);
    QueryPlan plan = p.plan();
    if (plan != null && (p.command() instanceof Command.Declare || retired.contains(plan))) {
      boolean used = portals.values().stream().anyMatch(o -> o != p && o.plan() == plan);
      if (!used) {
        retired.remove(plan);
        plan.close();
      }
    }
  }

  /**
   * A statement's plan that the statement no longer needs (its name was parsed again): closed now, or
   * when the last portal reading it closes, as a portal outlives the unnamed statement it was bound from.
   */
  private void retire(QueryPlan plan) {
    if (portals.values().stream().anyMatch(p -> p.plan() == plan)) {
      retired.add(plan);
    } else {
      plan.close();
    }
  }

  /** Sync: the end of an implicit transaction (outside a block, portals end with it). */
  public void sync() {
    endOfImplicitTransaction();
  }

  private void endOfImplicitTransaction() {
    if (status == 'I') {
      closePortals(false);
    }
  }

  private Prepared statement(String name) {
    Prepared p = statements.get(name);
    if (p == null) {
      throw new PgSqlException("26000", "prepared statement \"" + name + "\" does not exist");
    }
    return p;
  }

  private Portal portal(String name) {
    Portal p = portals.get(name);
    if (p == null) {
      throw new PgSqlException("34000", "portal \"" + name + "\" does not exist");
    }
    return p;
  }

  // ---- statements the session answers itself

  private void checkNotFailed(Command c) {
    if (status != 'E') {
      return;
    }
    if (c instanceof Command.Transaction t && (t.action() == Action.ROLLBACK || t.action() == Action.COMMIT
        || t.action() == Action.ROLLBACK_TO)) {
      return;
    }
    throw new PgSqlException("25P02", "current transaction is aborted, commands ignored until end of transaction"
        + " block");
  }

  private void command(Command c, MessageWriter out) throws IOException, SQLException {
    if (c instanceof Command.Empty) {
      out.emptyQueryResponse();
    } else if (c instanceof Command.Refused r) {
      throw new PgSqlException(r.sqlState(), r.message());
    } else if (c instanceof Command.Set s) {
      set(s.name(), s.value(), out);
      out.commandComplete(c.tag());
    } else if (c instanceof Command.Reset r) {
      if (r.name() == null) {
        for (String name : Settings.NAMES) {
          resetQuietly(name, out);
        }
      } else {
        set(r.name(), null, out);
      }
      out.commandComplete(c.tag());
    } else if (c instanceof Command.Transaction t) {
      out.commandComplete(transaction(t, out));
    } else if (c instanceof Command.Deallocate d) {
      if (d.name() == null) {
        new ArrayList<>(statements.keySet()).forEach(this::closeStatement);
      } else if (statements.containsKey(d.name())) {
        closeStatement(d.name());
      } else {
        throw new PgSqlException("26000", "prepared statement \"" + d.name() + "\" does not exist");
      }
      out.commandComplete(c.tag());
    } else if (c instanceof Command.Declare d) {
      declare(d);
      out.commandComplete(c.tag());
    } else if (c instanceof Command.Close cl) {
      if (cl.name() == null) {
        closePortals(true);
      } else if (portals.containsKey(cl.name())) {
        closePortal(cl.name());
      } else {
        throw new PgSqlException("34000", "cursor \"" + cl.name() + "\" does not exist");
      }
      out.commandComplete(c.tag());
    } else if (c instanceof Command.Fetch f) {
      fetch(f, out, false);
    } else if (c instanceof Command.Show s) {
      show(s, out, false);
    } else {
      out.commandComplete(c.tag());
    }
  }

  private void resetQuietly(String name, MessageWriter out) throws IOException, SQLException {
    try {
      set(name, null, out);
    } catch (PgSqlException e) {
      // settings that cannot change keep their value
    }
  }

  private void set(String name, String value, MessageWriter out) throws IOException, SQLException {
    if (name.equalsIgnoreCase("search_path") && value != null) {
      searchPath(value);
    }
    String now = settings.set(name, MirrorSettingValues.apply(connection, name, value));
    if (settings.reported(name)) {
      out.parameterStatus(settings.spelling(name), now);
    }
  }

  /** search_path: the first of its schemas that the model has becomes the default schema. */
  private void searchPath(String value) throws SQLException {
    CalciteConnection c = connection.unwrap(CalciteConnection.class);
    for (String part : value.split(",")) {
      String name = part.trim().replace("\"", "");
      if (!name.isEmpty() && c.getRootSchema().subSchemas().get(name) != null
          && !name.equals("pg_catalog") && !name.equals("information_schema")) {
        c.setSchema(name);
        snapshot = null;
        return;
      }
    }
  }

  private String transaction(Command.Transaction t, MessageWriter out) throws IOException {
    switch (t.action()) {
      case BEGIN:
        if (status != 'I') {
          out.error(new PgError("WARNING", "25001", "there is already a transaction in progress", null, null, 0),
              true);
        }
        status = status == 'I' ? 'T' : status;
        return t.tag();
      case COMMIT:
      case ROLLBACK:
        if (status == 'I') {
          out.error(new PgError("WARNING", "25P01", "there is no transaction in progress", null, null, 0), true);
        }
        boolean wasFailed = status == 'E';
        status = 'I';
        savepoints.clear();
        closePortals(t.action() == Action.COMMIT && !wasFailed);
        return wasFailed ? "ROLLBACK" : t.tag();
      case SAVEPOINT:
        if (status == 'I') {
          throw new PgSqlException("25P01", "SAVEPOINT can only be used in transaction blocks");
        }
        savepoints.push(t.savepoint());
        return t.tag();
      case RELEASE:
      case ROLLBACK_TO:
        if (status == 'I') {
          throw new PgSqlException("25P01", t.tag() + " can only be used in transaction blocks");
        }
        if (!savepoints.contains(t.savepoint())) {
          throw new PgSqlException("3B001", "savepoint \"" + t.savepoint() + "\" does not exist");
        }
        while (!savepoints.peek().equals(t.savepoint())) {
          savepoints.pop();
        }
        if (t.action() == Action.RELEASE) {
          savepoints.pop();
        } else {
          status = 'T';
        }
        return t.tag();
      default:
        throw new IllegalStateException(t.action().toString());
    }
  }

  /** Closes portals at the end of a transaction; {@code keepHeld}: cursors WITH HOLD survive a commit. */
  private void closePortals(boolean keepHeld) {
    Iterator<Portal> it = portals.values().iterator();
    while (it.hasNext()) {
      Portal p = it.next();
      if (!(keepHeld && p.hold())) {
        dispose(p);
        it.remove();
      }
    }
  }

  private void declare(Command.Declare d) throws SQLException {
    if (portals.containsKey(d.name())) {
      throw new PgSqlException("42P03", "cursor \"" + d.name() + "\" already exists");
    }
    QueryPlan plan = plan(d.query(), new int[0]);
    portals.put(d.name(), new Portal(d.name(), d, plan, new Object[0], new short[0], d.hold()));
  }

  private void fetch(Command.Fetch f, MessageWriter out, boolean describe) throws IOException, SQLException {
    Portal p = portals.get(f.name());
    if (p == null || !(p.command() instanceof Command.Declare)) {
      throw new PgSqlException("34000", "cursor \"" + f.name() + "\" does not exist");
    }
    if (describe && !f.move()) {
      out.rowDescription(p.fields());
    }
    Portal.Outcome o = run(p, f.count() < 0 ? 0 : f.count(), f.move(), out);
    out.commandComplete((f.move() ? "MOVE " : "FETCH ") + o.rows());
  }

  private List<MessageWriter.Field> showFields(Command.Show s) {
    if (s.name().equalsIgnoreCase("all")) {
      return List.of(text("name"), text("setting"), text("description"));
    }
    return List.of(text(settings.spelling(s.name()).toLowerCase(Locale.ROOT)));
  }

  private static MessageWriter.Field text(String name) {
    return new MessageWriter.Field(name, 0, 0, PgType.TEXT.oid(), -1, -1, 0);
  }

  private void show(Command.Show s, MessageWriter out, boolean describe) throws IOException {
    if (s.name().equalsIgnoreCase("all")) {
      if (describe) {
        out.rowDescription(showFields(s));
      }
      int n = 0;
      for (Map.Entry<String, String> e : settings.all().entrySet()) {
        out.dataRow(new byte[][] {bytes(e.getKey()), bytes(e.getValue()), bytes("")});
        n++;
      }
      out.commandComplete("SHOW");
      return;
    }
    String value = settings.get(s.name());
    if (value == null) {
      throw new PgSqlException("42704", "unrecognized configuration parameter \"" + s.name() + "\"");
    }
    if (describe) {
      out.rowDescription(showFields(s));
    }
    out.dataRow(new byte[][] {bytes(value)});
    out.commandComplete("SHOW");
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- queries

  private QueryPlan plan(String sql, int[] parameterTypes) throws SQLException {
    try (CatalogPlanning planning = CatalogPlanning.onThisThread()) {
      return QueryPlan.prepare(connection, sql, parameterTypes, this::column);
    }
  }

  private Portal.Outcome run(Portal portal, long maxRows, boolean skip, MessageWriter out)
      throws IOException, SQLException {
    try {
      Portal.Outcome o = portal.execute(maxRows, skip, out, this, utc);
      counters.countRows(o.rows());
      if (o.suspended()) {
        counters.countSuspended();
      }
      return o;
    } finally {
      running = null;
    }
  }

  /** A result column's PostgreSQL type: from its origin when it is a column of a known relation. */
  private ResultColumn column(ResultSetMetaData md, int i) throws SQLException {
    int jdbc = md.getColumnType(i);
    PgType base = TypeMapping.ofJdbc(jdbc, md.getColumnTypeName(i));
    int typmod = -1;
    if (base == PgType.NUMERIC && md.getPrecision(i) > 0) {
      typmod = ((md.getPrecision(i) << 16) | Math.max(0, md.getScale(i))) + 4;
    }
    String table = md.getTableName(i);
    String column = md.getColumnName(i);
    if (table != null && !table.isEmpty() && column != null) {
      String schema = md.getSchemaName(i);
      String qualified = schema == null || schema.isEmpty() ? "\"" + table + "\"" : "\"" + schema + "\".\"" + table
          + "\"";
      for (CatalogSnapshot.Relation r : catalog().resolve(qualified).stream().toList()) {
        for (CatalogSnapshot.Attribute a : r.attributes()) {
          if (a.name().equals(column) && sameFamily(a.type(), base)) {
            return new ResultColumn(md.getColumnLabel(i), a.type(), a.typmod() != -1 ? a.typmod() : typmod, jdbc);
          }
        }
      }
    }
    return new ResultColumn(md.getColumnLabel(i), base, typmod, jdbc);
  }

  private static boolean sameFamily(PgType declared, PgType fromJdbc) {
    return family(declared) == family(fromJdbc);
  }

  private static int family(PgType t) {
    switch (t) {
      case INT4: case OID: case REGCLASS: case REGTYPE: case REGNAMESPACE:
        return 1;
      case NAME: case TEXT: case VARCHAR: case CHAR: case BPCHAR: case JSON: case JSONB: case REGPROC:
      case PG_NODE_TREE:
        return 2;
      case INT2VECTOR: case INT2_ARRAY:
        return 3;
      case OIDVECTOR: case OID_ARRAY: case INT4_ARRAY:
        return 4;
      default:
        return 100 + t.ordinal();
    }
  }

  // ---- Portal.Session

  @Override
  public boolean claim(QueryPlan plan, Portal portal) {
    Portal holder = inUse.get(plan);
    if (holder != null && holder != portal) {
      return true;
    }
    inUse.put(plan, portal);
    return false;
  }

  @Override
  public void release(QueryPlan plan, Portal portal) {
    inUse.remove(plan, portal);
  }

  @Override
  public void running(PreparedStatement statement) {
    running = statement;
  }

  @Override
  public CatalogSnapshot catalogSnapshot() {
    return catalog();
  }

  @Override
  public void started() {
    counters.countExecution();
  }

  @Override
  public void checkCancelled() {
    if (cancelled) {
      throw new PgSqlException(ErrorMapper.QUERY_CANCELED, "canceling statement due to user request");
    }
  }

  @Override
  public void close() {
    for (Portal p : portals.values()) {
      dispose(p);
    }
    portals.clear();
    for (Prepared p : statements.values()) {
      if (p.plan() != null) {
        p.plan().close();
      }
    }
    statements.clear();
    try {
      connection.close();
    } catch (SQLException e) {
      // the Calcite connection holds nothing a failed close leaks
    }
  }
}
