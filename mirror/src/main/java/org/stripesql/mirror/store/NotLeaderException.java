package org.stripesql.mirror.store;

/**
 * A write only the leader may make, by a gateway whose store session no longer holds the mirror's lock
 * (its connection was lost and reopened, or it gave the lead away): it writes nothing.
 */
public final class NotLeaderException extends StoreException {
  private static final long serialVersionUID = 1L;

  public NotLeaderException(String message) {
    super(message, null);
  }
}
