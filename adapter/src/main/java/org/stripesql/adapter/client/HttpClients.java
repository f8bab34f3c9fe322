package org.stripesql.adapter.client;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
      // idle connections closed before servers commonly drop them (30 s: Jetty, the JDK's server), so a
      // parallel scan after a pause does not meet dozens of dead pooled connections, each a retry
      .connectionPool(new ConnectionPool(32, 25, TimeUnit.SECONDS))
      .dispatcher(dispatcher())
      .connectTimeout(Duration.ofSeconds(10))
      .readTimeout(Duration.ofSeconds(60))
      .followRedirects(false)
      .retryOnConnectionFailure(false)   // retries are the StripeClient's decision, not okhttp's
      .build();

  private HttpClients() {}

  /** Calls run asynchronously (so a cancelled statement can abandon one); the rate limiters, not okhttp's
   * default of 5 per host, decide how many are in flight. */
  private static Dispatcher dispatcher() {
    AtomicInteger n = new AtomicInteger();
    Dispatcher d = new Dispatcher(new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60,
        TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "stripe-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }));
    d.setMaxRequests(256);
    d.setMaxRequestsPerHost(256);
    return d;
  }

  public static OkHttpClient shared() {
    return SHARED;
  }
}
