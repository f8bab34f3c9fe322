package org.stripesql.pgwire.protocol;

/** The client broke the protocol (SQLSTATE 08P01): the connection is closed after the error is sent. */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
