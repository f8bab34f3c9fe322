package org.stripesql.adapter.client;

import java.util.function.LongSupplier;

/**
 * One of Stripe's rate limits as this process spends it: a token bucket aimed at a rate that starts at
 * the configured limit (the ceiling). A rate limiter's 429 halves it until the answers tell what share
 * of the requests sent since the limit was reached Stripe accepted, then sets it a little under that,
 * where it holds and then probes upwards; other signals to slow down cut it by a factor and it climbs
 * back linearly. Keeps the observed latency and recent rate. Thread-safe. Why: docs/parallel-scans.md.
 */
public final class AdaptiveRate {
  /** The rate after a rate limiter's 429 until its answers are in, as a fraction of the rate before. */
  static final double HALVE = 0.5;
  /** How far under the rate Stripe accepted the rate settles after a rate limiter's 429. */
  static final double MARGIN = 0.10;
  /** The rate after another signal to slow down, as a fraction of the rate before it. */
  static final double DECREASE = 0.7;
  /** After another signal to slow down, the rate climbs back by this fraction of the ceiling per second. */
  static final double RECOVERY_PER_SECOND = 0.05;
  /** The lowest rate, as a fraction of the ceiling. */
  static final double FLOOR = 0.05;
  /** How long the rate holds after it settled before probing upwards. */
  static final long HOLD_NANOS = 3_000_000_000L;
  /** Probing: the rate grows by this fraction of the ceiling per second... */
  static final double PROBE_PER_SECOND = 0.01;
  /** ...plus this fraction per second squared, so a rate long free of 429s climbs back sooner. */
  static final double PROBE_PER_SECOND_SQUARED = 0.0004;
  /** The shortest time between two cuts by a factor: such 429s of one burst count once. */
  static final long MIN_COOLDOWN_NANOS = 250_000_000L;
  /** The least wait for the answers that size a cut. */
  static final long MIN_MEASURE_NANOS = 200_000_000L;
  private static final double LATENCY_WEIGHT = 0.2;
  private static final double RECENT_WINDOW_NANOS = 1e9;
  private static final int HISTORY = 1024;

  private final LongSupplier clock;
  private final RateLimiter bucket;
  private final double ceiling;
  private final long[] sentAt = new long[HISTORY];
  private final boolean[] refused = new boolean[HISTORY];
  private long answers;
  private double plateau;
  private double before;
  private long cutAt;
  private long limitedSince;
  private long settleAt;
  private boolean measuring;
  private boolean halving;
  private boolean decreased;
  private boolean everCut;
  private double latencyNanos;
  private double recent;
  private long recentAt;
  private long throttles;

  public AdaptiveRate(double ceiling) {
    this(ceiling, System::nanoTime);
  }

  public AdaptiveRate(double ceiling, LongSupplier clock) {
    this.ceiling = positive(ceiling);
    this.clock = clock;
    this.bucket = new RateLimiter(ceiling, clock);
    this.recentAt = clock.getAsLong();
  }

