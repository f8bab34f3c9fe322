package org.stripesql.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.GatewaySecurity;
import org.stripesql.server.StripeSqlGateway;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * Load (not a test): {@value #CLIENTS} concurrent JDBC clients, each with its own connection through
 * the thin driver and HTTP Basic authentication, run a mix of queries for a minute against the emulator
 * (client rate limiter out of the way), and the {@code ## Load} section of {@code docs/benchmarks.md}
 * gets the throughput, latencies, errors and heap. Any error or wrong count is reported as such.
 * Arguments: [output file] [seconds].
 */
public final class LoadBenchmark {
  static final String HEADING = "## Load";
  static final int CLIENTS = 32;

  /** The mix: a name and SQL, where {@code %s} is a random customer id. */
  static final List<String[]> MIX = List.of(
      new String[] {"count customers", "select count(*) from customers"},
      new String[] {"customer by id", "select id, email, created from customers where id = '%s'"},
      new String[] {"customer's invoices", "select id, status, total from invoices where customer = '%s' limit 10"},
      new String[] {"latest charges", "select id, amount, status from charges order by created desc limit 20"},
      new String[] {"charges by status", "select status, count(*), sum(amount) from charges group by status"});

  private LoadBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : System.getProperty("bench.out", "docs/benchmarks.md");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    Path users = Files.createTempFile("stripesql-load-users", ".properties");
    UsersFile.put(users, "bench", PasswordHash.hash("bench-password".toCharArray()));
    try (StripeEmulator emulator = StripeEmulator.builder().seed(42).scale(1)
        .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start()) {
      List<String> customerIds = new ArrayList<>();
      emulator.data().list("customers").forEach(o -> customerIds.add(o.path("id").asText()));
      long customers = customerIds.size();
      StripeSqlGateway gateway = StripeSqlGateway.builder()
          .model(FaultsBenchmark.model(emulator.baseUrl(), FaultsBenchmark.NO_LIMITER))
          .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF)
          .security(GatewaySecurity.builder().users(users).build()).build().start();
      String url = gateway.jdbcUrl("127.0.0.1") + ";authentication=BASIC;avatica_user=bench;avatica_password=bench-password";
      try {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          connections.add(DriverManager.getConnection(url));   // kept, as a BI tool's pool keeps them
        }
        runClients(connections, customerIds, customers, 10, null);   // warm-up
        System.gc();
        emulator.requestLog().clear();
        Result r;
        long peak;
        long peakLive;
        try (HeapSampler heap = new HeapSampler()) {
          r = runClients(connections, customerIds, customers, seconds, emulator);
          peak = heap.peakUsed();
          peakLive = heap.peakAfterGc();
        }
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long max = HeapSampler.maxHeap();
        String section = section(r, seconds, peak, peakLive, live, max);
        System.out.println(section);
        BenchmarksDoc.writeSection(Path.of(out), HEADING, section);
        System.err.println("wrote the " + HEADING + " section of " + out);
      } finally {
        gateway.close();
      }
    } finally {
      Files.deleteIfExists(users);
    }
    System.exit(0);
  }

  record Result(long queries, long errors, long stripeRequests, double seconds, List<List<Long>> latencies,
      List<String> errorSamples, Map<String, Double> cpuSeconds) {
  }

  static Result runClients(List<Connection> connections, List<String> ids, long customers, int seconds,
      StripeEmulator emulator)
      throws InterruptedException {
    AtomicLong queries = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
    List<List<Long>> lat = new ArrayList<>();
    for (int i = 0; i < MIX.size(); i++) {
      lat.add(Collections.synchronizedList(new ArrayList<>()));
    }
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(CLIENTS);
    long[] window = new long[2];
    for (int t = 0; t < CLIENTS; t++) {
      int client = t;
      Thread th = new Thread(() -> {
        try {
          Connection c = connections.get(client);
          start.await();
          long end = window[1];
          int k = ThreadLocalRandom.current().nextInt(MIX.size());
          while (System.nanoTime() < end) {
            k = (k + 1) % MIX.size();
            String sql = MIX.get(k)[1].contains("%s")
                ? String.format(Locale.ROOT, MIX.get(k)[1], ids.get(ThreadLocalRandom.current().nextInt(ids.size())))
                : MIX.get(k)[1];
            long t0 = System.nanoTime();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
              DashboardLoad.check(k, rs, customers);
              lat.get(k).add(System.nanoTime() - t0);
              queries.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
              errors.incrementAndGet();
              if (samples.size() < 5) {
                samples.add(MIX.get(k)[0] + ": " + e);
              }
            }
          }
        } catch (Exception e) {
          errors.incrementAndGet();
          samples.add("connection: " + e);
        } finally {
          done.countDown();
        }
      }, "load-client-" + t);
      th.start();
    }
    Thread.sleep(500);   // every client connected (connect time is not measured)
    window[0] = System.nanoTime();
    window[1] = window[0] + Duration.ofSeconds(seconds).toNanos();
    ThreadCpu cpu = new ThreadCpu();
    start.countDown();
    Thread.sleep(Math.max(0, (window[1] - System.nanoTime()) / 1_000_000));
    Map<String, Double> cpuSeconds = cpu.secondsByPart();   // at the window's end, while the clients live
    done.await();
    double elapsed = (System.nanoTime() - window[0]) / 1e9;
    long stripe = emulator == null ? 0 : emulator.requestLog().size();
    return new Result(queries.get(), errors.get(), stripe, elapsed, lat, new ArrayList<>(samples), cpuSeconds);
  }

  static double percentileMs(List<Long> l, double p) {
    List<Long> copy;
    synchronized (l) {
      copy = new ArrayList<>(l);
    }
    if (copy.isEmpty()) {
      return 0;
    }
    Collections.sort(copy);
    return copy.get(Math.min(copy.size() - 1, (int) Math.ceil(p * copy.size()) - 1)) / 1e6;
  }

  static String section(Result r, int seconds, long peakHeap, long peakLive, long liveHeap, long maxHeap) {
    StringBuilder s = new StringBuilder();
    s.append(HEADING).append("\n\n");
    s.append("`LoadBenchmark` (bench module): ").append(CLIENTS).append(" concurrent JDBC clients, each on its own")
        .append(" connection through the thin driver (protobuf, HTTP Basic login against the PBKDF2 users file),")
        .append(" opened once and warmed up for 10 s (as a BI tool's pool keeps its connections),")
        .append(" cycling through five queries for ").append(seconds).append(" s against the emulator (scale 1;")
        .append(" client rate limiter out of the way with `RateLimit` and `EndpointRateLimit` 100000). Every")
        .append(" `count(*)` is checked against the emulator's data. Emulator, gateway and clients share one JVM, so")
        .append(" the heap figures are an upper bound for the gateway alone: the peak of the heap in use (sampled every")
        .append(" 10 ms during the run, garbage included), the peak still live right after a collection, and what is")
        .append(" live after a full collection at the end.\n\n");
    s.append(String.format(Locale.ROOT, "| Queries | Errors | Queries/s | Stripe requests/s | Peak heap used | Peak live"
        + " heap | Live heap after GC | Max heap |%n"));
    s.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    s.append(String.format(Locale.ROOT, "| %,d | %d | %,.0f | %,.0f | %d MB | %d MB | %d MB | %d MB |%n%n", r.queries(),
        r.errors(), r.queries() / r.seconds(), r.stripeRequests() / r.seconds(), peakHeap >> 20, peakLive >> 20,
        liveHeap >> 20, maxHeap >> 20));
    double q = Math.max(1, r.queries());
    s.append(String.format(Locale.ROOT, "CPU per query (thread CPU time over the run / queries): gateway %.1f ms,"
        + " emulator %.1f ms, clients %.1f ms.%n%n", r.cpuSeconds().get("gateway") * 1000 / q,
        r.cpuSeconds().get("emulator") * 1000 / q, r.cpuSeconds().get("clients") * 1000 / q));
    s.append("| Query | Count | p50 ms | p95 ms | p99 ms |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (int i = 0; i < MIX.size(); i++) {
      s.append(String.format(Locale.ROOT, "| %s: `%s` | %,d | %.1f | %.1f | %.1f |%n", MIX.get(i)[0],
          MIX.get(i)[1].replace("'%s'", "'cus_…'"), r.latencies().get(i).size(),
          percentileMs(r.latencies().get(i), 0.50), percentileMs(r.latencies().get(i), 0.95),
          percentileMs(r.latencies().get(i), 0.99)));
    }
    if (!r.errorSamples().isEmpty()) {
      s.append("\nErrors (first few): ").append(String.join("; ", r.errorSamples())).append("\n");
    }
    s.append("\nRun: `mvn -B -o -Pbench -pl bench -am package -DskipTests`, then\n")
        .append("`java -Xmx512m -cp \"bench/target/classes:bench/target/lib/*\" org.stripesql.bench.LoadBenchmark docs/benchmarks.md`.\n")
        .append("Measured on Linux, ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ")
        .append(System.getProperty("java.version")).append(", emulator on loopback.\n");
    return s.toString();
  }


}
