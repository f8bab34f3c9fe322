package org.stripesql.adapter.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one okhttp client of the process. Every Stripe client derives from it with
 * {@link OkHttpClient#newBuilder()}, so they share its connection pool and threads: connections to
 * Stripe are reused across queries, schemas and connections.
 */
public final class HttpClients {
  private static final OkHttpClient SHARED = new OkHttpClient.Builder()
      .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
      .dispatcher(new Dispatcher())
      .connectTimeout(Duration.ofSeconds(10))
      .readTimeout(Duration.ofSeconds(60))
      .followRedirects(false)
      .retryOnConnectionFailure(false)   // retries are the StripeClient's decision, not okhttp's
      .build();

  private HttpClients() {}

  public static OkHttpClient shared() {
    return SHARED;
  }
}
