package org.stripesql.server.limits;

/** A cap of {@link SessionLimits} was reached: the message names the setting; {@link #sqlState()} says which kind. */
public final class LimitExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** SQLSTATE of a refused connection: "too many connections". */
  public static final String TOO_MANY_CONNECTIONS = "53300";
  /** SQLSTATE of a refused statement: "configuration limit exceeded". */
  public static final String CONFIGURATION_LIMIT = "53400";

  private final String sqlState;
  private final String setting;

  LimitExceededException(String message, String sqlState, String setting) {
    super(message);
    this.sqlState = sqlState;
    this.setting = setting;
  }

  public String sqlState() {
    return sqlState;
  }

  /** The setting (config key) that sets the cap. */
  public String setting() {
    return setting;
  }
}
