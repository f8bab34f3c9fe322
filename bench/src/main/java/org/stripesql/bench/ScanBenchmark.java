package org.stripesql.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * Full scans at the speed of Stripe's rate limits (not a test): tables read through the gateway and the
 * thin driver from an emulator in its own JVM with 300 ms per answer and Stripe's limits, sequentially
 * and in parallel; rows/s, requests/s, percent of the applicable limit, 429s, heap, same rows checked.
 * Writes the {@code ## Scans} section of docs/benchmarks.md. Arguments: [output file, or -] [scale]
 * [two-gateways: only that run, printed, nothing written]
 * [--only charges,invoices,customers,child,four-clients,two-gateways,test-mode] (default: all).
 */
public final class ScanBenchmark {
  static final String HEADING = "## Scans";
  static final long LATENCY_MS = 300;
  static final double ENDPOINT_LIMIT = 25;
  static final double LIVE_ACCOUNT_LIMIT = 100;
  static final double TEST_ACCOUNT_LIMIT = 25;
  static final int WINDOW_SECONDS = 20;
  /** The start of the two gateways' run reported apart: both begin at the whole limit. */
  static final int SETTLING_SECONDS = 5;
  static final String CHILD_SQL = "select l.id, l.amount from invoices i join invoice_lines l on l.invoice = i.id"
      + " where i.status = 'paid'";
  static final String TWO_GATEWAYS = "two-gateways";
  private static final AtomicLong KEYS = new AtomicLong();

  /** One measured scan. */
  record Run(String what, String mode, long rows, long orderedHash, long unorderedHash, double seconds,
      JsonNode stats, String endpoint, double limit, long peakUsed, long peakLive) {
    long endpointRequests() {
      return endpoint == null ? stats.path("requests").asLong()
          : stats.path("byEndpoint").path(endpoint).path("requests").asLong();
    }

    double percentOfLimit() {
      return 100.0 * endpointRequests() / seconds / limit;
    }

    long throttled() {
      return stats.path("throttled").asLong();
    }
  }

  private ScanBenchmark() {}

  public static void main(String[] arguments) throws Exception {
    List<String> positional = new ArrayList<>();
    Predicate<String> runs = selection(arguments, positional);
    String[] args = positional.toArray(new String[0]);
    String out = args.length > 0 ? args[0] : "docs/benchmarks.md";
    int scale = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    String load = BenchmarksDoc.loadAverage();
    if (args.length > 2 && args[2].equals(TWO_GATEWAYS)) {
      twoGatewaysOnly(scale, load);
      return;
    }
    List<String> lines = new ArrayList<>();
    List<Run> measured = new ArrayList<>();
    double aloneRate;
    try (EmulatorProcess big = EmulatorProcess.start(scale); EmulatorProcess small = EmulatorProcess.start(1)) {
      aloneRate = emulatorAlone(big);
      log(String.format(Locale.ROOT, "emulator alone: %.0f requests/s with %d ms latency", aloneRate, LATENCY_MS));
      big.send("latency " + LATENCY_MS);
      small.send("latency " + LATENCY_MS);
      big.send("limits live");
      small.send("limits live");
      Map<String, String> live = Map.of("RateLimit", Double.toString(LIVE_ACCOUNT_LIMIT));
      for (String table : List.of("charges", "invoices", "customers")) {
        if (!runs.test(table)) {
          continue;
        }
        long expected = Long.parseLong(big.send("count " + table));
        String sql = "select id, created from " + table;
        Run seq = scan(big, table + " (" + expected + " rows)", "sequential", sql, sequential(live), "/v1/" + table,
            ENDPOINT_LIMIT);
        Run par = scan(big, table + " (" + expected + " rows)", "parallel", sql, live, "/v1/" + table, ENDPOINT_LIMIT);
        check(seq, par, expected, true);
        measured.add(seq);
        measured.add(par);
      }
      if (runs.test("child")) {
        Run seqChild = scan(small, "invoice lines of paid invoices", "sequential", CHILD_SQL, sequential(live),
            "/v1/invoices/*/lines", ENDPOINT_LIMIT);
        Run parChild = scan(small, "invoice lines of paid invoices", "parallel", CHILD_SQL, live,
            "/v1/invoices/*/lines", ENDPOINT_LIMIT);
        check(seqChild, parChild, -1, false);
        measured.add(seqChild);
        measured.add(parChild);
      }
      if (runs.test("four-clients")) {
        lines.add(fourClients(big, live));
      }
      if (runs.test("two-gateways")) {
        lines.add(twoGateways(big, live));
      }
      if (runs.test("test-mode")) {
        big.send("limits test");
        long charges = Long.parseLong(big.send("count charges"));
        Run test = scan(big, "charges (" + charges + " rows), test mode", "parallel",
            "select id, created from charges", Map.of(), null, TEST_ACCOUNT_LIMIT);
        check(test, test, charges, true);
        measured.add(test);
      }
    }
    String section = section(measured, lines, aloneRate, scale, load);
    System.out.println(section);
    if (!"-".equals(out)) {
      BenchmarksDoc.writeSection(Path.of(out), HEADING, section);
      log("wrote the " + HEADING + " section of " + out);
    }
    System.exit(0);
  }

  /** Which parts run: those named after {@code --only} (comma-separated), else all; the rest go to {@code positional}. */
  static Predicate<String> selection(String[] arguments, List<String> positional) {
    Set<String> only = new HashSet<>();
    for (int i = 0; i < arguments.length; i++) {
      if ("--only".equals(arguments[i]) && i + 1 < arguments.length) {
        only.addAll(Arrays.asList(arguments[++i].split(",")));
      } else {
        positional.add(arguments[i]);
      }
    }
    return name -> only.isEmpty() || only.contains(name);
  }

  /** Only the two gateways' run (to measure how their limiters settle), printed. */
  static void twoGatewaysOnly(int scale, String load) throws Exception {
    try (EmulatorProcess big = EmulatorProcess.start(scale)) {
      big.send("latency " + LATENCY_MS);
      big.send("limits live");
      System.out.println(twoGateways(big, Map.of("RateLimit", Double.toString(LIVE_ACCOUNT_LIMIT))));
      System.out.println("1-minute load average " + load + " at the start, " + BenchmarksDoc.loadAverage() + " at the end");
    }
    System.exit(0);
  }

  static void log(String s) {
    System.err.println(s);
  }

  static Map<String, String> sequential(Map<String, String> operands) {
    Map<String, String> m = new LinkedHashMap<>(operands);
    m.put("MaxConcurrency", "1");
    return m;
  }

  /** How many requests per second the emulator alone answers with latency and no limits. */
  static double emulatorAlone(EmulatorProcess emulator) throws Exception {
    emulator.send("limits off");
    emulator.send("latency " + LATENCY_MS);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    int total = 6000;
    Semaphore inFlight = new Semaphore(600);
    List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
    HttpRequest req = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/customers?limit=1"))
        .header("Authorization", "Bearer sk_test_bench_alone").GET().build();
    emulator.send("clear");
    long t0 = System.nanoTime();
    for (int i = 0; i < total; i++) {
      inFlight.acquire();
      all.add(http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release()));
    }
    long ok = 0;
    for (CompletableFuture<HttpResponse<Void>> f : all) {
      ok += f.join().statusCode() == 200 ? 1 : 0;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (ok != total) {
      throw new IllegalStateException("the emulator alone answered " + ok + " of " + total + " requests");
    }
    return total / seconds;
  }

  static StripeSqlGateway gateway(EmulatorProcess emulator, Map<String, String> operands) throws Exception {
    String key = "sk_test_bench_scan_" + KEYS.incrementAndGet();   // a fresh rate budget per gateway
    return StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), key, operands))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
  }

  static Run scan(EmulatorProcess emulator, String what, String mode, String sql, Map<String, String> operands,
      String endpoint, double limit) throws Exception {
    try (StripeSqlGateway gateway = gateway(emulator, operands);
         Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "")) {
      System.gc();
      emulator.send("clear");
      long[] result;
      double seconds;
      try (HeapSampler heap = new HeapSampler()) {
        long t0 = System.nanoTime();
        result = read(c, sql);
        seconds = (System.nanoTime() - t0) / 1e9;
        Run r = new Run(what, mode, result[0], result[1], result[2], seconds, emulator.stats(), endpoint, limit,
            heap.peakUsed(), heap.peakAfterGc());
        log(String.format(Locale.ROOT, "%-40s %-10s %7d rows %7.1f s %7.0f rows/s %5.1f%% of %s/s, %d 429s",
            what, mode, r.rows(), seconds, r.rows() / seconds, r.percentOfLimit(), fmt(limit), r.throttled()));
        return r;
      }
    }
  }

  /** Rows, a hash of the first column in order, and one regardless of order. */
  static long[] read(Connection c, String sql) throws SQLException {
    long rows = 0;
    long ordered = 17;
    long unordered = 0;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        long h = rs.getString(1).hashCode();
        ordered = ordered * 31 + h;
        unordered += h * 0x9E3779B97F4A7C15L;
        rows++;
      }
    }
    return new long[] {rows, ordered, unordered};
  }

  static void check(Run seq, Run par, long expected, boolean ordered) {
    if (expected >= 0 && par.rows() != expected) {
      throw new IllegalStateException(par.what() + ": " + par.rows() + " rows, expected " + expected);
    }
    if (seq.rows() != par.rows() || (ordered ? seq.orderedHash() != par.orderedHash()
        : seq.unorderedHash() != par.unorderedHash())) {
      throw new IllegalStateException(par.what() + ": parallel rows differ from sequential ones");
    }
  }

  /** Four clients each scanning their own table over and over for a while: the account's limit. */
  static String fourClients(EmulatorProcess emulator, Map<String, String> operands) throws Exception {
    List<String> tables = List.of("charges", "invoices", "customers", "events");
    try (StripeSqlGateway gateway = gateway(emulator, operands)) {
      emulator.send("clear");
      double seconds = loop(gateway, tables, WINDOW_SECONDS);
      JsonNode stats = emulator.stats();
      double total = stats.path("requests").asLong() / seconds;
      StringBuilder per = new StringBuilder();
      for (String t : tables) {
        per.append(per.length() == 0 ? "" : ", ").append(t).append(' ').append(String.format(Locale.ROOT, "%.1f",
            stats.path("byEndpoint").path("/v1/" + t).path("requests").asLong() / seconds));
      }
      String line = String.format(Locale.ROOT, "Four clients, each scanning one table over and over for %d s (live"
          + " limits): %.1f requests/s in all, %.0f%% of the account's %s/s (%s per endpoint), %d 429s of %d requests"
          + " (%.2f%%), peak %d requests in one second.", WINDOW_SECONDS, total, 100 * total / LIVE_ACCOUNT_LIMIT,
          fmt(LIVE_ACCOUNT_LIMIT), per, stats.path("throttled").asLong(), stats.path("requests").asLong(),
          100.0 * stats.path("throttled").asLong() / Math.max(1, stats.path("requests").asLong()),
          stats.path("peakPerSecond").asInt());
      log(line);
      return line;
    }
  }

  /** Two gateways with separate budgets (as two processes) scanning one endpoint: they settle on its limit. */
  static String twoGateways(EmulatorProcess emulator, Map<String, String> operands) throws Exception {
    try (StripeSqlGateway a = gateway(emulator, operands); StripeSqlGateway b = gateway(emulator, operands)) {
      emulator.send("clear");
      List<Thread> threads = new ArrayList<>();
      double[] seconds = new double[2];
      List<StripeSqlGateway> both = List.of(a, b);
      for (int i = 0; i < 2; i++) {
        int k = i;
        Thread t = new Thread(() -> {
          try {
            seconds[k] = loop(both.get(k), List.of("charges"), WINDOW_SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        t.start();
        threads.add(t);
      }
      Thread.sleep(SETTLING_SECONDS * 1000L);
      JsonNode settling = emulator.stats();   // the first seconds, when both start at the whole limit
      for (Thread t : threads) {
        t.join();
      }
      JsonNode stats = emulator.stats();
      double window = Math.max(seconds[0], seconds[1]);
      long laterRequests = stats.path("byEndpoint").path("/v1/charges").path("requests").asLong()
          - settling.path("byEndpoint").path("/v1/charges").path("requests").asLong();
      long laterThrottled = stats.path("throttled").asLong() - settling.path("throttled").asLong();
      long requests = stats.path("byEndpoint").path("/v1/charges").path("requests").asLong();
      long throttled = stats.path("throttled").asLong();
      long accepted = requests - stats.path("byEndpoint").path("/v1/charges").path("throttled").asLong();
      String line = String.format(Locale.ROOT, "Two gateways with budgets of their own (as two processes on one"
          + " account), each scanning `charges` over and over for %d s: %.1f requests/s to the endpoint together,"
          + " %.0f%% of its %s/s (%.1f/s accepted, %.0f%%); %d 429s of %d requests (%.1f%%) while their limiters"
          + " settled.", WINDOW_SECONDS, requests / window, 100 * requests / window / ENDPOINT_LIMIT, fmt(ENDPOINT_LIMIT),
          accepted / window, 100 * accepted / window / ENDPOINT_LIMIT, throttled, requests,
          100.0 * throttled / Math.max(1, requests))
          + String.format(Locale.ROOT, " After the first %d s: %d 429s of %d requests (%.1f%%).", SETTLING_SECONDS,
          laterThrottled, laterRequests, 100.0 * laterThrottled / Math.max(1, laterRequests));
      log(line);
      return line;
    }
  }

  /** Scans each table from its own client until {@code seconds} have passed; returns the wall time. */
  static double loop(StripeSqlGateway gateway, List<String> tables, int seconds) throws Exception {
    long t0 = System.nanoTime();
    long end = t0 + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    List<Exception> errors = new ArrayList<>();
    for (String t : tables) {
      Thread th = new Thread(() -> {
        try (Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "");
             Statement s = c.createStatement()) {
          while (System.nanoTime() < end) {
            try (ResultSet rs = s.executeQuery("select id from " + t)) {
              while (rs.next() && System.nanoTime() < end) {
                rs.getString(1);
              }
            }
          }
        } catch (Exception e) {
          synchronized (errors) {
            errors.add(e);
          }
        }
      });
      th.start();
      threads.add(th);
    }
    for (Thread th : threads) {
      th.join();
    }
    if (!errors.isEmpty()) {
      throw errors.get(0);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  static String section(List<Run> runs, List<String> lines, double aloneRate, int scale, String load) {
    StringBuilder s = new StringBuilder(HEADING).append("\n\n");
    s.append("`ScanBenchmark` (bench module): full scans through the gateway and the thin driver (protobuf) from\n"
        + "the emulator in a JVM of its own (seed 42, scale " + scale + "; the child table's at scale 1), which\n"
        + "answers every request after " + LATENCY_MS + " ms, as a list page of 100 objects costs on Stripe, and"
        + " enforces Stripe's\nlimits: 100 requests/s per account in live mode (25 in test mode), 25/s per"
        + " endpoint. The gateway\nruns with the matching operands (`RateLimit` 100 in live mode; defaults"
        + " otherwise); sequential rows\nuse `MaxConcurrency` 1. Every parallel scan returned the sequential"
        + " scan's rows (in the same order for\nsingle tables) and each table's row count. Requests and 429s are"
        + " counted by the emulator; the\npercent is the scanned endpoint's requests per second of wall time"
        + " (statement, first page and\nramp-up included) against its limit. Heap: this JVM (gateway and client;"
        + " `-Xmx512m`), the peak\nin use sampled every 10 ms and the peak still live after a collection.\n\n");
    s.append("| Scan | Mode | Rows | Seconds | Faster | Rows/s | Requests | Requests/s | % of limit | 429s"
        + " | Peak heap used | Peak live heap |\n");
    s.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    Map<String, Double> sequentialSeconds = new LinkedHashMap<>();
    for (Run r : runs) {
      if (r.mode().equals("sequential")) {
        sequentialSeconds.put(r.what(), r.seconds());
      }
      Double before = r.mode().equals("sequential") ? null : sequentialSeconds.get(r.what());
      String faster = before == null ? "" : String.format(Locale.ROOT, "%.1f×", before / r.seconds());
      // no collection during a short scan: nothing was measured live after one
      String live = r.peakLive() == 0 ? "–" : (r.peakLive() >> 20) + " MB";
      s.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f | %s | %,.0f | %,d | %.1f | %.0f%% of %s/s | %d"
          + " | %d MB | %s |%n", r.what(), r.mode(), r.rows(), r.seconds(), faster, r.rows() / r.seconds(),
          r.endpointRequests(), r.endpointRequests() / r.seconds(), r.percentOfLimit(), fmt(r.limit()), r.throttled(),
          r.peakUsed() >> 20, live));
    }
    s.append('\n');
    for (String l : lines) {
      s.append(l).append("\n\n");
    }
    s.append(String.format(Locale.ROOT, "The emulator alone (limits off, %d ms latency, 600 requests in flight)"
        + " answered %,.0f requests/s, well over the limits measured.%n%n", LATENCY_MS, aloneRate));
    s.append("Run: `mvn -B -Pbench -pl bench -am package -DskipTests`, then\n"
        + "`java -Xmx512m -cp \"bench/target/classes:bench/target/lib/*\" org.stripesql.bench.ScanBenchmark"
        + " docs/benchmarks.md`.\nMeasured on " + System.getProperty("os.name") + ", "
        + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version") + ", "
        + LocalDate.now(ZoneOffset.UTC) + ", 1-minute load average " + load + " at the start (other builds may"
        + " share the machine).\n");
    return s.toString();
  }
}
