package org.stripesql.adapter;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.jdbc.CalciteConnection;
import org.stripesql.adapter.scan.StatementWarnings;

/**
 * The {@link StatementWarnings} of a JDBC statement of a Calcite connection in this process, found by the
 * statement's cancel flag (the one Calcite hands each execution of it), as a JDBC warning chain. Calcite's
 * statements answer {@code getWarnings()} with null, and their classes cannot be extended outside Calcite's
 * package, so hosts ask here.
 */
final class JdbcStatementWarnings {
  private JdbcStatementWarnings() {}

  /** The statement's warnings; null for a closed statement or one of another driver (an Avatica client's). */
  static StatementWarnings of(Statement statement) throws SQLException {
    if (statement == null || statement.isClosed() || !statement.isWrapperFor(AvaticaStatement.class)) {
      return null;
    }
    AvaticaStatement s = statement.unwrap(AvaticaStatement.class);
    if (!s.connection.isWrapperFor(CalciteConnection.class)) {
      return null;   // a remote statement: its executions run in another process
    }
    try {
      // an open statement's flag; asked after the statement closed, Avatica would make a new one
      return StatementWarnings.ofStatement(s.connection.getCancelFlag(s.handle));
    } catch (NoSuchStatementException e) {
      return null;
    }
  }

  /** {@code warnings} as a chain, oldest first; null when there are none. */
  static SQLWarning chain(List<StatementWarnings.Warning> warnings) {
    SQLWarning first = null;
    for (StatementWarnings.Warning w : warnings) {
      SQLWarning next = new SQLWarning(w.message(), w.sqlState());
      if (first == null) {
        first = next;
      } else {
        first.setNextWarning(next);
      }
    }
    return first;
  }
}
