package org.stripesql.adapter.client;

/**
 * Stripe answered with an error, or could not be reached. The message names the cause and the fix and
 * never holds a credential; {@link #sqlState()} is the SQLSTATE a JDBC client should see.
 */
public class StripeApiException extends RuntimeException implements SqlStateProvider {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String errorType;
  private final String errorCode;
  private final String param;
  private final String requestId;
  private final String sqlState;

  public StripeApiException(String message, int httpStatus, String errorType, String errorCode, String param,
      String requestId, String sqlState, Throwable cause) {
    super(Redactor.redact(message), cause);
    this.httpStatus = httpStatus;
    this.errorType = errorType;
    this.errorCode = errorCode;
    this.param = param;
    this.requestId = requestId;
    this.sqlState = sqlState;
  }

  /** HTTP status, or 0 when no response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  public String errorType() {
    return errorType;
  }

  public String errorCode() {
    return errorCode;
  }

  public String param() {
    return param;
  }

  public String requestId() {
    return requestId;
  }

  @Override
  public String sqlState() {
    return sqlState;
  }

  /** The same error with {@code suffix} added to its message (this exception as the cause). */
  public StripeApiException withSuffix(String suffix) {
    return new StripeApiException(getMessage() + suffix, httpStatus, errorType, errorCode, param, requestId, sqlState,
        this);
  }

  /**
   * The same error naming the SQL column that Stripe's {@code param} stands for, when it stands for one;
   * otherwise this exception.
   */
  public StripeApiException withColumn(String table, String column) {
    if (column == null) {
      return this;
    }
    return new StripeApiException(getMessage() + " (Stripe's param " + param + " is column " + column + " of table "
        + table + ")", httpStatus, errorType, errorCode, param, requestId, sqlState, this);
  }

  /** Whether Stripe said the object does not exist (404 {@code resource_missing} and the like). */
  public boolean isNotFound() {
    return httpStatus == 404;
  }
}
