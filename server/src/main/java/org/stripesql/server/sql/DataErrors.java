package org.stripesql.server.sql;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Errors in the data a statement computes, with PostgreSQL's SQLSTATE (class 22) and words: a division
 * by zero (22012), a date or time that is none (22007), text that is no number (22P02), a number out of
 * range (22003); and a statement that ran out of the JVM's heap (53200) or stack (54001), which fails that
 * statement only. Calcite raises them as plain Java exceptions (an {@code ArithmeticException} from
 * generated code, wrapped in an {@code ExceptionInInitializerError} when it is a constant).
 */
final class DataErrors {
  private static final int MAX_DEPTH = 32;
  private static final Pattern BAD_DATETIME_LITERAL = Pattern.compile(
      "Illegal (DATE|TIME|TIMESTAMP|TIME WITH LOCAL TIME ZONE|TIMESTAMP WITH LOCAL TIME ZONE|TIMESTAMP WITH TIME ZONE"
          + "|INTERVAL) literal");
  private static final Pattern BAD_DATETIME_VALUE = Pattern.compile(
      "(?i)(Invalid|Illegal) (DATE|TIME|TIMESTAMP)[A-Z ]* value|Unparseable date|cannot be parsed|invalid date");

  private DataErrors() {
  }

  /** The error of the innermost cause that is one of these (outer exceptions only repeat its message). */
  static Optional<SqlErrors.SqlError> classify(Throwable e) {
    SqlErrors.SqlError found = null;
    int depth = 0;
    for (Throwable t = e; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      SqlErrors.SqlError here = of(t);
      found = here != null ? here : found;
    }
    return Optional.ofNullable(found);
  }

  private static SqlErrors.SqlError of(Throwable t) {
    String m = t.getMessage() == null ? "" : t.getMessage();
    if (t instanceof OutOfMemoryError) {
      return error("53200", "out of memory: the statement needed more memory than the gateway has; narrow it");
    }
    if (t instanceof StackOverflowError) {
      return error("54001", "stack depth limit exceeded: the statement is nested too deeply");
    }
    if (t instanceof ArithmeticException) {
      String lower = m.toLowerCase(Locale.ROOT);
      return lower.contains("zero") || lower.contains("undefined") ? error("22012", "division by zero")
          : error("22003", m.isEmpty() ? "numeric value out of range" : m);
    }
    if (t instanceof NumberFormatException) {
      return error("22P02", "invalid input syntax for a number" + (m.isEmpty() ? "" : ": " + m));
    }
    if (BAD_DATETIME_LITERAL.matcher(m).find() || (t instanceof IllegalArgumentException
        || t.getClass().getSimpleName().equals("CalciteException")) && BAD_DATETIME_VALUE.matcher(m).find()) {
      return error("22007", "invalid date or time: " + firstLine(m));
    }
    return null;
  }

  private static SqlErrors.SqlError error(String state, String message) {
    return new SqlErrors.SqlError(state, message, 0, SqlErrors.Kind.DATA);
  }

  private static String firstLine(String m) {
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
