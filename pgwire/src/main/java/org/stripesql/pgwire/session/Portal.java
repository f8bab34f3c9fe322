package org.stripesql.pgwire.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.pgwire.protocol.MessageWriter;
import org.stripesql.pgwire.sql.Command;

/**
 * A bound statement being executed: its parameter values, the result formats the client asked for, and
 * once started the open result set, read {@code maxRows} at a time so that a large result streams
 * (Execute with a row limit, then PortalSuspended; cursors' FETCH).
 */
final class Portal implements AutoCloseable {
  private final String name;
  private final Command command;
  private final QueryPlan plan;
  private final Object[] parameters;
  private final short[] resultFormats;
  private final boolean hold;
  private PreparedStatement statement;
  private boolean ownStatement;
  private ResultSet rows;
  private boolean done;
  private RowSink sink;

  Portal(String name, Command command, QueryPlan plan, Object[] parameters, short[] resultFormats, boolean hold) {
    this.name = name;
    this.command = command;
    this.plan = plan;
    this.parameters = parameters;
    this.resultFormats = resultFormats;
    this.hold = hold;
  }

  String name() {
    return name;
  }

  Command command() {
    return command;
  }

  QueryPlan plan() {
    return plan;
  }

  /** A cursor declared WITH HOLD outlives its transaction. */
  boolean hold() {
    return hold;
  }

  int format(int column) {
    return sink != null || resultFormats.length == 0 ? 0 : resultFormats.length == 1 ? resultFormats[0] : resultFormats[column];
  }

  /** RowDescription's fields, in the formats of this portal. */
  List<MessageWriter.Field> fields() {
    List<MessageWriter.Field> out = new ArrayList<>();
    List<ResultColumn> cols = plan.columns();
    for (int i = 0; i < cols.size(); i++) {
      out.add(cols.get(i).field(format(i)));
    }
    return out;
  }

  /** Where rows go instead of DataRow messages (COPY's CopyData). */
  interface RowSink {
    void row(byte[][] textValues) throws IOException;
  }

  /** Sends the rows, each value in text, to {@code rows} instead of as DataRows. */
  void sendTo(RowSink rows) {
    this.sink = rows;
  }

  private void send(MessageWriter out, byte[][] values) throws IOException {
    if (sink != null) {
      sink.row(values);
    } else {
      out.dataRow(values);
    }
  }

  /** What one execution did: rows sent, and whether the portal has more (PortalSuspended). */
  record Outcome(long rows, boolean suspended) {}

  /**
   * Sends up to {@code maxRows} rows (0: all) as DataRows; {@code skip}: reads them without sending
   * (MOVE). The session calls {@code running} with the statement while it runs, so it can be cancelled.
   * The statement's warnings go out as NoticeResponses before the caller's CommandComplete or
   * PortalSuspended, or before the ErrorResponse of a failure.
   */
  Outcome execute(long maxRows, boolean skip, MessageWriter out, Owner owner, Execution session, Calendar utc)
      throws SQLException, IOException {
    if (done) {
      return new Outcome(0, false);
    }
    try {
      if (rows == null) {
        start(owner, session, utc);
      } else {
        session.running(statement);
      }
      return plan.explains() ? explain(skip, out, owner) : rows(maxRows, skip, out, owner, session, utc);
    } catch (SQLException | RuntimeException e) {
      if (statement != null) {
        WarningNotices.sendBeforeError(statement, out, e);
      }
      throw e;
    }
  }

  private void start(Owner owner, Execution session, Calendar utc) throws SQLException {
    statement = plan.statement();
    ownStatement = owner.claim(plan, this);
    if (ownStatement) {
      statement = plan.another();
    }
    WarningNotices.starting(statement);
    Parameters.apply(statement, plan, parameters, utc);
    session.running(statement);
    session.started();
    try {
      rows = statement.executeQuery();
    } catch (SQLException e) {
      if (!StripeAdapter.preparedAgainWouldAnswer(e)) {
        throw e;
      }
      rows = againReadingStripe(owner, session, utc);
    }
  }

  private Outcome rows(long maxRows, boolean skip, MessageWriter out, Owner owner, Execution session, Calendar utc)
      throws SQLException, IOException {
    List<ResultColumn> cols = plan.columns();
    int n = cols.size();
    long sent = 0;
    while (maxRows <= 0 || sent < maxRows) {
      session.checkCancelled();
      if (!rows.next()) {
        WarningNotices.send(statement, out);
        finish(owner);
        return new Outcome(sent, false);
      }
      if (!skip) {
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
          ResultColumn c = cols.get(i);
          values[i] = c.encode(c.read(rows, i + 1, utc), format(i));
        }
        send(out, values);
      }
      sent++;
    }
    WarningNotices.send(statement, out);
    return new Outcome(sent, true);
  }

  /**
   * The statement was prepared to read a mirrored table whose copy has since gone stale for this session:
   * prepared again, it reads Stripe (or fails, as MirrorWhenStale says).
   */
  private ResultSet againReadingStripe(Owner owner, Execution session, Calendar utc) throws SQLException {
    PreparedStatement again = plan.another();
    if (ownStatement) {
      statement.close();
    } else {
      owner.release(plan, this);
    }
    statement = again;
    ownStatement = true;
    Parameters.apply(statement, plan, parameters, utc);
    session.running(statement);
    WarningNotices.starting(statement);
    return statement.executeQuery();
  }

  /** An EXPLAIN's one row of plan text, sent a line a row. */
  private Outcome explain(boolean skip, MessageWriter out, Owner owner) throws SQLException, IOException {
    long n = 0;
    while (rows.next()) {
      for (String line : String.valueOf(rows.getString(1)).split("\n")) {
        if (!line.isBlank() && !skip) {
          out.dataRow(new byte[][] {line.getBytes(StandardCharsets.UTF_8)});
        }
        n += line.isBlank() ? 0 : 1;
      }
    }
    finish(owner);
    return new Outcome(n, false);
  }

  private void finish(Owner owner) {
    done = true;
    closeRows(owner);
  }

  private void closeRows(Owner owner) {
    if (rows != null) {
      try {
        rows.close();
      } catch (SQLException e) {
        // the rows were read or abandoned; nothing to tell the client
      }
      rows = null;
    }
    if (statement != null) {
      if (ownStatement) {
        try {
          statement.close();
        } catch (SQLException e) {
          // as above
        }
      } else if (owner != null) {
        owner.release(plan, this);
      }
      statement = null;
    }
  }

  /** Closes the result set (no further Stripe requests for it) and gives back the statement. */
  void close(Owner owner) {
    closeRows(owner);
  }

  @Override
  public void close() {
    closeRows(null);
  }

  /** Who holds the plans' statements: a plan's statement serves one portal at a time. */
  interface Owner {
    /** Claims the plan's statement for {@code portal}; true when it is in use and the portal needs its own. */
    boolean claim(QueryPlan plan, Portal portal);

    void release(QueryPlan plan, Portal portal);
  }

  /** What a running portal tells its session and asks of it. */
  interface Execution {
    /** The statement now running (for cancel). */
    void running(PreparedStatement statement);

    /** Throws when the client cancelled the running statement. */
    void checkCancelled();

    /** A query execution starts. */
    void started();
  }
}
