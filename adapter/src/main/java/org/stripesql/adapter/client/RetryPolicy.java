package org.stripesql.adapter.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * When and how long to wait before repeating an idempotent request (every GET): on 409, 429, 5xx,
 * timeouts and broken connections, unless Stripe says {@code Stripe-Should-Retry: false}; a
 * {@code Stripe-Should-Retry: true} makes any status worth repeating. Waits grow exponentially from
 * {@code baseMillis} up to {@code maxDelayMillis}, with jitter (half of the wait is random, so clients
 * that failed together do not retry together), and are never shorter than Stripe's {@code Retry-After}.
 *
 * @param maxRetries     repetitions after the first attempt
 * @param baseMillis     the first wait (before jitter)
 * @param maxDelayMillis the longest backoff wait
 * @param timeout        the longest one attempt may take
 */
public record RetryPolicy(int maxRetries, long baseMillis, long maxDelayMillis, Duration timeout) {
  /** The longest backoff wait: Stripe's limits recover within seconds. */
  public static final long MAX_DELAY_MILLIS = 8_000;
  /** The longest {@code Retry-After} honoured. */
  public static final long MAX_RETRY_AFTER_MILLIS = 60_000;

  public RetryPolicy {
    if (maxRetries < 0 || baseMillis < 0 || maxDelayMillis < baseMillis || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("invalid retry policy");
    }
  }

  /** Whether an answer with this status and {@code Stripe-Should-Retry} header is worth repeating. */
  public static boolean retryableStatus(int status, String shouldRetryHeader) {
    if (shouldRetryHeader != null) {
      String v = shouldRetryHeader.trim();
      if (v.equalsIgnoreCase("false")) {
        return false;
      }
      if (v.equalsIgnoreCase("true")) {
        return true;
      }
    }
    return status == 409 || status == 429 || status >= 500;
  }

  /**
   * The wait before retry number {@code retry} (1 for the first), given the answer's {@code Retry-After}
   * header (null when absent).
   */
  public long delayMillis(int retry, String retryAfterHeader) {
    return delayMillis(retry, retryAfterHeader, ThreadLocalRandom.current());
  }

  /** {@link #delayMillis(int, String)} with the jitter drawn from {@code random} (a simulation's, seeded). */
  long delayMillis(int retry, String retryAfterHeader, RandomGenerator random) {
    long exp = baseMillis << Math.min(20, Math.max(0, retry - 1));
    long capped = Math.min(maxDelayMillis, exp);
    long jittered = capped / 2 + (capped > 1 ? random.nextLong(capped - capped / 2 + 1) : capped);
    long after = retryAfterMillis(retryAfterHeader);
    return Math.max(jittered, after);
  }

  /** Stripe's {@code Retry-After} in milliseconds (whole or fractional seconds), 0 when absent or unreadable. */
  static long retryAfterMillis(String header) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    try {
      double seconds = Double.parseDouble(header.trim());
      if (!(seconds > 0)) {
        return 0;
      }
      return Math.min(MAX_RETRY_AFTER_MILLIS, (long) Math.ceil(seconds * 1000));
    } catch (NumberFormatException e) {
      return 0;   // an HTTP date: Stripe does not send one; fall back to the backoff
    }
  }
}
