package org.stripesql.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.stripesql.adapter.StripeAdapter;

/**
 * The gateway's Prometheus metrics (served at {@code GET /metrics}): queries by outcome, rows, query
 * latency, Stripe requests by status class and status, retries, rate-limiter waits, open connections and statements.
 * Labels are fixed words and HTTP statuses only: never SQL, user names, keys or account ids.
 */
public final class GatewayMetrics implements StripeAdapter.RequestListener, AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter queriesOk;
  private final Counter queriesFailed;
  private final Counter queriesRejected;
  private final Counter rows;
  private final Timer latency;
  private final Counter retries;
  private final Timer rateLimitWaits;
  private final Counter loginFailures;
  private final AutoCloseable listening;

  public GatewayMetrics() {
    queriesOk = Counter.builder("stripesql_queries").tag("outcome", "ok")
        .description("Statements executed").register(registry);
    queriesFailed = Counter.builder("stripesql_queries").tag("outcome", "error")
        .description("Statements executed").register(registry);
    queriesRejected = Counter.builder("stripesql_queries").tag("outcome", "rejected")
        .description("Statements executed").register(registry);
    rows = Counter.builder("stripesql_rows").description("Rows sent to clients").register(registry);
    latency = Timer.builder("stripesql_query_latency")
        .description("Time to execute a statement and build its first frame")
        .publishPercentileHistogram().register(registry);
    retries = Counter.builder("stripesql_stripe_retries").description("Stripe requests repeated").register(registry);
    rateLimitWaits = Timer.builder("stripesql_stripe_rate_limit_waits")
        .description("Waits imposed by the client-side rate limiter").register(registry);
    loginFailures = Counter.builder("stripesql_login_failures")
        .description("Rejected Basic authentication attempts").register(registry);
    listening = StripeAdapter.listen(this);
  }

  /** Registers the open-connections gauge. */
  public void openConnections(Supplier<Number> count) {
    Gauge.builder("stripesql_open_connections", count).description("Open Avatica connections").register(registry);
  }

  /** Registers the open-statements gauge. */
  public void openStatements(Supplier<Number> count) {
    Gauge.builder("stripesql_open_statements", count).description("Open Avatica statements").register(registry);
  }

  public void queryOk(long nanos) {
    queriesOk.increment();
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void queryFailed(long nanos) {
    queriesFailed.increment();
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void queryRejected() {
    queriesRejected.increment();
  }

  public void rows(long n) {
    if (n > 0) {
      rows.increment(n);
    }
  }

  public void loginFailed() {
    loginFailures.increment();
  }

  @Override
  public void onAttempt(int status, long nanos, boolean search) {
    String s = status == 0 ? "none" : Integer.toString(status);
    String cls = status == 0 ? "network" : (status / 100) + "xx";
    Timer.builder("stripesql_stripe_requests").description("Stripe HTTP attempts")
        .tag("status", s).tag("status_class", cls).tag("api", search ? "search" : "list")
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void onRetry() {
    retries.increment();
  }

  @Override
  public void onRateLimitWait(long nanos) {
    rateLimitWaits.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Prometheus text exposition format 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    try {
      listening.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);   // unregistering a listener throws nothing
    } finally {
      registry.close();
    }
  }
}
