package org.stripesql.pgwire.session;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.protocol.PgError;
import org.stripesql.server.sql.SqlErrors;

/**
 * Turns a failure into the ErrorResponse a PostgreSQL client expects. The SQLSTATE is the one the
 * gateway gives over JDBC ({@link SqlErrors}), in PostgreSQL's code where PostgreSQL has its own for the
 * same condition (an unknown table is 42P01, not 42S02; a cancelled statement 57014, not HY008), and
 * Calcite's wording of the common errors becomes PostgreSQL's, with the position psql points at.
 */
public final class ErrorMapper {
  /** SQLSTATE of a statement stopped by CancelRequest. */
  public static final String QUERY_CANCELED = "57014";
  /** JDBC-side SQLSTATE to PostgreSQL's, for the conditions PostgreSQL has its own code for. */
  static final Map<String, String> POSTGRES_STATES = Map.of(
      SqlErrors.UNKNOWN_TABLE, "42P01",
      SqlErrors.UNKNOWN_COLUMN, "42703",
      "HY008", QUERY_CANCELED);
  private static final Pattern PREFIX = Pattern.compile("(?s)^Error while executing SQL \"(.*)\": ");
  private static final Pattern AT = Pattern.compile(
      "(?:From line|line) (\\d+), column (\\d+)(?: to line \\d+, column \\d+)?:? ?");
  private static final Pattern TABLE = Pattern.compile("(?:Object|Table) '([^']*)' not found");
  private static final Pattern COLUMN = Pattern.compile("Column '([^']*)' not found");
  private static final Pattern FUNCTION = Pattern.compile("No match found for function signature ([^\\n]*)");

  private ErrorMapper() {
  }

  /**
   * The error for {@code e}; {@code cancelled}: the client cancelled the statement; {@code sql} and
   * {@code offset}: the statement Calcite saw and where it starts in the client's text (for the position).
   */
  public static PgError map(Throwable e, boolean cancelled, String sql, int offset) {
    if (cancelled) {
      return PgError.error(QUERY_CANCELED, "canceling statement due to user request");
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PgSqlException p) {
        return PgError.error(p.sqlState(), p.getMessage());
      }
      if (t instanceof ArithmeticException a) {
        return arithmetic(a);
      }
    }
    Optional<SqlErrors.SqlError> classified = SqlErrors.classify(e);
    if (classified.isEmpty()) {
      return PgError.error("XX000", strip(innermostMessage(e)));
    }
    SqlErrors.SqlError s = classified.get();
    String state = POSTGRES_STATES.getOrDefault(s.sqlState(), s.sqlState());
    String message = s.kind() == SqlErrors.Kind.ADAPTER || s.kind() == SqlErrors.Kind.DATA ? s.message()
        : calciteMessage(e);
    message = message == null ? "" : message;
    int position = position(message, sql, offset);
    if (s.kind() == SqlErrors.Kind.PARSE) {
      state = "42601";
      message = "syntax error: " + strip(message);
    } else if (s.kind() == SqlErrors.Kind.VALIDATION) {
      if (FUNCTION.matcher(message).find()) {
        state = "42883";
      }
      message = pgWording(strip(message));
    } else {
      message = strip(message);
    }
    return new PgError("ERROR", state, message, null, null, position);
  }

  /** Java's arithmetic failures: division by zero (Java's and BigDecimal's), else a value out of range. */
  private static PgError arithmetic(ArithmeticException a) {
    String m = String.valueOf(a.getMessage()).toLowerCase(Locale.ROOT);
    if (m.contains("by zero") || m.contains("division undefined") || m.contains("division by zero")) {
      return PgError.error("22012", "division by zero");
    }
    return PgError.error("22003", "numeric value out of range: " + a.getMessage());
  }

  /** The message of the deepest cause that has one: Calcite's outer exceptions only repeat the SQL. */
  private static String innermostMessage(Throwable e) {
    String m = e.getClass().getSimpleName();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        m = t.getMessage();
      }
    }
    return m;
  }

  /** The parser's or validator's own message, with its "From line 1, column 15 ..." position. */
  private static String calciteMessage(Throwable e) {
    String found = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CalciteContextException c) {
        return c.getMessage();
      }
      if (t instanceof SqlParseException || t instanceof SqlValidatorException) {
        found = found == null ? t.getMessage() : found;
      }
    }
    return found != null ? found : e.getMessage();
  }

  private static String pgWording(String m) {
    Matcher t = TABLE.matcher(m);
    if (t.find()) {
      return "relation \"" + t.group(1) + "\" does not exist";
    }
    Matcher c = COLUMN.matcher(m);
    if (c.find()) {
      return "column \"" + c.group(1) + "\" does not exist";
    }
    Matcher f = FUNCTION.matcher(m);
    if (f.find()) {
      return "function " + f.group(1) + " does not exist";
    }
    return m;
  }

  /** Calcite's message without its "Error while executing SQL ..." and "From line 1, column 15 ..." prefixes. */
  static String strip(String m) {
    String s = PREFIX.matcher(m).replaceFirst("");
    s = AT.matcher(s).replaceFirst("");
    int nl = s.indexOf('\n');
    return (nl > 0 ? s.substring(0, nl) : s).trim();
  }

  /** The 1-based character position of Calcite's "line L, column C" in the client's text, or 0. */
  static int position(String message, String sql, int offset) {
    Matcher m = AT.matcher(message);
    if (sql == null || !m.find()) {
      return 0;
    }
    int line = Integer.parseInt(m.group(1));
    int column = Integer.parseInt(m.group(2));
    int at = 0;
    for (int l = 1; l < line; l++) {
      int nl = sql.indexOf('\n', at);
      if (nl < 0) {
        return 0;
      }
      at = nl + 1;
    }
    return offset + at + column;
  }
}
