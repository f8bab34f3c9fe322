package org.stripesql.adapter.client;

import java.util.concurrent.TimeUnit;

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

  /** Sleeps {@code nanos}, checking the guard every 50 ms and at the end (a stop throws at once). */
  static void pause(long nanos, RequestGuard guard) {
    long end = System.nanoTime() + nanos;
    while (true) {
      guard.check();
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      long slice = Math.min(left, Math.min(guard.remainingNanos(), TimeUnit.MILLISECONDS.toNanos(50)));
      try {
        TimeUnit.NANOSECONDS.sleep(Math.max(slice, 100_000));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new StripeApiException("interrupted while waiting to call Stripe", 0, null, null, null, null,
            "HY000", ie);
      }
    }
  }
}
