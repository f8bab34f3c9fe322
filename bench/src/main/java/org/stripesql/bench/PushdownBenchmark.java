package org.stripesql.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * Pushdown benchmark (not a test): what filter and limit pushdown saves on a dashboard-like workload, on
 * two gateways over one emulator (pushdown on, and {@code "Pushdown":"false"}): requests, rows (which
 * must match) and median times per query. Writes the {@code ## Pushdown} section of docs/benchmarks.md
 * (argument 1; {@code -} prints only); {@code mvn -B -Pbench -pl bench -am verify -DskipTests} runs it.
 * The section says how it measures.
 */
public final class PushdownBenchmark {
  static final long SEED = 7;
  static final int SCALE = 5;
  static final Instant ANCHOR = Instant.parse("2024-06-01T00:00:00Z");
  static final int WARMUPS = 1;
  static final int RUNS = 5;
  static final String KEY = "sk_test_bench_0123456789";
  /** Stripe's documented test-mode rate limit, requests per second. */
  static final double STRIPE_TEST_RATE = 25.0;

  /** One benchmark query: a short name for the table and its SQL. */
  record Query(String name, String sql, String note) {
    Query(String name, String sql) {
      this(name, sql, null);
    }

    boolean ordered() {
      return sql.toLowerCase(Locale.ROOT).contains("order by");
    }
  }

  /** The measurements of one query on one gateway. */
  record Measure(int requests, int rows, double medianMillis) {}

  /** The result of one query on both gateways. */
  record Result(Query query, Measure on, Measure off) {}

  private PushdownBenchmark() {}

  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : "docs/benchmarks.md";
    List<Result> results;
    String setup;
    try (StripeEmulator emulator = StripeEmulator.builder().host("127.0.0.1").port(0)
        .seed(SEED).scale(SCALE).anchor(ANCHOR).build().start()) {
      List<Query> queries = queries(emulator);
      setup = setup(emulator);
      try (StripeSqlGateway pushdown = gateway(emulator, true);
           StripeSqlGateway plain = gateway(emulator, false);
           Connection on = DriverManager.getConnection(pushdown.jdbcUrl("127.0.0.1"), "", "");
           Connection off = DriverManager.getConnection(plain.jdbcUrl("127.0.0.1"), "", "")) {
        results = new ArrayList<>();
        for (Query q : queries) {
          Result r = measure(emulator, q, on, off);
          System.err.printf(Locale.ROOT, "%-40s rows %5d  requests %4d / %4d  %9.1f / %9.1f ms%n",
              q.name(), r.on().rows(), r.on().requests(), r.off().requests(),
              r.on().medianMillis(), r.off().medianMillis());
          results.add(r);
        }
      }
    }
    String section = section(results, setup);
    System.out.println(section);
    if (!"-".equals(out)) {
      Path file = Paths.get(out).toAbsolutePath().normalize();
      BenchmarksDoc.writeSection(file, "## Pushdown", section);
      System.err.println("wrote the ## Pushdown section of " + file);
    }
    // Jetty and okhttp may leave non-daemon threads behind; the benchmark is done.
    System.exit(0);
  }

  /** The fixed query set; ids are picked from the seeded data set, times are literals relative to the anchor. */
  static List<Query> queries(StripeEmulator emulator) {
    List<ObjectNode> charges = emulator.data().list("charges");
    String cus = charges.get(17).path("customer").asText();
    String charge = charges.get(17).path("id").asText();
    Set<String> three = new LinkedHashSet<>();
    for (int i = 40; three.size() < 3 && i < charges.size(); i += 23) {
      String c = charges.get(i).path("customer").asText("");
      if (!c.isEmpty()) {
        three.add(c);
      }
    }
    String invoiceCustomer = emulator.data().list("invoices").stream()
        .filter(i -> "paid".equals(i.path("status").asText()))
        .map(i -> i.path("customer").asText()).filter(c -> !c.isEmpty())
        .findFirst().orElseThrow(() -> new IllegalStateException("no paid invoice in the data set"));
    String invoice = emulator.data().list("invoices").stream()
        .map(i -> i.path("id").asText())
        .filter(id -> emulator.data().children("invoice_lines", id).size() > 1)
        .findFirst().orElseThrow(() -> new IllegalStateException("no invoice with lines in the data set"));
    DateTimeFormatter ts = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    String from = ts.format(ANCHOR.minus(30, ChronoUnit.DAYS));
    String to = ts.format(ANCHOR);
    List<Query> q = new ArrayList<>();
    q.add(new Query("One customer's charges",
        "SELECT id, amount, status, created FROM charges WHERE customer = '" + cus + "'"));
    q.add(new Query("Charges of the last 30 days",
        "SELECT id, amount, created FROM charges WHERE created >= TIMESTAMP '" + from
            + "' AND created <= TIMESTAMP '" + to + "'"));
    q.add(new Query("Canceled subscriptions",
        "SELECT id, customer, canceled_at FROM subscriptions WHERE status = 'canceled'"));
    q.add(new Query("One customer's paid invoices",
        "SELECT id, amount_due, amount_paid FROM invoices WHERE customer = '" + invoiceCustomer
            + "' AND status = 'paid'"));
    q.add(new Query("One charge by id",
        "SELECT id, amount, currency, status FROM charges WHERE id = '" + charge + "'"));
    q.add(new Query("Charges of 3 customers (IN)",
        "SELECT id, customer, amount FROM charges WHERE customer IN ("
            + three.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", ")) + ")"));
    q.add(new Query("10 newest charges",
        "SELECT id, amount, created FROM charges ORDER BY created DESC LIMIT 10",
        "Stripe lists newest first and the scan declares that order, so even without pushdown the sort"
            + " disappears and the lazy scan stops after its first page; pushdown only shrinks that page"
            + " from 100 objects to 10."));
    q.add(new Query("Count of customers (full scan)",
        "SELECT count(*) FROM customers",
        "A full scan either way; no gain expected."));
    q.add(new Query("Lines of one invoice",
        "SELECT id, amount, description FROM invoice_lines WHERE invoice = '" + invoice + "'"));
    q.add(new Query("Customer joined to its charges",
        "SELECT cu.email, ch.id, ch.amount FROM customers cu JOIN charges ch ON ch.customer = cu.id"
            + " WHERE cu.id = '" + cus + "'",
        "The join condition carries the filter on customers.id to charges.customer (transitive"
            + " predicates): one retrieve and one filtered list."));
    q.add(new Query("Customer joined to its charges, filter on charges.customer",
        "SELECT cu.email, ch.id, ch.amount FROM customers cu JOIN charges ch ON ch.customer = cu.id"
            + " WHERE ch.customer = '" + cus + "'",
        "The same filter written on the other side of the join reaches customers.id the same way."));
    q.add(new Query("Active products",
        "SELECT id, name FROM products WHERE active",
        "Most of the 200 products are active: two pages either way."));
    q.add(new Query("WHERE 1 = 0 probe",
        "SELECT id, amount FROM charges WHERE 1 = 0"));
    return q;
  }

  static StripeSqlGateway gateway(StripeEmulator emulator, boolean pushdown) throws Exception {
    Map<String, String> operands = new LinkedHashMap<>(FaultsBenchmark.NO_LIMITER);   // the gateway, not the limiter
    operands.put("MaxConcurrency", "1");   // page by page: request counts as pushdown makes them, run after run
    if (!pushdown) {
      operands.put("Pushdown", "false");
    }
    return StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), KEY, operands))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
  }

  static Result measure(StripeEmulator emulator, Query q, Connection on, Connection off) throws SQLException {
    for (int i = 0; i < WARMUPS; i++) {
      run(emulator, q, on);
      run(emulator, q, off);
    }
    List<Run> onRuns = new ArrayList<>();
    List<Run> offRuns = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      onRuns.add(run(emulator, q, on));
      offRuns.add(run(emulator, q, off));
    }
    Measure mOn = summarize(q, "pushdown", onRuns);
    Measure mOff = summarize(q, "no pushdown", offRuns);
    List<List<Object>> a = onRuns.get(0).rows();
    List<List<Object>> b = offRuns.get(0).rows();
    if (!a.equals(b)) {
      throw new IllegalStateException("rows differ with and without pushdown for " + q.name() + ": "
          + a.size() + " vs " + b.size() + " rows\n  " + q.sql());
    }
    return new Result(q, mOn, mOff);
  }

  private record Run(List<List<Object>> rows, int requests, long nanos) {}

  private static Run run(StripeEmulator emulator, Query q, Connection c) throws SQLException {
    emulator.requestLog().clear();
    long t0 = System.nanoTime();
    List<List<Object>> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q.sql())) {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    long nanos = System.nanoTime() - t0;
    int requests = emulator.requestLog().size();
    if (!q.ordered()) {
      rows.sort((x, y) -> String.valueOf(x).compareTo(String.valueOf(y)));
    }
    return new Run(rows, requests, nanos);
  }

  private static Measure summarize(Query q, String mode, List<Run> runs) {
    Set<Integer> requests = runs.stream().map(Run::requests).collect(Collectors.toSet());
    Set<List<List<Object>>> results = runs.stream().map(Run::rows).collect(Collectors.toSet());
    if (requests.size() != 1 || results.size() != 1) {
      throw new IllegalStateException("runs of " + q.name() + " (" + mode + ") differ: requests "
          + requests + ", " + results.size() + " distinct results\n  " + q.sql());
    }
    long[] t = runs.stream().mapToLong(Run::nanos).sorted().toArray();
    double median = t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2.0;
    return new Measure(runs.get(0).requests(), runs.get(0).rows().size(), median / 1e6);
  }

  static String setup(StripeEmulator emulator) {
    String sizes = List.of("customers", "charges", "invoices", "subscriptions", "products").stream()
        .map(t -> String.format(Locale.ROOT, "%,d %s", emulator.data().list(t).size(), t))
        .collect(Collectors.joining(", "));
    Runtime rt = Runtime.getRuntime();
    return "- Data: emulator seed " + SEED + ", scale " + SCALE + ", anchor " + ANCHOR + " (" + sizes + ").\n"
        + "- Machine: " + rt.availableProcessors() + " cores, " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch") + ", JVM " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version") + " (max heap " + rt.maxMemory() / (1024 * 1024)
        + " MiB).\n"
        + "- Date: " + LocalDate.now(ZoneOffset.UTC) + " (UTC).\n";
  }

  static String ratio(int off, int on) {
    if (on == 0) {
      return off == 0 ? "– (0 / 0)" : "∞";
    }
    return String.format(Locale.ROOT, "%.1f×", (double) off / on);
  }

  static String section(List<Result> results, String setup) {
    StringBuilder s = new StringBuilder();
    s.append("## Pushdown\n\n");
    s.append("What filter and limit pushdown saves on a dashboard-like workload: each query runs through the real\n"
        + "Avatica server and the thin driver (protobuf) against the Stripe emulator, once on a gateway with the\n"
        + "default model (pushdown on) and once on a gateway whose model sets `\"Pushdown\":\"false\"`. Requests\n"
        + "are the Stripe API calls one execution costs (the emulator's request log; list pages of 100). Rows\n"
        + "must be identical on both gateways or the benchmark aborts. Times are the median of " + RUNS
        + " runs after\n" + WARMUPS + " warm-up (execute and read every row, client side), with `RateLimit` and"
        + " `EndpointRateLimit` raised\nso that they show the gateway and the emulator on loopback, not Stripe's rate"
        + " limiter or network, and\n`MaxConcurrency` 1, so that scans read page by page (parallel scans add a few"
        + " requests, see Scans).\nThe request counts are deterministic; the times depend on the machine and on"
        + " what else runs on it.\n\n");
    s.append("Produced by `org.stripesql.bench.PushdownBenchmark`:\n\n");
    s.append("```\nmvn -B -Pbench -pl bench -am verify -DskipTests\n```\n\n");
    s.append(setup).append('\n');
    s.append("| # | Query | Rows | Requests, pushdown | Requests, no pushdown | Ratio (without/with) "
        + "| Median ms, pushdown | Median ms, no pushdown |\n");
    s.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
    int i = 0;
    int totalOn = 0;
    int totalOff = 0;
    double msOn = 0;
    double msOff = 0;
    for (Result r : results) {
      i++;
      totalOn += r.on().requests();
      totalOff += r.off().requests();
      msOn += r.on().medianMillis();
      msOff += r.off().medianMillis();
      s.append(String.format(Locale.ROOT, "| %d | %s | %,d | %,d | %,d | %s | %.1f | %.1f |%n", i,
          r.query().name(), r.on().rows(), r.on().requests(), r.off().requests(),
          ratio(r.off().requests(), r.on().requests()), r.on().medianMillis(), r.off().medianMillis()));
    }
    s.append(String.format(Locale.ROOT, "| | **Total** | | **%,d** | **%,d** | **%s** | **%.1f** | **%.1f** |%n",
        totalOn, totalOff, ratio(totalOff, totalOn), msOn, msOff));
    s.append('\n');
    s.append(String.format(Locale.ROOT,
        "Over the whole set, pushdown cuts Stripe requests from %,d to %,d (%s fewer). At Stripe's test-mode\n"
            + "limit of %.0f requests/s the requests alone would take at least %.1f s with pushdown and %.1f s"
            + " without,\nbefore any network latency.\n\n",
        totalOff, totalOn, ratio(totalOff, totalOn), STRIPE_TEST_RATE, totalOn / STRIPE_TEST_RATE,
        totalOff / STRIPE_TEST_RATE));
    s.append("Queries (ids picked from the seeded data set; times are literals relative to the anchor):\n\n");
    i = 0;
    for (Result r : results) {
      i++;
      s.append(i).append(". ").append(r.query().name()).append(": `").append(r.query().sql()).append('`');
      if (r.query().note() != null) {
        s.append(" — ").append(r.query().note());
      }
      s.append('\n');
    }
    return s.toString();
  }


}
