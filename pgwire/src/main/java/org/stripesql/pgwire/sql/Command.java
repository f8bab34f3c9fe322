package org.stripesql.pgwire.sql;

/**
 * One statement of a client, as the session handles it: a query for Calcite, or one of the statements
 * PostgreSQL clients send that the gateway answers itself (settings, transactions, cursors, prepared
 * statement housekeeping), or a refusal.
 */
public sealed interface Command {
  /** The command tag of CommandComplete for a statement answered without rows. */
  default String tag() {
    return "";
  }

  /** Nothing but spaces and comments: EmptyQueryResponse. */
  record Empty() implements Command {}

  /** A query Calcite runs ({@code SELECT}, {@code WITH}, {@code VALUES}, {@code EXPLAIN}). */
  record Query(StatementText text) implements Command {}

  /** {@code EXPLAIN [ANALYZE] [VERBOSE] [(options)] query}: the query's plan, a line a row. */
  record Explain(StatementText query) implements Command {
    @Override
    public String tag() {
      return "EXPLAIN";
    }
  }

  /**
   * {@code COPY (query) TO STDOUT [WITH] (FORMAT text|csv, HEADER, DELIMITER, NULL, QUOTE)}: the query's rows
   * in COPY's text or CSV format ({@code COPY table TO STDOUT} is the table's rows).
   */
  record Copy(StatementText query, boolean csv, boolean header, char delimiter, String nullString, char quote)
      implements Command {}

  /** {@code SET name = value}; value null for {@code DEFAULT}. */
  record Set(String name, String value) implements Command {
    @Override
    public String tag() {
      return "SET";
    }
  }

  /** {@code RESET name} or {@code RESET ALL} (name null). */
  record Reset(String name) implements Command {
    @Override
    public String tag() {
      return "RESET";
    }
  }

  /** {@code SHOW name} or {@code SHOW ALL}. */
  record Show(String name) implements Command {}

  /** BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT and savepoints. */
  record Transaction(Action action, String savepoint) implements Command {
    /** What the statement does to the transaction. */
    public enum Action { BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO }

    @Override
    public String tag() {
      switch (action) {
        case BEGIN: return "BEGIN";
        case COMMIT: return "COMMIT";
        case SAVEPOINT: return "SAVEPOINT";
        case RELEASE: return "RELEASE";
        default: return "ROLLBACK";
      }
    }
  }

  /** {@code DEALLOCATE [PREPARE] name} or {@code DEALLOCATE ALL} (name null). */
  record Deallocate(String name) implements Command {
    @Override
    public String tag() {
      return name == null ? "DEALLOCATE ALL" : "DEALLOCATE";
    }
  }

  /** {@code DECLARE name CURSOR [WITH HOLD] FOR query}. */
  record Declare(String name, boolean hold, StatementText query) implements Command {
    @Override
    public String tag() {
      return "DECLARE CURSOR";
    }
  }

  /** {@code FETCH n FROM name} ({@code count} -1 for ALL); {@code move}: skip the rows instead. */
  record Fetch(String name, long count, boolean move) implements Command {}

  /** {@code CLOSE name} or {@code CLOSE ALL} (name null). */
  record Close(String name) implements Command {
    @Override
    public String tag() {
      return "CLOSE CURSOR";
    }
  }

  /** A statement that changes nothing here and is acknowledged with its tag: DISCARD, UNLISTEN, SET TRANSACTION. */
  record NoOp(String commandTag) implements Command {
    @Override
    public String tag() {
      return commandTag;
    }
  }

  /** A statement the gateway refuses: writes (25006) and what it does not support (0A000). */
  record Refused(String sqlState, String message) implements Command {}
}
