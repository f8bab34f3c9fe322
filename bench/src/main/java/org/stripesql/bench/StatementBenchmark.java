package org.stripesql.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * Statement overhead (not a test): one client runs statements one after another through the gateway
 * and the thin driver against the emulator without latency (client rate limiter out of the way), each
 * with a different literal; prints and writes the median and p90 of execute, read and close.
 * Arguments: [output file, or - to print only] [runs].
 */
public final class StatementBenchmark {
  static final String HEADING = "## Statement overhead";
  static final int WARMUPS = 100;

  private StatementBenchmark() {}

  /** One measured statement kind: {@code %s} is replaced by a different id each run. */
  record Kind(String name, String sql) {}

  record Figures(Kind kind, double p50, double p90, long rows) {}

  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : "-";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    List<Kind> kinds = List.of(
        new Kind("single-row id lookup", "select id, amount, currency, status from charges where id = '%s'"),
        new Kind("`WHERE 1 = 0` probe", "select id, amount from charges where 1 = 0"));
    List<Figures> results = new ArrayList<>();
    try (StripeEmulator emulator = StripeEmulator.builder().seed(42).scale(1)
        .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start()) {
      List<String> ids = new ArrayList<>();
      emulator.data().list("charges").forEach(o -> ids.add(o.path("id").asText()));
      StripeSqlGateway gateway = StripeSqlGateway.builder()
          .model(ModelSource.stripe(emulator.baseUrl(), "sk_test_bench_statements", Map.of("RateLimit", "100000", "EndpointRateLimit", "100000")))
          .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
      try (Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "")) {
        for (Kind k : kinds) {
          for (int i = 0; i < WARMUPS; i++) {
            run(c, k, ids.get(i % ids.size()));
          }
          long[] t = new long[runs];
          long rows = 0;
          for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            rows = run(c, k, ids.get((i * 7 + 3) % ids.size()));
            t[i] = System.nanoTime() - t0;
          }
          Arrays.sort(t);
          Figures f = new Figures(k, t[runs / 2] / 1e6, t[(int) (runs * 0.9)] / 1e6, rows);
          results.add(f);
          System.err.printf(Locale.ROOT, "%-24s p50 %7.2f ms  p90 %7.2f ms  (%d rows)%n", k.name(), f.p50(), f.p90(),
              rows);
        }
      } finally {
        gateway.close();
      }
    }
    String section = section(results, runs);
    System.out.println(section);
    if (!"-".equals(out)) {
      BenchmarksDoc.writeSection(Path.of(out), HEADING, section);
    }
    System.exit(0);
  }

  static long run(Connection c, Kind k, String id) throws SQLException {
    long rows = 0;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(String.format(Locale.ROOT, k.sql(), id))) {
      while (rs.next()) {
        rows++;
      }
    }
    return rows;
  }

  static String section(List<Figures> results, int runs) {
    StringBuilder s = new StringBuilder(HEADING).append("\n\n");
    s.append("| Statement | Rows | p50 ms | p90 ms |\n| --- | ---: | ---: | ---: |\n");
    for (Figures f : results) {
      s.append(String.format(Locale.ROOT, "| %s: `%s` | %d | %.2f | %.2f |%n", f.kind().name(),
          f.kind().sql().replace("'%s'", "'…'"), f.rows(), f.p50(), f.p90()));
    }
    s.append("\n").append(runs).append(" runs per statement after ").append(WARMUPS).append(" warm-up runs.\n");
    return s.toString();
  }
}
