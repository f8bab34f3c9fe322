package org.stripesql.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.pgwire.PgServer;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * How fast a large result crosses each wire: the same 100,000-row query read in full in the gateway's JVM
 * (Calcite, no wire), over Avatica protobuf (thin driver), over the PostgreSQL protocol (pgJDBC in text,
 * in binary, and streamed with a fetch size; psql), all against the emulator. Writes its section of
 * docs/benchmarks.md.
 */
public final class WireBenchmark {
  static final String KEY = "sk_test_wire_bench";
  static final int ROWS = 100_000;
  static final int RUNS = 5;
  static final String SQL = "SELECT ch.id, cu.id AS customer_id, ch.amount, ch.created, ch.paid, cu.balance"
      + " FROM charges ch CROSS JOIN customers cu LIMIT " + ROWS;
  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

  private WireBenchmark() {
  }

  /** One way of reading the result. */
  private interface Reader {
    long read() throws Exception;
  }

  record Line(String path, double medianSeconds, long rows) {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
    try (StripeEmulator emulator = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1)
        .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start()) {
      ModelSource model = ModelSource.stripe(emulator.baseUrl(), KEY, Map.of("RateLimit", "100000"));
      try (StripeSqlGateway avatica = StripeSqlGateway.builder().model(model).host("127.0.0.1").port(0)
          .serialization(Driver.Serialization.PROTOBUF).build().start();
          PgServer pg = PgServer.builder().model(model).host("127.0.0.1").port(0).build().start()) {
        String pgUrl = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/stripe?user=bench";
        Map<String, Reader> paths = new LinkedHashMap<>();
        paths.put("In-process Calcite (no wire)", () -> {
          try (Connection c = DriverManager.getConnection(ModelSource.CALCITE_URL, model.calciteProperties())) {
            return readAll(c, false, 0);
          }
        });
        paths.put("Avatica protobuf, thin driver", () -> {
          try (Connection c = DriverManager.getConnection(avatica.jdbcUrl("127.0.0.1"))) {
            return readAll(c, false, 0);
          }
        });
        paths.put("PostgreSQL protocol, pgJDBC, text", () -> {
          try (Connection c = DriverManager.getConnection(pgUrl)) {
            return readAll(c, false, 0);
          }
        });
        paths.put("PostgreSQL protocol, pgJDBC, binary", () -> {
          try (Connection c = DriverManager.getConnection(pgUrl + "&prepareThreshold=-1&binaryTransfer=true")) {
            return readAll(c, true, 0);
          }
        });
        paths.put("PostgreSQL protocol, pgJDBC, fetch size 5000 (streamed)", () -> {
          try (Connection c = DriverManager.getConnection(pgUrl)) {
            c.setAutoCommit(false);
            return readAll(c, false, 5000);
          }
        });
        String psql = psql();
        if (psql != null) {
          paths.put("PostgreSQL protocol, psql (unaligned, to /dev/null)", () -> {
            Process p = new ProcessBuilder(psql, "-X", "-At", "-o", "/dev/null",
                "host=127.0.0.1 port=" + pg.port() + " dbname=stripe user=bench", "-c", SQL)
                .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
              throw new IllegalStateException("psql failed");
            }
            return ROWS;
          });
        }
        String section = section(measure(paths), emulator);
        System.out.print(section);
        BenchmarksDoc.writeSection(out, "## PostgreSQL wire protocol", section);
      }
    }
  }

  private static String psql() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Path.of(dir, "psql").toFile().canExecute()) {
        return Path.of(dir, "psql").toString();
      }
    }
    return null;
  }

  private static long readAll(Connection c, boolean prepared, int fetchSize) throws SQLException {
    long n = 0;
    long check = 0;
    try (Statement s = prepared ? c.prepareStatement(SQL) : c.createStatement()) {
      if (fetchSize > 0) {
        s.setFetchSize(fetchSize);
      }
      try (ResultSet rs = prepared ? ((PreparedStatement) s).executeQuery() : s.executeQuery(SQL)) {
        while (rs.next()) {
          check += rs.getString(1).length() + rs.getString(2).length() + rs.getLong(3)
              + rs.getTimestamp(4, UTC).getTime() + (rs.getBoolean(5) ? 1 : 0) + rs.getLong(6);
          n++;
        }
      }
    }
    if (check == 0) {
      throw new IllegalStateException("no values read");
    }
    return n;
  }

  /** Each path once to warm up, then {@link #RUNS} rounds over all paths (so that load hits them alike). */
  private static List<Line> measure(Map<String, Reader> paths) throws Exception {
    Map<String, long[]> times = new LinkedHashMap<>();
    for (Map.Entry<String, Reader> p : paths.entrySet()) {
      long rows = p.getValue().read();
      if (rows != ROWS) {
        throw new IllegalStateException(p.getKey() + ": " + rows + " rows, expected " + ROWS);
      }
      times.put(p.getKey(), new long[RUNS]);
    }
    for (int i = 0; i < RUNS; i++) {
      for (Map.Entry<String, Reader> p : paths.entrySet()) {
        long t0 = System.nanoTime();
        p.getValue().read();
        times.get(p.getKey())[i] = System.nanoTime() - t0;
      }
    }
    List<Line> lines = new ArrayList<>();
    times.forEach((path, t) -> {
      Arrays.sort(t);
      lines.add(new Line(path, t[RUNS / 2] / 1e9, ROWS));
      System.err.printf(Locale.ROOT, "%s: %.2f s%n", path, t[RUNS / 2] / 1e9);
    });
    return lines;
  }

  static String section(List<Line> lines, StripeEmulator emulator) {
    double base = lines.get(0).medianSeconds();
    StringBuilder s = new StringBuilder("## PostgreSQL wire protocol\n\n");
    s.append("How fast a large result crosses each wire: one query, " + String.format(Locale.ROOT, "%,d", ROWS)
        + " rows of six columns (two ids,\nan amount, a timestamp, a boolean, a balance: a cross join of charges"
        + " and customers), read in full\nby each client, against the emulator on loopback. The in-process line"
        + " reads the same result from a Calcite\nconnection in the benchmark's JVM: the same Stripe requests"
        + " (15 list pages) and the same plan, no wire.\nThe difference to it is what a wire costs; a wire can even"
        + " come out ahead, as the server produces rows\nwhile the client decodes them, on another core. Times are"
        + " the median of " + RUNS + " rounds after one warm-up\n(each round runs every path, so load hits them alike);"
        + " they depend on the machine and on what else runs"
        + " on it.\n\n");
    s.append("Produced by `org.stripesql.bench.WireBenchmark` (bench module, profile `bench`):\n\n");
    s.append("```\nmvn -B -Pbench -pl bench -am verify -DskipTests\n```\n\n");
    Runtime rt = Runtime.getRuntime();
    s.append("- Data: emulator seed 42, scale 1 (" + emulator.data().list("charges").size() + " charges, "
        + emulator.data().list("customers").size() + " customers).\n");
    s.append("- Machine: " + rt.availableProcessors() + " cores, " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch") + ", JVM " + System.getProperty("java.runtime.version") + ".\n");
    s.append("- Date: " + LocalDate.now(ZoneOffset.UTC) + " (UTC).\n\n");
    s.append("| Path | Median s | Rows/s | Time vs in-process |\n|---|---:|---:|---:|\n");
    for (Line l : lines) {
      s.append(String.format(Locale.ROOT, "| %s | %.2f | %,.0f | %.2f× |%n", l.path(), l.medianSeconds(),
          l.rows() / l.medianSeconds(), l.medianSeconds() / base));
    }
    return s.toString();
  }
}
