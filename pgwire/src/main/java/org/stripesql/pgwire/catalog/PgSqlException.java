package org.stripesql.pgwire.catalog;

/** A failure with the SQLSTATE a PostgreSQL client should see ({@code 42P01} for an unknown relation). */
public final class PgSqlException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String sqlState;

  public PgSqlException(String sqlState, String message) {
    super(message);
    this.sqlState = sqlState;
  }

  public String sqlState() {
    return sqlState;
  }
}