  private static double positive(double rate) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    return rate;
  }

  /** The configured limit. */
  public double ceiling() {
    return ceiling;
  }

  /** The rate aimed at now: the ceiling, or less after a 429. */
  public synchronized double rate() {
    return rate(clock.getAsLong());
  }

  private double rate(long now) {
    if (!decreased) {
      return ceiling;
    }
    if (measuring) {
      if (now - settleAt < 0) {
        return plateau;
      }
      settle();
    }
    double r;
    if (halving) {
      double probing = (now - settleAt - HOLD_NANOS) / 1e9;
      if (probing <= 0) {
        return plateau;
      }
      r = plateau + ceiling * (PROBE_PER_SECOND * probing + PROBE_PER_SECOND_SQUARED * probing * probing);
    } else {
      r = plateau + ceiling * RECOVERY_PER_SECOND * (now - cutAt) / 1e9;
    }
    if (r >= ceiling) {
      decreased = false;
      return ceiling;
    }
    return r;
  }

  /**
   * The answers to the requests sent from the first one turned away to the cut are in: the rate settles
   * a little under the rate Stripe accepted of them, at most where it was before the 429.
   */
  private void settle() {
    measuring = false;
    int sent = 0;
    int accepted = 0;
    long kept = Math.min(answers, HISTORY);
    for (long i = 1; i <= kept; i++) {
      int k = (int) ((answers - i) % HISTORY);
      if (sentAt[k] - limitedSince >= 0 && sentAt[k] - cutAt <= 0) {
        sent++;
        accepted += refused[k] ? 0 : 1;
      }
    }
    long span = cutAt - limitedSince;
    if (sent >= 3 && span > 0) {
      double acceptedRate = accepted * 1e9 / span;
      setPlateau(Math.min(before, acceptedRate) * (1 - MARGIN));
    }
  }

  /** Reserves the next request's token; returns how long to wait before sending it, in nanoseconds. */
  public synchronized long reserve() {
    long now = clock.getAsLong();
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
    return recentRate(clock.getAsLong());
  }

  private double recentRate(long now) {
    return recent(now) * 1e9 / RECENT_WINDOW_NANOS;
  }

  /** Stripe answered a request (any answer but a 429), taking {@code nanos}. */
  public synchronized void answered(long nanos) {
    latencyNanos = latencyNanos == 0 ? nanos : latencyNanos + LATENCY_WEIGHT * (nanos - latencyNanos);
    record(clock.getAsLong() - nanos, false);
  }

  /** Stripe turned away a request sent at {@code sent} for another limit than this one: the rate stays. */
  public synchronized void refused(long sent) {
    record(sent, true);
  }

  /**
   * This limit's rate limiter turned away a request sent at {@code sent} (a 429 whose
   * {@code Stripe-Rate-Limited-Reason} names it): unless it was sent before the last cut, the rate
   * halves until the answers to the requests sent since are in, then settles under what Stripe accepted.
   */
  public synchronized void rateLimited(long sent) {
    long now = clock.getAsLong();
    record(sent, true);
    rate(now);   // settles a cut whose answers are in
    if (newSignal(sent)) {
      double r = Math.min(rate(now), Math.max(recentRate(now), 1));
      cut(now, r * HALVE);
      bucket.restart();   // over the limit: requests waiting for a token reserved at the old rate reserve again
      halving = true;
      before = r;
      limitedSince = sent;
      measuring = true;
      settleAt = now + Math.max(MIN_MEASURE_NANOS, (long) (1.5 * latencyNanos));
    }
  }

  /**
   * Stripe said slow down in another way (a 429 without a rate limiter's reason, or
   * {@code Stripe-Should-Retry: true}) to a request sent at {@code sent}: the rate drops by a factor,
   * once per round trip (and at most every {@link #MIN_COOLDOWN_NANOS}).
   */
  public synchronized void slowDown(long sent) {
    long now = clock.getAsLong();
    record(sent, true);
    rate(now);   // settles a cut whose answers are in
    if (newSignal(sent) && (!everCut || now - cutAt >= Math.max(MIN_COOLDOWN_NANOS, (long) latencyNanos))) {
      cut(now, rate(now) * DECREASE);
      halving = false;
      measuring = false;
      settleAt = now;
    }
  }

  /**
   * Whether a request sent at {@code sent} tells something the last cut did not already act on: it was
   * sent after the cut, and after the rate settled when the cut waits for answers (requests reserved
   * before a cut still go out at the old pace, and the settling counts the requests sent until the cut).
   */
  private boolean newSignal(long sent) {
    return !everCut || (sent - cutAt >= 0 && (!measuring && sent - settleAt >= 0 || !halving));
  }

  private void cut(long now, double to) {
    setPlateau(to);
    cutAt = now;
    decreased = true;
    everCut = true;
    throttles++;
  }

  private void setPlateau(double to) {
    plateau = Math.max(ceiling * FLOOR, Math.min(ceiling, to));
    bucket.setRate(plateau);
  }

  private void record(long sent, boolean wasRefused) {
    int k = (int) (answers % HISTORY);
    sentAt[k] = sent;
    refused[k] = wasRefused;
    answers++;
  }

  /** The observed latency of a request in seconds (an exponential average), or 0 before the first answer. */
  public synchronized double latencySeconds() {
    return latencyNanos / 1e9;
  }

  /** How many times the rate was cut: a request that waited for its token reserves again if this changed. */
  public synchronized long throttles() {
    return throttles;
  }
}
