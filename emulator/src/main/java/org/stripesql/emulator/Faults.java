package org.stripesql.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Fault injection for the emulator, changeable while it serves (tests and {@code stripesql emulator
 * --fault-...}): seeded 429s, 500s, dropped connections, stalls and non-retryable errors, Stripe's
 * request limits (per account, per endpoint, search), and latency. Every setter returns this; all
 * settings are off after {@link #reset()}. Details: docs/emulator.md.
 */
public final class Faults {
  /** What happens to one request. */
  enum Kind {
    NONE(null), RATE_LIMIT("rate_limit"), ENDPOINT_LIMITED("throttled", "endpoint-rate"),
    ACCOUNT_LIMITED("throttled", "global-rate"), SERVER_ERROR("server_error"), DROP("drop"), STALL("stall"),
    NON_RETRYABLE("non_retryable");

    final String label;
    /** Stripe's {@code Stripe-Rate-Limited-Reason} for a rate limiter's 429, else null. */
    final String limitedReason;

    Kind(String label) {
      this(label, null);
    }

    Kind(String label, String limitedReason) {
      this.label = label;
      this.limitedReason = limitedReason;
    }
  }

  private double rateLimit;
  private double serverErrors;
  private double drops;
  private double stalls;
  private double nonRetryable;
  private Duration stallFor = Duration.ofSeconds(30);
  private Duration latency = Duration.ZERO;
  private Duration retryAfter;
  private final RateLimits limits = new RateLimits();
  private Random random = new Random(0);

  Faults() {}

  /** The fraction (0 to 1) of requests answered 429 {@code rate_limit}. */
  public synchronized Faults rateLimit(double fraction) {
    this.rateLimit = fraction(fraction);
    return this;
  }

  /** The fraction of requests answered 500 {@code api_error}. */
  public synchronized Faults serverErrors(double fraction) {
    this.serverErrors = fraction(fraction);
    return this;
  }

  /** The fraction of requests whose connection is closed without an answer. */
  public synchronized Faults dropConnections(double fraction) {
    this.drops = fraction(fraction);
    return this;
  }

  /** The fraction of requests that get no answer for {@code duration}, after which the connection closes. */
  public synchronized Faults stall(Duration duration, double fraction) {
    this.stallFor = Objects.requireNonNull(duration);
    this.stalls = fraction(fraction);
    return this;
  }

  /** The fraction of requests answered 500 with {@code Stripe-Should-Retry: false}. */
  public synchronized Faults nonRetryableErrors(double fraction) {
    this.nonRetryable = fraction(fraction);
    return this;
  }

  /** Delay before every answer (and every fault). */
  public synchronized Faults latency(Duration delay) {
    this.latency = Objects.requireNonNull(delay);
    return this;
  }

  /** A {@code Retry-After} header (whole seconds) on injected and limiter 429s; null for none (the default). */
  public synchronized Faults retryAfter(Duration after) {
    this.retryAfter = after;
    return this;
  }

  /**
   * Answers 429 to an account's requests beyond {@code n} per second (a token bucket holding {@code n},
   * one per {@code Stripe-Account}); 0 turns it off.
   */
  public synchronized Faults requestsPerSecond(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("requestsPerSecond must be 0 (off) or more");
    }
    limits.set(n, limits.endpointRate(), limits.searchRate());
    return this;
  }

  /** Answers 429 to an account's requests to one endpoint beyond {@code n} per second; 0 turns it off. */
  public synchronized Faults endpointRequestsPerSecond(int n) {
    limits.set(limits.accountRate(), n, limits.searchRate());
    return this;
  }

  /** The per-endpoint limit of search endpoints ({@code /v1/.../search}); 0: the same as other endpoints. */
  public synchronized Faults searchRequestsPerSecond(int n) {
    limits.set(limits.accountRate(), limits.endpointRate(), n);
    return this;
  }

  /**
   * Stripe's documented default limits: per account 100 requests/s in live mode and 25 in test mode, 25/s
   * per endpoint, 20/s per search endpoint.
   */
  public synchronized Faults stripeLimits(boolean liveMode) {
    limits.set(liveMode ? 100 : 25, 25, 20);
    return this;
  }

  /** Restarts the random stream that picks faulted requests. */
  public synchronized Faults seed(long seed) {
    this.random = new Random(seed);
    return this;
  }

  /** Turns every fault off and restarts the random stream with seed 0. */
  public synchronized Faults reset() {
    rateLimit = 0;
    serverErrors = 0;
    drops = 0;
    stalls = 0;
    nonRetryable = 0;
    latency = Duration.ZERO;
    retryAfter = null;
    limits.set(0, 0, 0);
    random = new Random(0);
    return this;
  }

  synchronized Duration latency() {
    return latency;
  }

  synchronized Duration stallDuration() {
    return stallFor;
  }

  synchronized Duration retryAfterHeader() {
    return retryAfter;
  }

  /** The fate of the next request, sent by {@code account} (null: the platform) to {@code rawPath}. */
  synchronized Kind next(String account, String method, String rawPath) {
    RateLimits.Verdict verdict = limits.admit(account == null ? "" : account, EndpointKey.of(method, rawPath),
        EndpointKey.isSearch(rawPath), System.nanoTime());
    if (verdict != RateLimits.Verdict.NONE) {
      return verdict == RateLimits.Verdict.ENDPOINT ? Kind.ENDPOINT_LIMITED : Kind.ACCOUNT_LIMITED;
    }
    double total = rateLimit + serverErrors + drops + stalls + nonRetryable;
    if (total <= 0) {
      return Kind.NONE;
    }
    double u = random.nextDouble();
    double edge = rateLimit;
    if (u < edge) {
      return Kind.RATE_LIMIT;
    }
    if (u < (edge += serverErrors)) {
      return Kind.SERVER_ERROR;
    }
    if (u < (edge += drops)) {
      return Kind.DROP;
    }
    if (u < (edge += stalls)) {
      return Kind.STALL;
    }
    if (u < edge + nonRetryable) {
      return Kind.NON_RETRYABLE;
    }
    return Kind.NONE;
  }

  private static double fraction(double f) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException("a fault fraction must be between 0 and 1, not " + f);
    }
    return f;
  }

  @Override
  public synchronized String toString() {
    return "Faults{429=" + rateLimit + ", 500=" + serverErrors + ", drop=" + drops + ", stall=" + stalls
        + "/" + stallFor.toMillis() + "ms, nonRetryable=" + nonRetryable + ", latency=" + latency.toMillis()
        + "ms, requestsPerSecond=" + limits.accountRate() + "/" + limits.endpointRate() + "/" + limits.searchRate()
        + "}";
  }
}
