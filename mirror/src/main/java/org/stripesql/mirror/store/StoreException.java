package org.stripesql.mirror.store;

/** The store could not be opened, read or written; the message names the store (never a password) and the cause. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
