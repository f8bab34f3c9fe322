package org.stripesql.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.stripesql.adapter.StripeAdapter;

/**
 * The gateway's Prometheus metrics: queries by outcome, rows, query latency, Stripe requests by status class
 * and status, retries, rate-limiter waits, open connections and statements, and how many mirrored tables are
 * in each state ({@link #scrape}, for anyone at {@code GET /metrics}); and per mirrored table its state, rows
 * and lag, which tell about an account ({@link #scrapeWithMirrors}, only at the separate metrics address).
 * Labels are fixed words, HTTP statuses, table names and a mirror's label (a digest): never SQL, user names,
 * keys or account ids.
 */
public final class GatewayMetrics implements StripeAdapter.RequestListener, AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** The per-account figures: served only at the metrics address. */
  private final PrometheusMeterRegistry mirrorRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter queriesOk;
  private final Counter queriesFailed;
  private final Counter queriesRejected;
  private final Counter rows;
  private final Timer latency;
  private final Counter retries;
  private final Timer rateLimitWaits;
  private final Counter loginFailures;
  private final AutoCloseable listening;
  private final AutoCloseable mirrorListening;
  private final Map<String, MirrorGauges> mirrors = new ConcurrentHashMap<>();

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
    for (String state : StripeAdapter.MIRROR_STATES) {
      Gauge.builder("stripesql_mirror_tables", mirrors, all -> all.values().stream().filter(g -> state.equals(g.state))
          .count()).description("Mirrored tables in a state, all mirrors of the process together")
          .tag("state", state).register(registry);
    }
    listening = StripeAdapter.listen(this);
    mirrorListening = StripeAdapter.listenMirrors(this::onMirror);
  }

  /** The latest state of one mirrored table, read by its gauges. */
  private static final class MirrorGauges {
    volatile String state = "starting";
    volatile double rows;
    volatile double lag = -1;
  }

  private void onMirror(StripeAdapter.MirrorTableStatus s) {
    MirrorGauges g = mirrors.computeIfAbsent(s.mirror() + "|" + s.table(), k -> {
      MirrorGauges n = new MirrorGauges();
      Gauge.builder("stripesql_mirror_rows", n, x -> x.rows).description("Rows of a mirrored table in the store")
          .tag("mirror", s.mirror()).tag("table", s.table()).register(mirrorRegistry);
      Gauge.builder("stripesql_mirror_lag_seconds", n, x -> x.lag)
          .description("Seconds since the mirror last knew the table complete (-1: not yet)")
          .tag("mirror", s.mirror()).tag("table", s.table()).register(mirrorRegistry);
      for (String state : StripeAdapter.MIRROR_STATES) {
        Gauge.builder("stripesql_mirror_state", n, x -> state.equals(x.state) ? 1 : 0)
            .description("1 for a mirrored table's current state").tag("mirror", s.mirror()).tag("table", s.table())
            .tag("state", state).register(mirrorRegistry);
      }
      return n;
    });
    g.state = s.state();
    g.rows = s.rows();
    g.lag = s.lagSeconds();
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

  /** Prometheus text exposition format 0.0.4: what anyone may read (no per-account figure). */
  public String scrape() {
    return registry.scrape();
  }

  /** {@link #scrape()} and each mirrored table's state, rows and lag: for the metrics address only. */
  public String scrapeWithMirrors() {
    return registry.scrape() + mirrorRegistry.scrape();
  }

  @Override
  public void close() {
    try {
      listening.close();
      mirrorListening.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);   // unregistering a listener throws nothing
    } finally {
      registry.close();
      mirrorRegistry.close();
    }
  }
}
