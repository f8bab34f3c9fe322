package org.stripesql.adapter.client;

/**
 * What one statement allows its Stripe requests: {@link StripeClient} calls {@link #check()} before
 * each attempt and while it waits (for the rate limiter, between retries, for an answer), and registers
 * each call in flight with {@link #onStop}, so a cancelled, abandoned or over-budget statement stops
 * making requests at once.
 */
public interface RequestGuard {
  /** No limit. */
  RequestGuard NONE = new RequestGuard() {
    @Override
    public void check() {}

    @Override
    public long remainingNanos() {
      return Long.MAX_VALUE;
    }
  };

  /** Throws when the statement must make no further request. */
  void check();

  /** Time left to the statement's deadline; {@code Long.MAX_VALUE} without one. */
  long remainingNanos();

  /**
   * Runs {@code action} (cancelling a call in flight) as soon as the statement is stopped, at once when it
   * already is; returns what unregisters it when the call is over. By default nothing is registered.
   */
  default Runnable onStop(Runnable action) {
    return () -> { };
  }
}
