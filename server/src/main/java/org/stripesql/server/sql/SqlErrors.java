package org.stripesql.server.sql;

import java.sql.SQLException;
import java.util.Optional;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.stripesql.adapter.StripeAdapter;

/**
 * The SQLSTATE and message a failure shows a client, whatever the protocol: Calcite wraps a Stripe error
 * in exceptions that carry none, so the cause chain is searched for a SQLSTATE of the adapter's (a Stripe
 * error: 28000, 08001, 08006, HY000; a stopped statement: HY008; over its memory: 53200), an error in the
 * data ({@link DataErrors}: 22012, 22007, 22P02, 22003; the heap or the stack: 53200, 54001) or a parse or
 * validation error (42000, 42S02, 42S22).
 */
public final class SqlErrors {
  /** Syntax error or access rule violation. */
  public static final String SYNTAX = "42000";
  /** Base table or view not found. */
  public static final String UNKNOWN_TABLE = "42S02";
  /** Column not found. */
  public static final String UNKNOWN_COLUMN = "42S22";
  private static final int MAX_DEPTH = 32;

  private SqlErrors() {
  }

  /**
   * What a client sees of a failure.
   *
   * @param kind what the failure is: a parse or validation error, or an error of the adapter's
   * @param stripeHttpStatus the HTTP status of the Stripe error behind it, or 0
   */
  public record SqlError(String sqlState, String message, int stripeHttpStatus, Kind kind) {}

  /** Where a classified failure comes from: the parser, the validator, the adapter, or the data (22xxx, 5xxxx). */
  public enum Kind { PARSE, VALIDATION, ADAPTER, DATA }

  /** The SQLSTATE and message of the first cause that has one; empty when none has. */
  public static Optional<SqlError> classify(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      String state = StripeAdapter.sqlState(t);
      if (state != null) {
        return Optional.of(new SqlError(state, t.getMessage(), StripeAdapter.stripeHttpStatus(t), Kind.ADAPTER));
      }
    }
    Optional<SqlError> data = DataErrors.classify(e);
    if (data.isPresent()) {
      return data;
    }
    depth = 0;
    for (Throwable t = e; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof SqlParseException || t instanceof SqlValidatorException || t instanceof CalciteContextException) {
        return Optional.of(new SqlError(sqlState(t), sqlMessage(e, t), 0,
            t instanceof SqlParseException ? Kind.PARSE : Kind.VALIDATION));
      }
    }
    return Optional.empty();
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
      return SYNTAX;
    }
    String m = String.valueOf(t.getMessage());
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        m = m + " " + c.getMessage();
      }
    }
    if (m.matches("(?s).*(Object|Table) '[^']*' not found.*")) {
      return UNKNOWN_TABLE;
    }
    if (m.matches("(?s).*Column '[^']*' not found.*")) {
      return UNKNOWN_COLUMN;
    }
    return SYNTAX;
  }
}
