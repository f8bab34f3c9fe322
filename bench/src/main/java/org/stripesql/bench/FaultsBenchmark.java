package org.stripesql.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * Scan throughput through the gateway (thin driver, protobuf) while the emulator injects 429s or latency:
 * full scans of charges, invoices and events with the client's retry defaults and its rate limiter out of
 * the way, {@code RUNS} fault seeds each, every row count checked. Writes the {@code ## Faults and rate
 * limits} section of docs/benchmarks.md (argument 1, or -Dbench.out), which says how it measures.
 */
public final class FaultsBenchmark {
  static final String HEADING = "## Faults and rate limits";
  static final String[] TABLES = {"charges", "invoices", "events"};
  static final int RUNS = 3;
  /** Operands that take the client's rate limiter out of the way. */
  static final Map<String, String> NO_LIMITER = Map.of("RateLimit", "100000", "EndpointRateLimit", "100000");

  record Scenario(String name, double fraction429, Duration latency) {}

  record Figures(Scenario scenario, long rows, long pages, long requests, long faults, double seconds) {
    double rowsPerSecond() {
      return rows / seconds;
    }

    double requestsPerSecond() {
      return requests / seconds;
    }
  }

  private FaultsBenchmark() {}

  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : System.getProperty("bench.out", "docs/benchmarks.md");
    List<Scenario> scenarios = List.of(
        new Scenario("no faults", 0, Duration.ZERO),
        new Scenario("5% 429", 0.05, Duration.ZERO),
        new Scenario("20% 429", 0.20, Duration.ZERO),
        new Scenario("100 ms latency", 0, Duration.ofMillis(100)));
    List<Figures> results = new ArrayList<>();
    try (StripeEmulator emulator = StripeEmulator.builder().seed(42).scale(2)
        .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start()) {
      StripeSqlGateway gateway = StripeSqlGateway.builder()
          .model(model(emulator.baseUrl(), NO_LIMITER))
          .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
      try {
        String url = gateway.jdbcUrl("127.0.0.1");
        long expected = 0;
        for (String t : TABLES) {
          expected += emulator.data().list(t).size();
        }
        scan(url);   // warm-up: JIT, connection pool, Calcite code generation
        for (Scenario s : scenarios) {
          long rows = 0;
          long pages = 0;
          long requests = 0;
          long faults = 0;
          long nanos = 0;
          for (int run = 0; run < RUNS; run++) {
            emulator.faults().reset().seed(1000 + run).rateLimit(s.fraction429()).latency(s.latency());
            emulator.requestLog().clear();
            long t0 = System.nanoTime();
            long n = scan(url);
            nanos += System.nanoTime() - t0;
            if (n != expected) {
              throw new IllegalStateException(s.name() + ": " + n + " rows, expected " + expected);
            }
            rows += n;
            pages += emulator.requestLog().served().size();
            requests += emulator.requestLog().size();
            faults += emulator.requestLog().faulted().size();
          }
          Figures f = new Figures(s, rows, pages, requests, faults, nanos / 1e9);
          results.add(f);
          System.err.printf(Locale.ROOT, "%-16s %8.0f rows/s %6.1f requests/s (%d faults)%n", s.name(),
              f.rowsPerSecond(), f.requestsPerSecond(), faults);
        }
        emulator.faults().reset();
      } finally {
        gateway.close();
      }
    }
    String section = section(results);
    System.out.println(section);
    BenchmarksDoc.writeSection(Path.of(out), HEADING, section);
    System.err.println("wrote the " + HEADING + " section of " + out);
    System.exit(0);
  }

  static ModelSource model(String apiBase, Map<String, String> operands) {
    return ModelSource.stripe(apiBase, "sk_test_bench_faults_0000", operands);
  }


  /** Full scans of every table; returns the rows read. */
  static long scan(String url) throws SQLException {
    long n = 0;
    try (Connection c = DriverManager.getConnection(url, "", "")) {
      for (String t : TABLES) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id, created from " + t)) {
          while (rs.next()) {
            n++;
          }
        }
      }
    }
    return n;
  }

  static String section(List<Figures> results) {
    StringBuilder s = new StringBuilder();
    s.append(HEADING).append("\n\n");
    s.append("`FaultsBenchmark` (bench module): full scans of `charges`, `invoices` and `events` (4,600 rows,\n"
        + "46 pages of 100) through the gateway and the thin driver, while the emulator injects faults. The\n"
        + "client runs with its defaults (MaxRetries 5, backoff from 500 ms with jitter, parallel time slices)\n"
        + "and its rate limiter out of the way (`RateLimit` and `EndpointRateLimit` 100000), so the figures show\n"
        + "what retries and latency cost. Each row is\n"
        + "" + RUNS + " runs with different fault seeds; every run returned exactly the emulator's rows. Requests\n"
        + "count every attempt, faulted ones included.\n\n");
    s.append("| Scenario | Rows/s | Requests/s | Requests per scan (pages + retries) | Faults per scan |\n");
    s.append("| --- | ---: | ---: | ---: | ---: |\n");
    for (Figures f : results) {
      s.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %.1f (%d + %.1f) | %.1f |%n", f.scenario().name(),
          f.rowsPerSecond(), f.requestsPerSecond(), f.requests() / (double) RUNS, f.pages() / RUNS,
          (f.requests() - f.pages()) / (double) RUNS, f.faults() / (double) RUNS));
    }
    s.append("\nWith Stripe's limits the rate limiter decides throughput instead: 25 requests/s per endpoint\n"
        + "(`EndpointRateLimit`), so a full scan of one table reads at most about 2,500 rows/s, within the\n"
        + "account's 25 requests/s for test keys or 100 for live keys (`RateLimit`), shared by every connection\n"
        + "using the account; the Scans section measures that.\n\n");
    s.append("Run: `mvn -B -o -Pbench -pl bench -am package -DskipTests`, then\n"
        + "`java -cp \"bench/target/classes:bench/target/lib/*\" org.stripesql.bench.FaultsBenchmark docs/benchmarks.md`.\n"
        + "Measured on ").append(System.getProperty("os.name")).append(", ")
        .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ")
        .append(System.getProperty("java.version")).append(", emulator on loopback.\n");
    return s.toString();
  }


}
