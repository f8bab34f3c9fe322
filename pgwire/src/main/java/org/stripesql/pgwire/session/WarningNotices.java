package org.stripesql.pgwire.session;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.pgwire.protocol.MessageWriter;
import org.stripesql.pgwire.protocol.PgError;

/**
 * The warnings of a running statement (connected accounts SkipUnreadableAccounts left out) as NoticeResponses
 * of severity WARNING, each sent once, before the statement's CommandComplete, PortalSuspended or
 * ErrorResponse: where PostgreSQL's own warnings arrive, so psql prints them, pgJDBC adds them to the
 * statement's {@code getWarnings()} and psycopg2 to {@code connection.notices}.
 */
final class WarningNotices {
  private WarningNotices() {}

  /** A statement is about to run (again): what an earlier execution left unsaid is of no concern now. */
  static void starting(Statement statement) throws SQLException {
    StripeAdapter.clearWarnings(statement);
  }

  /** Sends the statement's warnings not sent yet; {@code statement} must still be open. */
  static void send(Statement statement, MessageWriter out) throws SQLException, IOException {
    for (SQLWarning w = StripeAdapter.takeWarnings(statement); w != null; w = w.getNextWarning()) {
      out.error(PgError.warning(w.getSQLState(), w.getMessage()), true);
    }
  }

  /** The same on the way to an ErrorResponse, which a failure to send them must not replace. */
  static void sendBeforeError(Statement statement, MessageWriter out, Exception failure) {
    try {
      send(statement, out);
    } catch (SQLException | IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
