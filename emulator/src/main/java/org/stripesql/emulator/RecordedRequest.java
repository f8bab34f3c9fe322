package org.stripesql.emulator;

import java.util.List;
import java.util.Map;

/**
 * One request the emulator answered, or failed on purpose (see {@link Faults}).
 *
 * @param method     HTTP method
 * @param path       the path without the query string
 * @param query      the decoded query parameters, keys exactly as sent ({@code created[gte]}, {@code expand[]}),
 *                   values in arrival order; unmodifiable
 * @param status     the HTTP status of the answer; 0 when no answer was sent (a dropped or stalled connection)
 * @param fault      null for a request answered normally, else the injected fault: {@code rate_limit},
 *                   {@code throttled} (over {@link Faults#requestsPerSecond}), {@code server_error},
 *                   {@code drop}, {@code stall} or {@code non_retryable}
 * @param arrivedNanos {@link System#nanoTime()} when the request arrived, for measuring request rates
 * @param key        the API key it was made with, as Stripe shows one ({@code sk_test_****6789}); null when the
 *                   request carried none, or was not read that far (an injected fault)
 * @param form       a write's decoded form body, keys as sent; empty for a read or a faulted request
 * @param account    the connected account the request was for: its {@code Stripe-Account} header, else the
 *                   account its OAuth access token stands for; null for the platform's own requests
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> query, int status,
    String fault, long arrivedNanos, String key, Map<String, List<String>> form, String account) {

  public RecordedRequest(String method, String path, Map<String, List<String>> query, int status) {
    this(method, path, query, status, null, System.nanoTime(), null, Map.of(), null);
  }

  /** A request of the platform's own (no connected account), its key not read. */
  public RecordedRequest(String method, String path, Map<String, List<String>> query, int status, String fault,
      long arrivedNanos) {
    this(method, path, query, status, fault, arrivedNanos, null, Map.of(), null);
  }

  /** Whether this request was answered with data or a genuine API error, not an injected fault. */
  public boolean served() {
    return fault == null;
  }
}
