package org.stripesql.adapter.client;

/**
 * One of Stripe's rate limits as this process spends it: a token bucket whose rate starts at the
 * documented limit (the ceiling), drops by a factor on each 429 (at most once per round trip) and climbs
 * back linearly while none come (AIMD, so gateways sharing an account settle without talking); it also
 * keeps the requests' observed latency and recent rate. Thread-safe. Reasoning: docs/parallel-scans.md.
 */
public final class AdaptiveRate {
  /** The rate after a 429, as a fraction of the rate before it. */
  static final double DECREASE = 0.7;
  /** Recovery per second without a 429, as a fraction of the ceiling. */
  static final double RECOVERY_PER_SECOND = 0.05;
  /** The lowest rate, as a fraction of the ceiling. */
  static final double FLOOR = 0.05;
  /** The shortest time between two decreases: 429s of one burst count once. */
  static final long MIN_COOLDOWN_NANOS = 250_000_000L;
  private static final double LATENCY_WEIGHT = 0.2;
  private static final double RECENT_WINDOW_NANOS = 1e9;

  private final RateLimiter bucket;
  private double ceiling;
  private double reduced;
  private long decreasedAt;
  private boolean decreased;
  private double latencyNanos;
  private double recent;
  private long recentAt;
  private long throttles;

  public AdaptiveRate(double ceiling) {
    this.ceiling = positive(ceiling);
    this.bucket = new RateLimiter(ceiling);
    this.recentAt = System.nanoTime();
  }

  private static double positive(double rate) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    return rate;
  }

  /** The configured limit. */
  public synchronized double ceiling() {
    return ceiling;
  }

  /** Changes the configured limit (a schema configured again); a backoff in progress stays. */
  public synchronized void setCeiling(double rate) {
    this.ceiling = positive(rate);
  }

  /** The rate aimed at now: the ceiling, or less while recovering from a 429. */
  public synchronized double rate() {
    return rate(System.nanoTime());
  }

  private double rate(long now) {
    if (!decreased) {
      return ceiling;
    }
    double r = reduced + ceiling * RECOVERY_PER_SECOND * (now - decreasedAt) / 1e9;
    if (r >= ceiling) {
      decreased = false;
      return ceiling;
    }
    return r;
  }

  /** Reserves the next request's token; returns how long to wait before sending it, in nanoseconds. */
  public synchronized long reserve() {
    long now = System.nanoTime();
    double r = rate(now);
    if (Math.abs(r - bucket.rate()) > r * 0.02) {
      bucket.setRate(r);
    }
    recent = recent(now) + 1;
    recentAt = now;
    return bucket.reserve();
  }

  private double recent(long now) {
    return recent * Math.exp(-(now - recentAt) / RECENT_WINDOW_NANOS);
  }

  /** Requests per second reserved lately (a one-second exponential average). */
  public synchronized double recentRate() {
    return recent(System.nanoTime()) * 1e9 / RECENT_WINDOW_NANOS;
  }

  /** Stripe answered a request, taking {@code nanos}. */
  public synchronized void answered(long nanos) {
    latencyNanos = latencyNanos == 0 ? nanos : latencyNanos + LATENCY_WEIGHT * (nanos - latencyNanos);
  }

  /** Stripe said slow down (429, or {@code Stripe-Should-Retry: true}): the rate drops, once per round trip. */
  public synchronized void throttled() {
    long now = System.nanoTime();
    long cooldown = Math.max(MIN_COOLDOWN_NANOS, (long) latencyNanos);
    if (decreased && now - decreasedAt < cooldown) {
      return;
    }
    reduced = Math.max(ceiling * FLOOR, rate(now) * DECREASE);
    decreasedAt = now;
    decreased = true;
    throttles++;
    bucket.setRate(reduced);
  }

  /** The observed latency of a request in seconds (an exponential average), or 0 before the first answer. */
  public synchronized double latencySeconds() {
    return latencyNanos / 1e9;
  }

  /** How many times the rate was decreased. */
  public synchronized long throttles() {
    return throttles;
  }
}
