package org.stripesql.adapter.client;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code rate} requests per second on average, bursts of at most {@code burst}. Callers
 * reserve a token and wait until it is theirs, so concurrent callers queue in arrival order instead of
 * all trying at once. Thread-safe; time comes from a {@link LongSupplier} of nanoseconds (tests pass
 * their own).
 */
public final class RateLimiter {
  private final LongSupplier clock;
  private double rate;
  private double burst;
  private double tokens;
  private long refilledAt;

  public RateLimiter(double rate) {
    this(rate, System::nanoTime);
  }

  public RateLimiter(double rate, LongSupplier clock) {
    this.clock = clock;
    this.refilledAt = clock.getAsLong();
    setRate(rate);
    this.tokens = burst;
  }

  /** The burst: a fifth of a second's requests, at least one, so no second sees much more than the rate. */
  static double burstFor(double rate) {
    return Math.max(1, Math.floor(rate / 5));
  }

  public synchronized double rate() {
    return rate;
  }

  /** Changes the rate (the adaptive rate moved); tokens already reserved stay reserved. */
  public synchronized void setRate(double rate) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    refill();
    this.rate = rate;
    this.burst = burstFor(rate);
    this.tokens = Math.min(tokens, burst);
  }

  private void refill() {
    long now = clock.getAsLong();
    if (rate > 0) {
      tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
    }
    refilledAt = now;
  }

  /** Drops the tokens saved and the ones reserved ahead (their holders reserve again): the next waits its turn. */
  public synchronized void restart() {
    refill();
    tokens = 0;
  }

  /** Reserves the next token; returns how long the caller must wait before using it, in nanoseconds. */
  public synchronized long reserve() {
    refill();
    tokens -= 1;
    if (tokens >= 0) {
      return 0;
    }
    return (long) Math.ceil(-tokens / rate * TimeUnit.SECONDS.toNanos(1));
  }
}
