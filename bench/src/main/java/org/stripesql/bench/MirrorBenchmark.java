package org.stripesql.bench;

import java.lang.management.ManagementFactory;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * Mirror benchmark (not a test): an account of more than 100,000 charges (emulator seed
 * {@value PushdownBenchmark#SEED}, scale {@value #SCALE}) behind two gateways, one mirroring the dashboard
 * tables into an embedded DuckDB, one reading Stripe live. It measures the initial load (time, requests,
 * and their rate against {@code RateLimit}), then the median time of the PushdownBenchmark queries and
 * of full-table aggregates on both gateways (rows must be equal), then the requests the mirror makes
 * while nothing changes (default refresh interval). Run from the repository root:
 *
 * <pre>
 * mvn -B -Pbench -pl bench -am package -DskipTests
 * java -Xmx8g -cp 'bench/target/classes:bench/target/lib/*' org.stripesql.bench.MirrorBenchmark docs/benchmarks.md
 * </pre>
 *
 * <p>It writes the {@code ## Mirror} section of {@code docs/benchmarks.md} ({@code -} prints it only).
 */
public final class MirrorBenchmark {
  static final int SCALE = 84;
  static final String TABLES = "charges,customers,invoices,subscriptions,products";
  static final double RATE_LIMIT = 100;
  static final int RUNS = 5;
  static final int LIVE_FULL_SCAN_RUNS = 3;
  static final int IDLE_SECONDS = 120;

  private record Timing(String name, int rows, double mirrorMs, double liveMs, int liveRequests) {}

  private MirrorBenchmark() {}

  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : "docs/benchmarks.md";
    Path store = Files.createTempDirectory("stripesql-mirror-bench");
    long genStart = System.nanoTime();
    StripeEmulator emulator = StripeEmulator.builder().host("127.0.0.1").port(0).seed(PushdownBenchmark.SEED)
        .scale(SCALE).anchor(PushdownBenchmark.ANCHOR).build().start();
    System.err.printf(Locale.ROOT, "emulator: %,d charges, built in %.1f s%n", emulator.data().list("charges").size(),
        (System.nanoTime() - genStart) / 1e9);
    Map<String, String> mirrorOps = new LinkedHashMap<>();
    mirrorOps.put("RateLimit", Double.toString(RATE_LIMIT));
    mirrorOps.put("Mirror", TABLES);
    mirrorOps.put("MirrorStore", store.toString());
    String section;
    try (StripeSqlGateway mirrored = gateway(emulator, mirrorOps);
        StripeSqlGateway live = gateway(emulator, FaultsBenchmark.NO_LIMITER);
        Connection m = DriverManager.getConnection(mirrored.jdbcUrl("127.0.0.1"), "", "");
        Connection l = DriverManager.getConnection(live.jdbcUrl("127.0.0.1"), "", "")) {
      emulator.requestLog().clear();
      long t0 = System.nanoTime();
      awaitLive(m);
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      int loadRequests = emulator.requestLog().size();
      System.err.printf(Locale.ROOT, "load: %.1f s, %,d requests%n", loadSeconds, loadRequests);

      List<Timing> timings = new ArrayList<>();
      List<PushdownBenchmark.Query> queries = new ArrayList<>(PushdownBenchmark.queries(emulator));
      queries.add(new PushdownBenchmark.Query("Full table: count of charges", "SELECT COUNT(*) FROM charges"));
      queries.add(new PushdownBenchmark.Query("Full table: sum by status",
          "SELECT status, COUNT(*), SUM(amount) FROM charges GROUP BY status"));
      queries.add(new PushdownBenchmark.Query("Full table: sum by month",
          "SELECT EXTRACT(YEAR FROM created) AS y, EXTRACT(MONTH FROM created) AS mo, SUM(amount)"
              + " FROM charges GROUP BY EXTRACT(YEAR FROM created), EXTRACT(MONTH FROM created)"));
      for (PushdownBenchmark.Query q : queries) {
        Timing t = measure(emulator, q, m, l);
        System.err.printf(Locale.ROOT, "%-45s rows %6d  mirror %8.1f ms  live %9.1f ms (%d requests)%n",
            t.name(), t.rows(), t.mirrorMs(), t.liveMs(), t.liveRequests());
        timings.add(t);
      }

      emulator.requestLog().clear();
      long idleStart = System.nanoTime();
      Thread.sleep(IDLE_SECONDS * 1000L);
      double idleMinutes = (System.nanoTime() - idleStart) / 60e9;
      List<RecordedRequest> idle = emulator.requestLog().requests();
      long polls = idle.stream().filter(r -> r.path().equals("/v1/events")).count();
      section = section(emulator, loadSeconds, loadRequests, timings, idle.size() / idleMinutes, polls, idle.size());
    } finally {
      StripeAdapter.closeMirrors();
      emulator.close();
    }
    System.out.println(section);
    if (!"-".equals(out)) {
      Path file = Paths.get(out).toAbsolutePath().normalize();
      BenchmarksDoc.writeSection(file, "## Mirror", section);
      System.err.println("wrote the ## Mirror section of " + file);
    }
    System.exit(0);
  }

  static StripeSqlGateway gateway(StripeEmulator emulator, Map<String, String> operands) throws Exception {
    return StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), PushdownBenchmark.KEY, operands))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
  }

  private static void awaitLive(Connection m) throws Exception {
    while (true) {
      List<List<Object>> s = rows(m, "SELECT table_name, state, loaded_rows FROM mirror_status");
      if (!s.isEmpty() && s.stream().allMatch(r -> "live".equals(r.get(1)))) {
        return;
      }
      if (s.stream().anyMatch(r -> "failed".equals(r.get(1)))) {
        throw new IllegalStateException("the mirror failed: " + s);
      }
      Thread.sleep(200);
    }
  }

  private static Timing measure(StripeEmulator emulator, PushdownBenchmark.Query q, Connection m, Connection l)
      throws SQLException {
    boolean fullScan = q.name().startsWith("Full table") || q.name().contains("full scan");
    List<String> mirrorRows = sorted(rows(m, q.sql()), q);
    List<Long> mirrorTimes = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      rows(m, q.sql());
      mirrorTimes.add(System.nanoTime() - t);
    }
    List<Long> liveTimes = new ArrayList<>();
    List<String> liveRows = null;
    int requests = 0;
    for (int i = 0; i < (fullScan ? LIVE_FULL_SCAN_RUNS : RUNS); i++) {
      emulator.requestLog().clear();
      long t = System.nanoTime();
      List<List<Object>> r = rows(l, q.sql());
      liveTimes.add(System.nanoTime() - t);
      requests = emulator.requestLog().size();
      liveRows = sorted(r, q);
    }
    if (!mirrorRows.equals(liveRows)) {
      throw new IllegalStateException("the mirror and Stripe answer differently: " + q.name() + "\n  " + q.sql()
          + "\n  mirror " + mirrorRows.size() + " rows, live " + liveRows.size());
    }
    return new Timing(q.name(), mirrorRows.size(), median(mirrorTimes) / 1e6, median(liveTimes) / 1e6, requests);
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

  static String section(StripeEmulator emulator, double loadSeconds, int loadRequests, List<Timing> timings,
      double idlePerMinute, long polls, int idleRequests) {
    StringBuilder s = new StringBuilder("## Mirror\n\n");
    s.append("What a local mirror (`Mirror` operand, [mirror.md](mirror.md)) buys: an account of more than 100,000"
        + " charges\nbehind two gateways over the emulator, one mirroring `" + TABLES + "` into an embedded"
        + " DuckDB, one reading\nStripe live. Both are the real Avatica server reached through the thin driver"
        + " (protobuf); every query must\nreturn the same rows on both or the benchmark aborts. Mirror times are the"
        + " median of " + RUNS + " runs, live ones of " + RUNS + " (" + LIVE_FULL_SCAN_RUNS + " for full\nscans);"
        + " times depend on the machine and on what else runs on it.\n\n");
    s.append("Produced by `org.stripesql.bench.MirrorBenchmark`:\n\n```\nmvn -B -Pbench -pl bench -am package -DskipTests\n"
        + "java -Xmx8g -cp 'bench/target/classes:bench/target/lib/*' org.stripesql.bench.MirrorBenchmark"
        + " docs/benchmarks.md\n```\n\n");
    String sizes = String.join(", ", List.of(TABLES.split(",")).stream()
        .map(t -> String.format(Locale.ROOT, "%,d %s", emulator.data().list(t).size(), t)).toList());
    s.append(PushdownBenchmark.setup(emulator).replace("scale " + PushdownBenchmark.SCALE, "scale " + SCALE)
        .replaceFirst("\\(.*?\\)\\.\n", "(" + sizes + ").\n")).append('\n');
    double rate = loadRequests / loadSeconds;
    s.append(String.format(Locale.ROOT, "**Initial load**: %.1f s for %,d Stripe requests (%.1f requests/s, %.0f%% of"
        + " `RateLimit` %.0f/s; the load reads up to three tables at a time, each one page at a time).%n%n", loadSeconds,
        loadRequests, rate, 100 * rate / RATE_LIMIT, RATE_LIMIT));
    s.append("| # | Query | Rows | Median ms, mirror | Median ms, live | Requests, live | Speed-up |\n");
    s.append("|---:|---|---:|---:|---:|---:|---:|\n");
    int i = 0;
    for (Timing t : timings) {
      i++;
      s.append(String.format(Locale.ROOT, "| %d | %s | %,d | %.1f | %.1f | %,d | %.0f× |%n", i, t.name(), t.rows(),
          t.mirrorMs(), t.liveMs(), t.liveRequests(), t.liveMs() / Math.max(0.001, t.mirrorMs())));
    }
    double slowest = timings.stream().filter(t -> t.name().startsWith("Full table")).mapToDouble(Timing::mirrorMs)
        .max().orElse(0);
    int scanRequests = timings.stream().filter(t -> t.name().startsWith("Full table")).mapToInt(Timing::liveRequests)
        .max().orElse(0);
    s.append(String.format(Locale.ROOT, "%nThe live gateway here reads an emulator on loopback with `RateLimit` lifted;"
        + " at Stripe's own limit of %.0f requests/s a full scan of the %,d charges (%,d requests) takes at least"
        + " %.1f s, %.0f times the slowest full-table aggregate from the mirror.%n", RATE_LIMIT,
        emulator.data().list("charges").size(), scanRequests, scanRequests / RATE_LIMIT,
        scanRequests / RATE_LIMIT * 1000 / Math.max(0.001, slowest)));
    s.append(String.format(Locale.ROOT, "%nThe machine's load average when the run ended: %.1f on %d cores (other builds"
        + " ran alongside; times on an idle machine are lower).%n", ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage(), Runtime.getRuntime().availableProcessors()));
    s.append(String.format(Locale.ROOT, "%n**Idle**: %d Stripe requests in %d s while nothing changed (%d of them"
        + " `/v1/events` polls): %.1f requests per minute at the default `MirrorRefreshSeconds` of 30, for the"
        + " whole account whatever the number of tables.%n", idleRequests, IDLE_SECONDS, polls, idlePerMinute));
    return s.toString();
  }
}
