package org.stripesql.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.server.StripeSqlGateway;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * Soak (not a test): honest clients on both ports (the thin driver over HTTP, pgJDBC over the PostgreSQL
 * port) run {@link LoadBenchmark}'s five dashboard queries, first alone (quiet), then while hostile
 * clients run issue 24's attacks in a loop ({@link SoakAttacks}); the gateway runs in its own JVM
 * ({@link GatewayProcess}), whose heap, threads and file handles are sampled. The {@code ## Soak} section
 * of {@code docs/benchmarks.md} gets the figures. Arguments: [output file] [soak seconds] [quiet seconds]
 * [only the attacks whose name contains this].
 */
public final class SoakBenchmark {
  static final String HEADING = "## Soak";
  static final int HTTP_CLIENTS = 8;
  static final int PG_CLIENTS = 8;
  static final int QUERY_TIMEOUT_SECONDS = 10;
  static final String HEAP = "512m";
  /** Between two rounds of one attack: a loop, not a flood of requests (a proxy's rate limit's job). */
  static final long ATTACK_PAUSE_MILLIS = 100;

  private SoakBenchmark() {
  }

  /** Honest figures of one phase. */
  record Honest(long queries, long failures, double seconds, List<Long> latencies, List<String> samples) {
    double perSecond() {
      return queries / seconds;
    }

    double p95() {
      return LoadBenchmark.percentileMs(latencies, 0.95);
    }
  }

  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : "docs/benchmarks.md";
    int soak = args.length > 1 ? Integer.parseInt(args[1]) : 600;
    int quiet = args.length > 2 ? Integer.parseInt(args[2]) : 120;
    String only = args.length > 3 ? args[3] : "";
    Path users = Files.createTempFile("stripesql-soak-users", ".properties");
    Path log = Files.createTempFile("stripesql-soak-gateway", ".log");
    UsersFile.put(users, "bench", PasswordHash.hash("bench-password".toCharArray()));
    UsersFile.put(users, "mallory", PasswordHash.hash("mallory-password".toCharArray()));
    try (EmulatorProcess emulator = EmulatorProcess.start(1);
        GatewayProcess gateway = GatewayProcess.start(emulator.baseUrl(), users, QUERY_TIMEOUT_SECONDS, HEAP, log)) {
      emulator.send("limits off");
      long customers = Long.parseLong(emulator.send("count customers"));
      List<String> ids = customerIds(gateway);
      List<Connection> honest = connections(gateway);
      run(honest, ids, customers, 30);   // warm-up: JIT, plan caches, the pools of both ports
      GatewayProcess.Stats liveBefore = gateway.afterFullGc();
      List<GatewayProcess.Stats> before = List.of(gateway.stats());
      Honest calm = run(honest, ids, customers, quiet);
      SoakAttacks attacks = new SoakAttacks(gateway.httpPort(), gateway.pgPort(), "mallory", "mallory-password");
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(soak);
      List<Thread> hostile = new ArrayList<>();
      for (SoakAttacks.Attack a : attacks.all()) {
        if (!a.name().contains(only)) {
          continue;
        }
        Thread t = new Thread(() -> attacks.loop(new SoakAttacks.Attack(a.name(), () -> {
          boolean held = a.round().run();
          Thread.sleep(ATTACK_PAUSE_MILLIS);
          return held;
        }), end), "attack-" + a.name());
        t.setDaemon(true);
        t.start();
        hostile.add(t);
      }
      List<GatewayProcess.Stats> samples = Collections.synchronizedList(new ArrayList<>(before));
      Thread sampler = new Thread(() -> {
        while (System.nanoTime() < end) {
          try {
            Thread.sleep(10_000);
            samples.add(gateway.stats());
          } catch (Exception e) {
            return;
          }
        }
      }, "soak-sampler");
      sampler.start();
      Probe health = new Probe(gateway.httpPort(), end);
      health.start();
      Honest attacked = run(honest, ids, customers, soak);
      sampler.join();
      health.join();
      for (Thread t : hostile) {
        t.join(TimeUnit.SECONDS.toMillis(120));
      }
      List<GatewayProcess.Stats> after = new ArrayList<>(samples);
      after.add(gateway.stats());
      GatewayProcess.Stats liveAfter = gateway.afterFullGc();
      String section = SoakReport.section(calm, attacked, after, List.of(liveBefore, liveAfter), attacks,
          health, soak, quiet);
      System.out.println(section);
      BenchmarksDoc.writeSection(Path.of(out), HEADING, section);
      System.err.println("wrote the " + HEADING + " section of " + out + "; gateway log: " + log);
    } finally {
      Files.deleteIfExists(users);
    }
    System.exit(0);
  }

  /** {@code GET /health} twice a second until {@code end}: failures and latencies. */
  static final class Probe extends Thread {
    final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong failures = new AtomicLong();
    private final int port;
    private final long end;

    Probe(int port, long end) {
      super("health-probe");
      this.port = port;
      this.end = end;
    }

    @Override
    public void run() {
      while (System.nanoTime() < end) {
        long t0 = System.nanoTime();
        try {
          if (RawWire.http(port, "127.0.0.1", "GET /health HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n",
              new byte[0]) != 200) {
            failures.incrementAndGet();
          }
        } catch (IOException e) {
          failures.incrementAndGet();
        }
        latencies.add(System.nanoTime() - t0);
        try {
          Thread.sleep(500);   // the probe's period
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private static List<String> customerIds(GatewayProcess g) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = http(g); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "select id from customers")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  static Connection http(GatewayProcess g) throws SQLException {
    return DriverManager.getConnection(StripeSqlGateway.jdbcUrl("127.0.0.1", g.httpPort(), Driver.Serialization.PROTOBUF)
        + ";authentication=BASIC;avatica_user=bench;avatica_password=bench-password");
  }

  static Connection pg(GatewayProcess g) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "bench");
    p.setProperty("password", "bench-password");
    p.setProperty("scramMaxIterations", Integer.toString(PasswordHash.ITERATIONS));
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + g.pgPort() + "/stripe", p);
  }

  /** The honest clients' connections, kept as a BI tool's pool keeps them: HTTP first, then PostgreSQL. */
  private static List<Connection> connections(GatewayProcess g) throws SQLException {
    List<Connection> c = new ArrayList<>();
    for (int i = 0; i < HTTP_CLIENTS; i++) {
      c.add(http(g));
    }
    for (int i = 0; i < PG_CLIENTS; i++) {
      c.add(pg(g));
    }
    return c;
  }

  /** Every honest client runs the mix for {@code seconds}; each count(*) is checked, any failure counted. */
  static Honest run(List<Connection> connections, List<String> ids, long customers, int seconds)
      throws InterruptedException {
    AtomicLong queries = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> threads = new ArrayList<>();
    for (Connection c : connections) {
      Thread t = new Thread(() -> {
        int k = ThreadLocalRandom.current().nextInt(LoadBenchmark.MIX.size());
        while (System.nanoTime() < end) {
          k = (k + 1) % LoadBenchmark.MIX.size();
          String sql = String.format(Locale.ROOT, LoadBenchmark.MIX.get(k)[1],
              ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
          long t0 = System.nanoTime();
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            long first = -1;
            long rows = 0;
            while (rs.next()) {
              if (rows++ == 0 && k == 0) {
                first = rs.getLong(1);
              }
            }
            if (k == 0 && first != customers || k == 1 && rows != 1) {
              throw new SQLException("wrong answer to " + LoadBenchmark.MIX.get(k)[0] + ": " + rows + " rows");
            }
            latencies.add(System.nanoTime() - t0);
            queries.incrementAndGet();
          } catch (SQLException | RuntimeException e) {
            failures.incrementAndGet();
            if (samples.size() < 5) {
              samples.add(LoadBenchmark.MIX.get(k)[0] + ": " + e);
            }
          }
        }
      }, "honest");
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return new Honest(queries.get(), failures.get(), (System.nanoTime() - start) / 1e9, latencies,
        new ArrayList<>(samples));
  }
}
