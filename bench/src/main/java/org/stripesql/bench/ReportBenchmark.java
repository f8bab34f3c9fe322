package org.stripesql.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.emulator.api.ReportRuns;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * Report tables (not a test): the time to the first row of a month's itemized balance change through the
 * gateway and the thin driver, each month a new report run at the emulator's default run delay (the floor:
 * no row can come before the run has succeeded), then the same statements again, read from the results kept.
 * Arguments: [output file, or - to print only].
 */
public final class ReportBenchmark {
  static final String HEADING = "## Reports";
  static final int MONTHS = 12;

  private ReportBenchmark() {}

  record Run(String month, double firstRowMs, double allRowsMs, long rows, long requests) {}

  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : "-";
    String load = BenchmarksDoc.loadAverage();
    List<Run> fresh = new ArrayList<>();
    List<Run> kept = new ArrayList<>();
    try (StripeEmulator emulator = StripeEmulator.builder().seed(42).scale(1)
        .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start()) {
      StripeSqlGateway gateway = StripeSqlGateway.builder()
          .model(ModelSource.stripe(emulator.baseUrl(), "sk_test_bench_reports", Map.of()))
          .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
      try (Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "")) {
        run(c, emulator, YearMonth.of(2024, 6));   // warm-up: code paths, the report type's range
        for (int i = 1; i <= MONTHS; i++) {
          fresh.add(run(c, emulator, YearMonth.of(2025, i)));
        }
        for (int i = 1; i <= MONTHS; i++) {
          kept.add(run(c, emulator, YearMonth.of(2025, i)));
        }
      } finally {
        gateway.close();
      }
    }
    String section = section(fresh, kept, load);
    System.out.println(section);
    if (!"-".equals(out)) {
      BenchmarksDoc.writeSection(Path.of(out), HEADING, section);
    }
    System.exit(0);
  }

  static Run run(Connection c, StripeEmulator emulator, YearMonth month) throws SQLException {
    String sql = "SELECT balance_transaction_id, created_utc, currency, gross, fee, net, reporting_category"
        + " FROM report_balance_change_from_activity_itemized_3 WHERE interval_start >= TIMESTAMP '"
        + month.atDay(1) + " 00:00:00' AND interval_end <= TIMESTAMP '" + month.plusMonths(1).atDay(1) + " 00:00:00'";
    int before = emulator.requestLog().size();
    long t0 = System.nanoTime();
    long first = 0;
    long rows = 0;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        if (rows++ == 0) {
          first = System.nanoTime();
        }
      }
    }
    long end = System.nanoTime();
    List<RecordedRequest> all = emulator.requestLog().requests();
    Run r = new Run(month.toString(), (first - t0) / 1e6, (end - t0) / 1e6, rows, all.size() - before);
    System.err.printf(Locale.ROOT, "%s first row %8.1f ms, all %8.1f ms, %5d rows, %d requests%n", r.month(),
        r.firstRowMs(), r.allRowsMs(), r.rows(), r.requests());
    return r;
  }

  static double median(List<Run> runs, boolean firstRow) {
    double[] v = runs.stream().mapToDouble(r -> firstRow ? r.firstRowMs() : r.allRowsMs()).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static String section(List<Run> fresh, List<Run> kept, String load) {
    double delay = ReportRuns.DEFAULT_DELAY.toMillis();
    StringBuilder s = new StringBuilder(HEADING).append("\n\n");
    s.append("`ReportBenchmark` (bench module): `SELECT ... FROM report_balance_change_from_activity_itemized_3` for"
        + " one month\n(`interval_start >= ... AND interval_end <= ...`), through the gateway and the thin driver"
        + " (protobuf)\nagainst the emulator on loopback (scale 1, no latency), for each month of 2025: first as a"
        + " new report\nrun at the emulator's default run delay (" + (long) delay + " ms, the floor: no row can"
        + " come before the run has\nsucceeded), then the same twelve statements again, answered from the"
        + " results kept. Times are client\nside, from `executeQuery` to the first row and to the last.\n\n");
    s.append("| Statements | Median first row ms | Median all rows ms | First row / run delay | Rows | Stripe requests"
        + " per statement |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (List<Run> runs : List.of(fresh, kept)) {
      s.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %d–%d | %s |%n",
          runs == fresh ? "new run" : "repeat (kept)", median(runs, true), median(runs, false),
          median(runs, true) / delay, runs.stream().mapToLong(Run::rows).min().orElse(0),
          runs.stream().mapToLong(Run::rows).max().orElse(0),
          Arrays.toString(runs.stream().mapToLong(Run::requests).distinct().sorted().toArray())));
    }
    s.append("\nThe floor is the run delay: the gateway asks for the run after 100 ms, then each wait half as long"
        + " again,\nso a run of 2 s is seen to have succeeded at the poll at about 2.08 s (1.04 times the delay),"
        + " then the file\nstreams. A new run costs the POST, the polls and the download; a repeat costs one request"
        + " (the\nconfirmation that the key may still read the run) and no run.\n");
    s.append("\nRun: `mvn -B -Pbench -pl bench -am package -DskipTests`, then\n"
        + "`java -cp \"bench/target/classes:bench/target/lib/*\" org.stripesql.bench.ReportBenchmark"
        + " docs/benchmarks.md`.\nMeasured on " + System.getProperty("os.name") + ", "
        + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version") + ", "
        + LocalDate.now(ZoneOffset.UTC) + ", 1-minute load average " + load + " at the start.\n");
    return s.toString();
  }
}
