package org.stripesql.emulator;

import java.util.HashMap;
import java.util.Map;

/**
 * Stripe's request limits as the emulator enforces them: a token bucket per account (the
 * {@code Stripe-Account} header; the platform when absent) holding one second of requests, and one per
 * account and endpoint, where search endpoints have their own rate. Not thread-safe: {@link Faults} locks.
 */
final class RateLimits {
  /** Which limit turned a request away, or {@code NONE}. */
  enum Verdict { NONE, ACCOUNT, ENDPOINT }

  private int account;
  private int endpoint;
  private int search;
  private final Map<String, Bucket> buckets = new HashMap<>();

  /** Requests per second per account, per endpoint and per search endpoint; 0 turns that limit off. */
  void set(int accountRate, int endpointRate, int searchRate) {
    if (accountRate < 0 || endpointRate < 0 || searchRate < 0) {
      throw new IllegalArgumentException("a request rate must be 0 (off) or more");
    }
    this.account = accountRate;
    this.endpoint = endpointRate;
    this.search = searchRate;
    buckets.clear();
  }

  int accountRate() {
    return account;
  }

  int endpointRate() {
    return endpoint;
  }

  int searchRate() {
    return search;
  }

  /**
   * Takes a token for one request of {@code accountKey} to {@code endpointKey} (see {@link EndpointKey}),
   * or says which limit is exhausted; a refused request takes no token.
   */
  Verdict admit(String accountKey, String endpointKey, boolean searchEndpoint, long now) {
    int perEndpoint = searchEndpoint && search > 0 ? search : endpoint;
    Bucket a = account > 0 ? buckets.computeIfAbsent("a|" + accountKey, k -> new Bucket(account, now)) : null;
    Bucket e = perEndpoint > 0
        ? buckets.computeIfAbsent("e|" + accountKey + "|" + endpointKey, k -> new Bucket(perEndpoint, now)) : null;
    if (e != null && !e.available(now)) {
      return Verdict.ENDPOINT;
    }
    if (a != null && !a.available(now)) {
      return Verdict.ACCOUNT;
    }
    if (e != null) {
      e.take();
    }
    if (a != null) {
      a.take();
    }
    return Verdict.NONE;
  }

  /** {@code rate} tokens a second, holding at most one second's worth. */
  private static final class Bucket {
    private final int rate;
    private double tokens;
    private long refilledAt;

    Bucket(int rate, long now) {
      this.rate = rate;
      this.tokens = rate;
      this.refilledAt = now;
    }

    boolean available(long now) {
      tokens = Math.min(rate, tokens + (now - refilledAt) / 1e9 * rate);
      refilledAt = now;
      return tokens >= 1;
    }

    void take() {
      tokens -= 1;
    }
  }
}
