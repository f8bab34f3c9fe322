package org.stripesql.adapter.client;

import java.util.Objects;
import org.stripesql.adapter.config.StripeSchemaConfig;

/**
 * How a {@link StripeClient} reaches and treats one Stripe account: the API base, the headers that
 * select the version and the connected account, the retry policy and the client-side rate limits
 * (requests per second for all requests of the account, and for search requests, which Stripe limits
 * lower).
 */
public record ClientSettings(String apiBase, String stripeVersion, String accountId, RetryPolicy retry,
    double rateLimit, double searchRateLimit) {
  public ClientSettings {
    Objects.requireNonNull(apiBase, "apiBase");
    Objects.requireNonNull(retry, "retry");
    if (!(rateLimit > 0) || !(searchRateLimit > 0)) {
      throw new IllegalArgumentException("rate limits must be positive");
    }
  }

  /** The settings a schema's operands give. */
  public static ClientSettings of(StripeSchemaConfig config) {
    long base = config.retryBaseMillis();
    RetryPolicy retry = new RetryPolicy(config.maxRetries(), base, Math.max(base, RetryPolicy.MAX_DELAY_MILLIS),
        config.requestTimeout());
    return new ClientSettings(config.apiBase(), config.stripeVersion(), config.accountId(), retry,
        config.rateLimit(), config.searchRateLimit());
  }
}
