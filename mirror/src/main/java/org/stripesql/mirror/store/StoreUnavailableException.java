package org.stripesql.mirror.store;

/**
 * The store cannot be reached now (a PostgreSQL that restarts, a network failure): the writer connection
 * is reopened, with backoff, on the next write; nothing about the tables' state follows from it.
 */
public final class StoreUnavailableException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
