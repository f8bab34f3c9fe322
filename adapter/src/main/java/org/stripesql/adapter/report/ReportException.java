package org.stripesql.adapter.report;

import org.stripesql.adapter.client.SqlStateProvider;

/** A report table's statement failed for a reason of the report itself: its run, its interval, its file. */
public final class ReportException extends RuntimeException implements SqlStateProvider {
  private static final long serialVersionUID = 1L;

  /** The account cannot run the report type (SQLSTATE 42501, insufficient privilege). */
  static final String NOT_PERMITTED = "42501";
  /** The interval lies outside what the report type has data for, or a needed parameter is missing (22023). */
  static final String INVALID_INTERVAL = "22023";
  /** The result file's download broke off (08006, connection failure). */
  static final String BROKEN = "08006";
  /** Anything else: a failed run, a malformed file. */
  static final String GENERAL = "HY000";

  private final String sqlState;

  ReportException(String message, String sqlState, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  @Override
  public String sqlState() {
    return sqlState;
  }
}
