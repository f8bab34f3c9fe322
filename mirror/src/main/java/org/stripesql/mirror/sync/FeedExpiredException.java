package org.stripesql.mirror.sync;

/** The event a poll lists after is gone: past Stripe's 30-day retention, so events may be lost in between. */
public final class FeedExpiredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  FeedExpiredException(String message, Throwable cause) {
    super(message, cause);
  }
}
