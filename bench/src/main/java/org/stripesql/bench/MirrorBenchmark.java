package org.stripesql.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * Mirror benchmark (not a test): an account of 100,000+ charges with Stripe's live limits and 300 ms per
 * answer, behind a gateway mirroring into DuckDB and one reading live: load time and rate against the
 * limits, median query times on both (same rows), a dashboard's load ({@link DashboardLoad}) on both,
 * requests while idle. Writes the {@code ## Mirror}
 * section of the file named by its first argument ({@code -}: prints it; a second: another scale than
 * {@value #SCALE}; a third: the dashboard's seconds on each gateway); docs/benchmarks.md says how to run it.
 */
public final class MirrorBenchmark {
  static final int SCALE = 84;
  static final String TABLES = "charges,customers,invoices,subscriptions,products";
  static final long LATENCY_MS = ScanBenchmark.LATENCY_MS;
  static final double RATE_LIMIT = ScanBenchmark.LIVE_ACCOUNT_LIMIT;
  static final double ENDPOINT_LIMIT = ScanBenchmark.ENDPOINT_LIMIT;
  static final int RUNS = 5;
  /** A live full scan of the charges takes about 40 s at the endpoint's limit: two runs, not five. */
  static final int LIVE_FULL_SCAN_RUNS = 2;
  static final int IDLE_SECONDS = 120;
  static final double REFRESH_SECONDS = 30;
  static final String EVENTS = "/v1/events";
  static final long IDLE_CONNECTION_SECONDS = 600;
  static final int DASHBOARD_SECONDS = 60;
  static final int DASHBOARD_WARM_UP_SECONDS = 10;

  record Timing(String name, int rows, double mirrorMs, double liveMs, int mirrorRequests, int liveRequests) {
    boolean fullTable() {
      return name.startsWith("Full table");
    }

    double speedUp() {
      return liveMs / Math.max(0.001, mirrorMs);
    }
  }

  /** The dashboard's load on each gateway. */
  record Dashboard(DashboardLoad.Result mirror, DashboardLoad.Result live, int seconds) {}

  /** The load, the queries, the dashboards and the idle minutes, for the section. */
  record Figures(double loadSeconds, RequestFigures load, List<Timing> timings, Dashboard dashboard, int idleRequests,
      long idlePolls, double idleSeconds, double loadAverageBefore, List<LoadAverageSampler.Stretch> loadAverages) {}

  private MirrorBenchmark() {}

  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : "docs/benchmarks.md";
    int scale = args.length > 1 ? Integer.parseInt(args[1]) : SCALE;   // a smaller one to try the benchmark out
    int dashboardSeconds = args.length > 2 ? Integer.parseInt(args[2]) : DASHBOARD_SECONDS;
    LoadAverageSampler machine = new LoadAverageSampler();
    double loadBefore = machine.now();
    Path store = Files.createTempDirectory("stripesql-mirror-bench");
    // The JDK server under the emulator closes connections idle for 30 s, the client's pool keeps them 5
    // minutes: a live scan after a pause would first retry its requests on dead connections.
    System.setProperty("sun.net.httpserver.idleInterval", Long.toString(IDLE_CONNECTION_SECONDS));
    long genStart = System.nanoTime();
    StripeEmulator emulator = StripeEmulator.builder().host("127.0.0.1").port(0).seed(PushdownBenchmark.SEED)
        .scale(scale).anchor(PushdownBenchmark.ANCHOR).build().start();
    log(String.format(Locale.ROOT, "emulator: %,d charges, built in %.1f s", emulator.data().list("charges").size(),
        (System.nanoTime() - genStart) / 1e9));
    // Stripe as a live account meets it: its limits, and the time a list page of 100 takes
    emulator.faults().stripeLimits(true).latency(Duration.ofMillis(LATENCY_MS));
    Map<String, String> limits = Map.of("RateLimit", Double.toString(RATE_LIMIT));   // live mode's default
    Map<String, String> mirrorOps = new LinkedHashMap<>(limits);
    mirrorOps.put("Mirror", TABLES);
    mirrorOps.put("MirrorStore", store.toString());
    String section;
    List<LoadAverageSampler.Stretch> loadAverages = new ArrayList<>();
    try {
      machine.stretch();   // the emulator's data generation is not measured
      emulator.requestLog().clear();
      long t0 = System.nanoTime();
      try (StripeSqlGateway mirrored = gateway(emulator, mirrorOps);
          Connection m = DriverManager.getConnection(mirrored.jdbcUrl("127.0.0.1"), "", "")) {
        awaitLive(m);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        RequestFigures load = RequestFigures.of(emulator.requestLog().requests());
        loadAverages.add(machine.stretch());
        log(String.format(Locale.ROOT, "load: %.1f s, %,d requests (%d throttled), %s", loadSeconds, load.requests(),
            load.throttled(), load.endpoints()));
        List<Timing> timings = new ArrayList<>();
        Dashboard dashboard;
        try (StripeSqlGateway live = gateway(emulator, limits);
            Connection l = DriverManager.getConnection(live.jdbcUrl("127.0.0.1"), "", "")) {
          for (PushdownBenchmark.Query q : queries(emulator)) {
            Timing t = measure(emulator, q, m, l);
            log(String.format(Locale.ROOT, "%-45s rows %6d  mirror %8.1f ms (%d requests)  live %9.1f ms (%d requests)",
                t.name(), t.rows(), t.mirrorMs(), t.mirrorRequests(), t.liveMs(), t.liveRequests()));
            timings.add(t);
          }
          loadAverages.add(machine.stretch());
          DashboardLoad.Result overMirror = DashboardLoad.run(emulator, mirrored.jdbcUrl("127.0.0.1"),
              DASHBOARD_WARM_UP_SECONDS, dashboardSeconds);
          log(String.format(Locale.ROOT, "dashboard over the mirror: %,d queries, %.1f/s", overMirror.queries(),
              overMirror.perSecond()));
          loadAverages.add(machine.stretch());
          DashboardLoad.Result overLive = DashboardLoad.run(emulator, live.jdbcUrl("127.0.0.1"),
              DASHBOARD_WARM_UP_SECONDS, dashboardSeconds);
          log(String.format(Locale.ROOT, "dashboard over Stripe: %,d queries, %.2f/s", overLive.queries(),
              overLive.perSecond()));
          dashboard = new Dashboard(overMirror, overLive, dashboardSeconds);
        }
        loadAverages.add(machine.stretch());
        emulator.requestLog().clear();
        long idleStart = System.nanoTime();
        Thread.sleep(IDLE_SECONDS * 1000L);
        double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
        List<RecordedRequest> idle = emulator.requestLog().requests();
        long polls = idle.stream().filter(r -> r.path().equals(EVENTS)).count();
        log(String.format(Locale.ROOT, "idle: %d requests in %.0f s (%d events polls)", idle.size(), idleSeconds,
            polls));
        loadAverages.add(machine.stretch());
        Figures f = new Figures(loadSeconds, load, timings, dashboard, idle.size(), polls, idleSeconds, loadBefore,
            loadAverages);
        section = section(emulator, scale, f);
      }
    } finally {
      machine.close();
      StripeAdapter.closeMirrors();
      emulator.close();
      deleteTree(store);
    }
    System.out.println(section);
    if (!"-".equals(out)) {
      Path file = Paths.get(out).toAbsolutePath().normalize();
      BenchmarksDoc.writeSection(file, "## Mirror", section);
      log("wrote the ## Mirror section of " + file);
    }
    System.exit(0);
  }

  /** Removes the mirror's store (a DuckDB file of about 100 MB) after the run. */
  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void log(String s) {
    System.err.println(s);
  }

  /** PushdownBenchmark's queries and the full-table aggregates. */
  private static List<PushdownBenchmark.Query> queries(StripeEmulator emulator) {
    List<PushdownBenchmark.Query> queries = new ArrayList<>(PushdownBenchmark.queries(emulator));
    queries.add(new PushdownBenchmark.Query("Full table: count of charges", "SELECT COUNT(*) FROM charges"));
    queries.add(new PushdownBenchmark.Query("Full table: sum by status",
        "SELECT status, COUNT(*), SUM(amount) FROM charges GROUP BY status"));
    queries.add(new PushdownBenchmark.Query("Full table: sum by month",
        "SELECT EXTRACT(YEAR FROM created) AS y, EXTRACT(MONTH FROM created) AS mo, SUM(amount)"
            + " FROM charges GROUP BY EXTRACT(YEAR FROM created), EXTRACT(MONTH FROM created)"));
    return queries;
  }

  static StripeSqlGateway gateway(StripeEmulator emulator, Map<String, String> operands) throws Exception {
    return StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), PushdownBenchmark.KEY, operands))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
  }

  private static void awaitLive(Connection m) throws Exception {
    long end = System.nanoTime() + 30 * 60_000_000_000L;
    long nextLog = 0;
    while (true) {
      List<List<Object>> s = rows(m, "SELECT table_name, state, loaded_rows FROM mirror_status");
      if (!s.isEmpty() && s.stream().allMatch(r -> "live".equals(r.get(1)))) {
        return;
      }
      if (s.stream().anyMatch(r -> "failed".equals(r.get(1)))) {
        throw new IllegalStateException("the mirror failed: " + s);
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException("the mirror did not go live in 30 minutes: " + s);
      }
      if (System.nanoTime() > nextLog) {
        log("loading: " + s);
        nextLog = System.nanoTime() + 5_000_000_000L;
      }
      Thread.sleep(200);
    }
  }

  private static Timing measure(StripeEmulator emulator, PushdownBenchmark.Query q, Connection m, Connection l)
      throws SQLException {
    boolean fullScan = q.name().startsWith("Full table") || q.name().contains("full scan");
    List<String> mirrorRows = sorted(rows(m, q.sql()), q);   // a warm-up run
    List<Long> mirrorTimes = new ArrayList<>();
    int mirrorRequests = 0;
    for (int i = 0; i < RUNS; i++) {
      emulator.requestLog().clear();
      long t = System.nanoTime();
      rows(m, q.sql());
      mirrorTimes.add(System.nanoTime() - t);
      mirrorRequests = stripeRequests(emulator);
    }
    List<Long> liveTimes = new ArrayList<>();
    List<String> liveRows = null;
    int liveRequests = 0;
    int liveRuns = fullScan ? LIVE_FULL_SCAN_RUNS : RUNS;
    for (int i = 0; i < liveRuns; i++) {
      emulator.requestLog().clear();
      long t = System.nanoTime();
      List<List<Object>> r = rows(l, q.sql());
      liveTimes.add(System.nanoTime() - t);
      liveRequests = stripeRequests(emulator);
      liveRows = sorted(r, q);
    }
    if (!mirrorRows.equals(liveRows)) {
      throw new IllegalStateException("the mirror and Stripe answer differently: " + q.name() + "\n  " + q.sql()
          + "\n  mirror " + mirrorRows.size() + " rows, live " + liveRows.size());
    }
    return new Timing(q.name(), mirrorRows.size(), median(mirrorTimes) / 1e6, median(liveTimes) / 1e6,
        mirrorRequests, liveRequests);
  }

  /** The requests since the log was cleared, but the mirror's events polls (which go on beside the query). */
  private static int stripeRequests(StripeEmulator emulator) {
    return (int) emulator.requestLog().requests().stream().filter(r -> !r.path().equals(EVENTS)).count();
  }

  private static double median(List<Long> t) {
    List<Long> s = new ArrayList<>(t);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
  }

  /** Rows as text, decimals by value, sorted unless the query orders them. */
  private static List<String> sorted(List<List<Object>> rows, PushdownBenchmark.Query q) {
    List<String> out = new ArrayList<>();
    for (List<Object> r : rows) {
      out.add(r.stream().map(v -> v instanceof BigDecimal d
          ? (d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString()) : String.valueOf(v)).toList().toString());
    }
    if (!q.ordered()) {
      out.sort(null);
    }
    return out;
  }

  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<Object>> out = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
      return out;
    }
  }

  static String section(StripeEmulator emulator, int scale, Figures f) {
    StringBuilder s = new StringBuilder("## Mirror\n\n");
    s.append("What a local mirror (`Mirror` operand, [mirror.md](mirror.md)) buys: an account of more than 100,000"
        + " charges\nbehind two gateways over the emulator, one mirroring `" + TABLES + "` into an embedded"
        + " DuckDB, one reading\nStripe live. Both are the real Avatica server reached through the thin driver"
        + " (protobuf); every query must\nreturn the same rows on both or the benchmark aborts.\n\n");
    s.append(String.format(Locale.ROOT, "The emulator is Stripe as a live account meets it, for the mirror's load and"
        + " for the live gateway alike:\nit enforces Stripe's documented live-mode limits (%.0f requests/s per"
        + " account, %.0f/s per endpoint, Search 20/s,\nanswering 429 beyond them), and every answer waits %d ms,"
        + " what Stripe takes for a list page of 100 objects\n(retrieves of one object are faster at Stripe, so"
        + " single-object lookups here flatter the mirror a little).\nBoth gateways run at their default limits"
        + " (`EndpointRateLimit` 25, `SearchRateLimit` 20, `MaxConcurrency`\n64, adaptive on 429), with `RateLimit`"
        + " %.0f: the live-mode default (the emulator takes only test keys, whose\ndefault is 25). Both draw on one"
        + " account budget, as two schemas of one process do.\nThe emulator keeps idle connections %d s (the JDK"
        + " server's default of 30 s closed connections the client's pool\nstill held, and live scans after a pause"
        + " lost seconds retrying on them).%n%n", RATE_LIMIT, ENDPOINT_LIMIT, LATENCY_MS, RATE_LIMIT,
        IDLE_CONNECTION_SECONDS));
    s.append("Mirror times are the median of " + RUNS + " runs after a warm-up; live times the median of " + RUNS
        + " runs, but of " + LIVE_FULL_SCAN_RUNS + "\n(their mean) for full-table scans, each of which takes tens of"
        + " seconds at the endpoint's limit, so\nthe whole run stays near ten minutes. Times depend on the machine"
        + " and on what else runs on it.\n\n");
    s.append("Produced by `org.stripesql.bench.MirrorBenchmark`:\n\n```\nmvn -B -Pbench -pl bench -am package -DskipTests\n"
        + "java -Xmx8g -cp 'bench/target/classes:bench/target/lib/*' org.stripesql.bench.MirrorBenchmark"
        + " docs/benchmarks.md\n```\n\n");
    String sizes = String.join(", ", List.of(TABLES.split(",")).stream()
        .map(t -> String.format(Locale.ROOT, "%,d %s", emulator.data().list(t).size(), t)).toList());
    s.append(PushdownBenchmark.setup(emulator).replace("scale " + PushdownBenchmark.SCALE, "scale " + scale)
        .replaceFirst("\\(.*?\\)\\.\n", "(" + sizes + ").\n"));
    List<LoadAverageSampler.Stretch> la = f.loadAverages();
    s.append(String.format(Locale.ROOT, "- Load average (1 minute, sampled every 5 s) on %d cores: %.1f when the run"
        + " started; during the load %s; during the queries %s; during the dashboard over the mirror %s, over"
        + " Stripe %s; while idle %s. The run's own threads count in it, as do other sessions' builds and"
        + " benchmarks on the same cores.%n%n", Runtime.getRuntime().availableProcessors(), f.loadAverageBefore(),
        la.get(0), la.get(1), la.get(2), la.get(3), la.get(4)));
    loadSection(s, f, emulator.data().list("charges").size());
    s.append("| # | Query | Rows | Median ms, mirror | Median ms, live | Stripe requests, mirror | Stripe requests, live"
        + " | Speed-up |\n");
    s.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
    int i = 0;
    for (Timing t : f.timings()) {
      i++;
      s.append(String.format(Locale.ROOT, "| %d | %s | %,d | %.1f | %.1f | %,d | %,d | %s× |%n", i, t.name(), t.rows(),
          t.mirrorMs(), t.liveMs(), t.mirrorRequests(), t.liveRequests(), times(t.speedUp())));
    }
    s.append("\nStripe requests are those of one run, the mirror's events polls left out. A table that is not mirrored"
        + "\n(`invoice_lines` here) is read live through the mirrored gateway too.\n");
    dashboardSection(s, f.dashboard());
    List<Timing> full = f.timings().stream().filter(Timing::fullTable).toList();
    double slowest = full.stream().mapToDouble(Timing::mirrorMs).max().orElse(0);
    double least = full.stream().mapToDouble(Timing::speedUp).min().orElse(0);
    double perInterval = f.idlePolls() / (f.idleSeconds() / REFRESH_SECONDS);
    long checks = f.idleRequests() - f.idlePolls();
    s.append(String.format(Locale.ROOT, "%n**Idle**: %d Stripe requests in %.0f s while nothing changed: %d"
        + " `/v1/events` polls, %.1f per refresh interval (the default `MirrorRefreshSeconds` of %.0f), for the whole"
        + " account whatever the number of tables; and %d access checks (a one-row read per table and the events,"
        + " each key every `MirrorAccessCheckSeconds`, default 300 s, so a key reads from the mirror only what"
        + " Stripe still lets it read).%n", f.idleRequests(), f.idleSeconds(), f.idlePolls(), perInterval,
        REFRESH_SECONDS, checks));
    s.append(String.format(Locale.ROOT, "%n**Against issue 15's goals**: full-table aggregates from the mirror %s"
        + " (slowest median %.1f ms, goal under 200 ms); at least %s× faster than live %s (goal 100×); idle cost"
        + " %.1f events polls per refresh interval %s (goal one events poll; the access checks come on top).%n",
        slowest < 200 ? "met" : "not met", slowest, times(least), least >= 100 ? "met" : "not met", perInterval,
        perInterval <= 1.05 ? "met" : "not met"));
    return s.toString();
  }

  /** The dashboards: queries/s and latencies per query on each gateway, and the ratio. */
  private static void dashboardSection(StringBuilder s, Dashboard d) {
    DashboardLoad.Result m = d.mirror();
    DashboardLoad.Result l = d.live();
    double mq = m.perSecond();
    double lq = l.perSecond();
    s.append(String.format(Locale.ROOT, "%n**Dashboard load**: %d clients through the thin driver, each on a connection"
        + " of its own, cycling through `LoadBenchmark`'s five queries for %d s on each gateway after a %d s warm-up"
        + " (every `count(*)` checked against the emulator's data); queries still running when the window ends are"
        + " cancelled and not counted. Over the mirror: %,d queries, %d errors, %,.1f queries/s, %,.2f Stripe"
        + " requests/s (the events polls). Over Stripe: %,d queries (%d cut off at the end), %d errors, %,.2f"
        + " queries/s, %,.1f Stripe requests/s (%.0f%% of `RateLimit`). The mirror answers %s× the queries per"
        + " second.%n%n", LoadBenchmark.CLIENTS, d.seconds(), DASHBOARD_WARM_UP_SECONDS, m.queries(), m.errors(), mq,
        m.stripeRequests() / m.seconds(), l.queries(), l.cancelled(), l.errors(), lq, l.stripeRequests() / l.seconds(),
        100 * l.stripeRequests() / l.seconds() / RATE_LIMIT, times(mq / Math.max(1e-9, lq))));
    s.append("| Query | Mirror: count | p50 ms | p95 ms | Stripe: count | p50 ms | p95 ms |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < LoadBenchmark.MIX.size(); i++) {
      List<Long> ml = m.latencies().get(i);
      List<Long> ll = l.latencies().get(i);
      s.append(String.format(Locale.ROOT, "| %s: `%s` | %,d | %.1f | %.1f | %,d | %s | %s |%n",
          LoadBenchmark.MIX.get(i)[0], LoadBenchmark.MIX.get(i)[1].replace("'%s'", "'cus_…'"), ml.size(),
          LoadBenchmark.percentileMs(ml, 0.50), LoadBenchmark.percentileMs(ml, 0.95), ll.size(),
          ll.isEmpty() ? "–" : String.format(Locale.ROOT, "%.0f", LoadBenchmark.percentileMs(ll, 0.50)),
          ll.isEmpty() ? "–" : String.format(Locale.ROOT, "%.0f", LoadBenchmark.percentileMs(ll, 0.95))));
    }
    if (!m.errorSamples().isEmpty() || !l.errorSamples().isEmpty()) {
      s.append("\nErrors (first few): mirror ").append(m.errorSamples()).append("; Stripe ").append(l.errorSamples())
          .append('\n');
    }
    s.append('\n');
  }

  /** The initial load: time, requests, rate against the account's and each endpoint's limit. */
  private static void loadSection(StringBuilder s, Figures f, int charges) {
    RequestFigures load = f.load();
    double rate = load.requests() / load.seconds();
    double least = load.leastSeconds(RATE_LIMIT, ENDPOINT_LIMIT);
    s.append(String.format(Locale.ROOT, "**Initial load**: %.1f s from the mirrored gateway's start until every table"
        + " was live, %.1f s of them from the first Stripe request to the last; %,d requests (%,d of them 429s): %.1f"
        + " requests/s over that span, %.0f%% of `RateLimit` %.0f/s. The limits allow no less than %.1f s for these"
        + " requests (the busiest endpoint's at %.0f/s, or all of them at %.0f/s, whichever is longer): the load ran"
        + " at %.0f%% of that pace. The mirror loads as many tables at once as the account's budget can serve"
        + " (⌈RateLimit / EndpointRateLimit⌉ + 1 = %d here), each in parallel time slices. Per endpoint, from its"
        + " first request to its last:%n%n", f.loadSeconds(), load.seconds(), load.requests(), load.throttled(), rate,
        100 * rate / RATE_LIMIT, RATE_LIMIT, least, ENDPOINT_LIMIT, RATE_LIMIT, 100 * least / load.seconds(),
        (int) (Math.ceil(RATE_LIMIT / ENDPOINT_LIMIT) + 1)));
    s.append("| Endpoint | Requests | 429s | Seconds | Requests/s | % of the endpoint's limit |\n");
    s.append("|---|---:|---:|---:|---:|---:|\n");
    for (RequestFigures.Endpoint e : load.endpoints()) {
      s.append(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %.1f | %.1f | %.0f%% |%n", e.path(), e.requests(),
          e.throttled(), e.seconds(), e.perSecond(), 100 * e.perSecond() / ENDPOINT_LIMIT));
    }
    load.endpoints().stream().filter(e -> e.path().equals("/v1/charges")).findFirst().ifPresent(e -> s.append(
        String.format(Locale.ROOT, "%nThe %,d charges are %,d pages of 100; time slices end in part-filled pages, so a"
            + " sliced scan asks for more (%,d requests here, %.0f%% more).%n", charges, (charges + 99) / 100,
            e.requests(), 100.0 * e.requests() / ((charges + 99) / 100) - 100)));
    s.append('\n');
  }

  private static String times(double x) {
    return String.format(Locale.ROOT, x < 10 ? "%.1f" : "%,.0f", x);
  }
}
