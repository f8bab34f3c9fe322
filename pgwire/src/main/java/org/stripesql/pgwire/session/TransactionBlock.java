package org.stripesql.pgwire.session;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.protocol.PgError;
import org.stripesql.pgwire.sql.Command;
import org.stripesql.pgwire.sql.Command.Transaction.Action;

/**
 * A session's transaction block: BEGIN, COMMIT, ROLLBACK and savepoints as PostgreSQL answers them. The
 * gateway is read-only, so a block only scopes portals (cursors) and savepoints, and after an error in one,
 * statements fail with 25P02 until it ends.
 */
final class TransactionBlock {
  /** What ending a block does to the session's portals. */
  interface PortalCloser {
    /** Closes the portals; {@code keepHeld}: cursors WITH HOLD survive (a commit). */
    void closePortals(boolean keepHeld);
  }

  private final Deque<String> savepoints = new ArrayDeque<>();
  private TransactionState state = TransactionState.IDLE;

  TransactionState state() {
    return state;
  }

  /** After an error: a block becomes failed. */
  void failed() {
    if (state == TransactionState.IN_BLOCK) {
      state = TransactionState.FAILED;
    }
  }

  /** Refuses {@code c} in a failed block unless it ends the block. */
  void checkNotFailed(Command c) {
    if (state != TransactionState.FAILED) {
      return;
    }
    if (c instanceof Command.Transaction t && (t.action() == Action.ROLLBACK || t.action() == Action.COMMIT
        || t.action() == Action.ROLLBACK_TO)) {
      return;
    }
    throw new PgSqlException("25P02", "current transaction is aborted, commands ignored until end of transaction"
        + " block");
  }

  /**
   * Applies {@code t}; warnings (BEGIN in a block, COMMIT outside one) go to {@code notice}. Returns the
   * command tag.
   */
  String apply(Command.Transaction t, Consumer<PgError> notice, PortalCloser portals) {
    switch (t.action()) {
      case BEGIN:
        if (state != TransactionState.IDLE) {
          notice.accept(warning("25001", "there is already a transaction in progress"));
        } else {
          state = TransactionState.IN_BLOCK;
        }
        return t.tag();
      case COMMIT:
      case ROLLBACK:
        if (state == TransactionState.IDLE) {
          notice.accept(warning("25P01", "there is no transaction in progress"));
        }
        boolean wasFailed = state == TransactionState.FAILED;
        state = TransactionState.IDLE;
        savepoints.clear();
        portals.closePortals(t.action() == Action.COMMIT && !wasFailed);
        return wasFailed ? "ROLLBACK" : t.tag();
      case SAVEPOINT:
        if (state == TransactionState.IDLE) {
          throw new PgSqlException("25P01", "SAVEPOINT can only be used in transaction blocks");
        }
        savepoints.push(t.savepoint());
        return t.tag();
      case RELEASE:
      case ROLLBACK_TO:
        return release(t);
      default:
        throw new IllegalStateException(t.action().toString());
    }
  }

  private String release(Command.Transaction t) {
    if (state == TransactionState.IDLE) {
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
      state = TransactionState.IN_BLOCK;
    }
    return t.tag();
  }

  private static PgError warning(String state, String message) {
    return new PgError("WARNING", state, message, null, null, 0);
  }
}
