package org.stripesql.adapter.client;

import java.util.Objects;
import org.stripesql.adapter.config.StripeSchemaConfig;

/**
 * How a {@link StripeClient} reaches and treats one Stripe account: the API base, the headers that
 * select the version and the connected account, the retry policy, Stripe's rate limits (requests per
 * second for the account, per endpoint, and for search requests) and the most requests one statement
 * keeps in flight.
 */
public record ClientSettings(String apiBase, String stripeVersion, String accountId, RetryPolicy retry,
    double rateLimit, double endpointRateLimit, double searchRateLimit, int maxConcurrency) {
  public ClientSettings {
    Objects.requireNonNull(apiBase, "apiBase");
    Objects.requireNonNull(retry, "retry");
    if (!(rateLimit > 0) || !(endpointRateLimit > 0) || !(searchRateLimit > 0)) {
      throw new IllegalArgumentException("rate limits must be positive");
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be at least 1");
    }
  }

  /** The settings a schema's operands give, with the StripeVersion operand's version or none. */
  public static ClientSettings of(StripeSchemaConfig config) {
    return of(config, null);
  }

  /**
   * The settings a schema's operands give; {@code catalogVersion}, the API version the schema's catalog
   * was derived from, is the {@code Stripe-Version} unless the StripeVersion operand names another, so
   * Stripe answers with objects of the shape the catalog describes.
   */
  public static ClientSettings of(StripeSchemaConfig config, String catalogVersion) {
    String version = config.stripeVersion() != null ? config.stripeVersion()
        : catalogVersion == null || catalogVersion.isBlank() || "unknown".equals(catalogVersion) ? null
        : catalogVersion;
    long base = config.retryBaseMillis();
    RetryPolicy retry = new RetryPolicy(config.maxRetries(), base, Math.max(base, RetryPolicy.MAX_DELAY_MILLIS),
        config.requestTimeout());
    return new ClientSettings(config.apiBase(), version, config.accountId(), retry,
        config.rateLimit(), config.endpointRateLimit(), config.searchRateLimit(), config.maxConcurrency());
  }
}
