package org.stripesql.server;

/**
 * A startup failure with one readable message: what is wrong and how to fix it. The CLI prints the
 * message (and the stack trace only with --verbose) and exits with code 2.
 */
public final class StartupException extends Exception {
  private static final long serialVersionUID = 1L;

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  public StartupException(String message) {
    super(message);
  }
}
