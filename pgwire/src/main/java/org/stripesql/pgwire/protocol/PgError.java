package org.stripesql.pgwire.protocol;

/**
 * The fields of an ErrorResponse or NoticeResponse: severity ({@code ERROR}, {@code FATAL}, {@code WARNING}, {@code NOTICE}),
 * SQLSTATE, message, optional detail and hint, and the 1-based character position in the statement (0
 * when unknown), from which psql draws its caret.
 */
public record PgError(String severity, String sqlState, String message, String detail, String hint, int position) {
  public static PgError error(String sqlState, String message) {
    return new PgError("ERROR", sqlState, message, null, null, 0);
  }

  /** A NoticeResponse's fields for a warning of a statement. */
  public static PgError warning(String sqlState, String message) {
    return new PgError("WARNING", sqlState, message, null, null, 0);
  }

  public static PgError fatal(String sqlState, String message) {
    return new PgError("FATAL", sqlState, message, null, null, 0);
  }

  public PgError withHint(String newHint) {
    return new PgError(severity, sqlState, message, detail, newHint, position);
  }

  public PgError withPosition(int newPosition) {
    return new PgError(severity, sqlState, message, detail, hint, newPosition);
  }
}
