package org.stripesql.adapter.client;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket: {@code rate} requests per second on average, bursts of at most {@code burst}. Callers
 * reserve a token and wait until it is theirs, so concurrent callers queue in arrival order instead of
 * all trying at once. Thread-safe.
 */
public final class RateLimiter {
  private double rate;
  private double burst;
  private double tokens;
  private long refilledAt;

  public RateLimiter(double rate) {
    setRate(rate);
    this.tokens = burst;
    this.refilledAt = System.nanoTime();
  }

  /** The burst: a fifth of a second's requests, at least one, so no second sees much more than the rate. */
  static double burstFor(double rate) {
    return Math.max(1, Math.floor(rate / 5));
  }

  public synchronized double rate() {
    return rate;
  }

  /** Changes the rate (a schema configured again); tokens already reserved stay reserved. */
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
    long now = System.nanoTime();
    if (rate > 0) {
      tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
    }
    refilledAt = now;
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
