package org.stripesql.pgwire.session;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Calendar;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.protocol.MessageWriter;

/**
 * The statement a session is running and the client's CancelRequest for it: a cancel stops the running
 * Calcite statement (no further Stripe requests) and fails the statement with 57014. Counts executions,
 * rows and cancels for the endpoint.
 */
final class StatementControl implements Portal.Execution {
  private final EndpointCounters counters;
  private final Calendar utc = ResultColumn.utc();
  private volatile PreparedStatement running;
  private volatile boolean cancelled;

  StatementControl(EndpointCounters counters) {
    this.counters = counters;
  }

  /** A new statement from the client: a cancel of an earlier one no longer applies. */
  void begin() {
    cancelled = false;
  }

  /** The statement ended (done or failed). */
  void end() {
    running = null;
  }

  boolean cancelled() {
    return cancelled;
  }

  /** CancelRequest: stops the running statement; does nothing when idle. */
  void cancel() {
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

  /** Sends up to {@code maxRows} rows of {@code portal} (0: all; {@code skip}: MOVE), counting what it did. */
  Portal.Outcome run(Portal portal, long maxRows, boolean skip, Portal.Owner owner, MessageWriter out)
      throws IOException, SQLException {
    try {
      Portal.Outcome o = portal.execute(maxRows, skip, out, owner, this, utc);
      counters.countRows(o.rows());
      if (o.suspended()) {
        counters.countSuspended();
      }
      return o;
    } finally {
      running = null;
    }
  }

  @Override
  public void running(PreparedStatement statement) {
    running = statement;
  }

  @Override
  public void checkCancelled() {
    if (cancelled) {
      throw new PgSqlException(ErrorMapper.QUERY_CANCELED, "canceling statement due to user request");
    }
  }

  @Override
  public void started() {
    counters.countExecution();
  }
}
