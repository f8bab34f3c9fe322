package org.stripesql.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * A Connect platform's revenue per connected account (not a test): {@code SELECT account, count(*),
 * sum(amount) FROM charges GROUP BY account} over N connected accounts of the emulator, through the gateway
 * and the thin driver, with Stripe's test-mode limits on both sides (the emulator answers 429 above them,
 * the client keeps to 25 requests/s for the platform, shared by every account). Prints the requests, the
 * time, and the percent of the platform's limit the fan-out reached; checks each account's figures
 * against the emulator's data. Arguments: [output file, or - to print only] [accounts] [runs].
 */
public final class ConnectBenchmark {
  static final String HEADING = "## Connected accounts";
  static final String SQL = "SELECT account, count(*), sum(amount) FROM charges GROUP BY account";
  /** Stripe's test-mode limit per account, the client's RateLimit default for a test key. */
  static final double LIMIT = 25;

  private ConnectBenchmark() {}

  record Run(long requests, double seconds, long throttled) {
    double rate() {
      return requests / seconds;
    }
  }

  /** The mirror's figures: its initial load of every account's charges, then the statement's runs from it. */
  record MirrorRuns(double loadSeconds, long loadRequests, long loadThrottled, double[] runSeconds,
      long runRequests) {
    double loadRate() {
      return loadRequests / loadSeconds;
    }
  }

  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : "-";
    int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String load = BenchmarksDoc.loadAverage();
    Run[] results = new Run[runs];
    MirrorRuns mirror;
    try (StripeEmulator emulator = StripeEmulator.builder().seed(42).scale(1).connectedAccounts(accounts)
        .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start()) {
      emulator.faults().stripeLimits(false);
      Map<String, long[]> expected = new HashMap<>();
      for (String a : emulator.connectedAccounts()) {
        long sum = 0;
        List<? extends JsonNode> charges = emulator.data(a).list("charges");
        for (JsonNode c : charges) {
          sum += c.path("amount").asLong();
        }
        expected.put(a, new long[] {charges.size(), sum});
      }
      StripeSqlGateway gateway = StripeSqlGateway.builder()
          .model(ModelSource.stripe(emulator.baseUrl(), "sk_test_bench_connect", Map.of("ConnectedAccounts", "all")))
          .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
      try (Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "")) {
        for (int i = 0; i < runs; i++) {
          emulator.requestLog().clear();
          double seconds = checkedRun(c, expected, accounts, "live");
          List<RecordedRequest> log = emulator.requestLog().requests();
          long throttled = log.stream().filter(r -> r.status() == 429).count();
          results[i] = new Run(log.size(), seconds, throttled);
          System.err.printf(Locale.ROOT, "run %d: %d requests in %.1f s, %.1f/s (%.0f%% of %.0f/s), %d throttled%n",
              i + 1, results[i].requests(), seconds, results[i].rate(), 100 * results[i].rate() / LIMIT, LIMIT,
              throttled);
        }
      } finally {
        gateway.close();
      }
      mirror = fromTheMirror(emulator, expected, accounts, runs);
    }
    String section = section(results, mirror, accounts, load);
    System.out.println(section);
    if (!"-".equals(out)) {
      BenchmarksDoc.writeSection(Path.of(out), HEADING, section);
    }
    System.exit(0);
  }

  /**
   * The same statement from a mirror of the accounts' charges (a DuckDB store): the time and requests of the
   * initial load (until every account's copy is live), within the platform's RateLimit, then each run.
   */
  private static MirrorRuns fromTheMirror(StripeEmulator emulator, Map<String, long[]> expected, int accounts,
      int runs) throws Exception {
    Path store = Files.createTempDirectory("stripesql-connect-bench");
    emulator.requestLog().clear();
    long t0 = System.nanoTime();
    StripeSqlGateway gateway = StripeSqlGateway.builder()
        .model(ModelSource.stripe(emulator.baseUrl(), "sk_test_bench_connect", Map.of("ConnectedAccounts", "all",
            "Mirror", "charges", "MirrorStore", store.toString())))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
    try (Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "")) {
      while (true) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT state, read_from FROM mirror_status WHERE table_name = 'charges'")) {
          if (rs.next() && "live".equals(rs.getString(1)) && "mirror".equals(rs.getString(2))) {
            break;
          }
        }
        Thread.sleep(100);   // a benchmark, not a test: it polls the status as a user would
      }
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      List<RecordedRequest> loadLog = emulator.requestLog().requests();
      long loadRequests = loadLog.size();
      long loadThrottled = loadLog.stream().filter(r -> r.status() == 429).count();
      System.err.printf(Locale.ROOT, "mirror load: %d requests in %.1f s, %.1f/s, %d throttled%n", loadRequests,
          loadSeconds, loadRequests / loadSeconds, loadThrottled);
      emulator.requestLog().clear();
      double[] seconds = new double[runs];
      for (int i = 0; i < runs; i++) {
        seconds[i] = checkedRun(c, expected, accounts, "from the mirror");
        System.err.printf(Locale.ROOT, "mirror run %d: %.3f s%n", i + 1, seconds[i]);
      }
      return new MirrorRuns(loadSeconds, loadRequests, loadThrottled, seconds,
          emulator.requestLog().requests().size());
    } finally {
      gateway.close();
    }
  }

  /** Runs the statement once; its seconds, after checking each account's figures against the emulator's data. */
  private static double checkedRun(Connection c, Map<String, long[]> expected, int accounts, String where)
      throws Exception {
    long t0 = System.nanoTime();
    int rows = 0;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SQL)) {
      while (rs.next()) {
        long[] e = expected.get(rs.getString(1));
        if (e == null || e[0] != rs.getLong(2) || e[1] != rs.getLong(3)) {
          throw new IllegalStateException("wrong figures " + where + " for " + rs.getString(1));
        }
        rows++;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (rows != accounts) {
      throw new IllegalStateException(rows + " accounts answered " + where + ", not " + accounts);
    }
    return seconds;
  }

  static String section(Run[] runs, MirrorRuns mirror, int accounts, String load) {
    StringBuilder s = new StringBuilder(HEADING).append("\n\n");
    s.append("`ConnectBenchmark` (bench module): `").append(SQL).append("` over ").append(accounts)
        .append(" connected\naccounts of the emulator (`ConnectedAccounts=all`, scale 1), through the gateway and the"
            + " thin driver,\nwith Stripe's test-mode limits on both sides: the emulator answers 429 above 25"
            + " requests/s per account,\nand the client keeps the whole fan-out within the platform's 25 requests/s"
            + " (`RateLimit`), which every\naccount's requests share. Every run's figures equal the emulator's data per"
            + " account. Requests count\nevery answer, the `GET /v1/accounts` pages included.\n\n");
    s.append("| Run | Requests | Seconds | Requests/s | % of the platform's 25/s | 429s |\n"
        + "| ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int i = 0; i < runs.length; i++) {
      Run r = runs[i];
      s.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.0f%% | %d |%n", i + 1, r.requests(),
          r.seconds(), r.rate(), 100 * r.rate() / LIMIT, r.throttled()));
    }
    s.append("\nWith at least as many accounts as are read side by side (8), each account pages through its list with"
        + " one request\nin flight, so the requests are the accounts' pages plus the `GET /v1/accounts` pages (no"
        + " time slices, which\nwould cost requests the platform's rate has to pay for), and the accounts together"
        + " fill the platform's\nrate. The first run includes the gateway's warm-up (planning, code generation, JIT).\n");
    s.append(String.format(Locale.ROOT, "%nThe same from the mirror (`Mirror=charges`, a DuckDB store, one schema per"
        + " account): the initial load\nof every account's charges took %.1f s and %d requests (%.1f/s, %.0f%% of the"
        + " platform's 25/s, %d 429s),\nthe events polls and access probes included, until `mirror_status` said"
        + " `live`. Then the statement\nread the store, with the figures checked again:%n%n", mirror.loadSeconds(),
        mirror.loadRequests(), mirror.loadRate(), 100 * mirror.loadRate() / LIMIT, mirror.loadThrottled()));
    s.append("| Run | Seconds from the mirror | Live / mirror |\n| ---: | ---: | ---: |\n");
    double best = Double.MAX_VALUE;
    for (Run r : runs) {
      best = Math.min(best, r.seconds());
    }
    for (int i = 0; i < mirror.runSeconds().length; i++) {
      double m = mirror.runSeconds()[i];
      s.append(String.format(Locale.ROOT, "| %d | %.3f | %.0fx |%n", i + 1, m, best / m));
    }
    s.append(String.format(Locale.ROOT, "%nThe ratio divides the fastest live run by the mirror's run. While the"
        + " statement ran from the mirror,\nStripe saw %d requests (the accounts' own events polls, each account"
        + " every %.0f s here so that the\npolls of %d accounts take at most a quarter of the platform's rate).%n%n",
        mirror.runRequests(), Math.max(1, accounts / (LIMIT * 0.25)), accounts));
    s.append("Run: `mvn -B -Pbench -pl bench -am package -DskipTests`, then\n"
        + "`java -cp \"bench/target/classes:bench/target/lib/*\" org.stripesql.bench.ConnectBenchmark"
        + " docs/benchmarks.md`.\nMeasured on " + System.getProperty("os.name") + ", "
        + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version") + ", "
        + LocalDate.now(ZoneOffset.UTC) + ", 1-minute load average " + load + " at the start.\n");
    return s.toString();
  }
}
