package org.stripesql.adapter.client;

/**
 * What one statement allows its Stripe requests: {@link StripeClient} calls {@link #check()} before
 * each attempt and while it waits (for the rate limiter, between retries, for an answer), so a cancelled,
 * abandoned or over-budget statement stops making requests at once.
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
}
