package org.stripesql.adapter.client;

/**
 * How a {@link StripeClient} treats the API: its retry policy and its client-side rate limits (requests
 * per second for all requests of the account, and for search requests, which Stripe limits lower).
 */
public record ClientSettings(RetryPolicy retry, double rateLimit, double searchRateLimit) {
  public ClientSettings {
    if (!(rateLimit > 0) || !(searchRateLimit > 0)) {
      throw new IllegalArgumentException("rate limits must be positive");
    }
  }

  /** Defaults for a key: 25/s (search 10/s) for test keys, 90/s (search 20/s) for live keys. */
  public static ClientSettings defaultsFor(String key) {
    boolean test = RateLimiters.isTestKey(key);
    return new ClientSettings(RetryPolicy.defaults(),
        test ? RateLimiters.DEFAULT_TEST : RateLimiters.DEFAULT_LIVE,
        test ? RateLimiters.DEFAULT_SEARCH_TEST : RateLimiters.DEFAULT_SEARCH_LIVE);
  }
}
