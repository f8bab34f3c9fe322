package org.stripesql.pgwire.protocol;

/**
 * The client broke the protocol's framing (SQLSTATE 08P01, or {@link #sqlState()}): the connection is
 * closed after the error is sent, as the next message cannot be found.
 */
public class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  /** The SQLSTATE of the FATAL error: PostgreSQL's protocol_violation. */
  public String sqlState() {
    return "08P01";
  }
}
