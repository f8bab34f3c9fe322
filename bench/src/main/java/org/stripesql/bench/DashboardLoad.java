package org.stripesql.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.stripesql.emulator.StripeEmulator;

/**
 * A dashboard's load on one gateway for a fixed window: {@value LoadBenchmark#CLIENTS} clients, each on a
 * connection of its own, cycling through {@link LoadBenchmark#MIX} (every count checked). Only queries that
 * complete within the window count; when it ends the connections are closed, which stops the statements still
 * running on the gateway (and their Stripe requests), so a gateway whose queries take minutes (full scans of
 * Stripe at its rate limit) is measured in the same window as one whose queries take milliseconds.
 */
final class DashboardLoad {
  /** What one window did: completed queries, errors, Stripe requests, latencies per query of the mix. */
  record Result(long queries, long errors, long cancelled, long stripeRequests, double seconds,
      List<List<Long>> latencies, List<String> errorSamples) {
    double perSecond() {
      return queries / seconds;
    }
  }

  private DashboardLoad() {}

  /** Warms up for {@code warmUp} seconds, then measures {@code seconds}, each window on connections of its own. */
  static Result run(StripeEmulator emulator, String url, int warmUp, int seconds) throws Exception {
    List<String> ids = new ArrayList<>();
    emulator.data().list("customers").forEach(o -> ids.add(o.path("id").asText()));
    window(connect(url), ids, warmUp, null);
    List<Connection> clients = connect(url);
    emulator.requestLog().clear();
    return window(clients, ids, seconds, emulator);
  }

  private static List<Connection> connect(String url) throws SQLException {
    List<Connection> clients = new ArrayList<>();
    for (int i = 0; i < LoadBenchmark.CLIENTS; i++) {
      clients.add(DriverManager.getConnection(url, "", ""));
    }
    return clients;
  }

  private static Result window(List<Connection> clients, List<String> ids, int seconds, StripeEmulator emulator)
      throws InterruptedException {
    AtomicLong queries = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong cancelled = new AtomicLong();
    ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
    List<List<Long>> lat = new ArrayList<>();
    for (int i = 0; i < LoadBenchmark.MIX.size(); i++) {
      lat.add(Collections.synchronizedList(new ArrayList<>()));
    }
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    CountDownLatch done = new CountDownLatch(clients.size());
    long start = System.nanoTime();
    for (int t = 0; t < clients.size(); t++) {
      Connection c = clients.get(t);
      Thread th = new Thread(() -> {
        int k = ThreadLocalRandom.current().nextInt(LoadBenchmark.MIX.size());
        try {
          while (System.nanoTime() < end) {
            k = (k + 1) % LoadBenchmark.MIX.size();
            String sql = String.format(Locale.ROOT, LoadBenchmark.MIX.get(k)[1],
                ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
            long t0 = System.nanoTime();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
              check(k, rs, ids.size());
              long t1 = System.nanoTime();
              if (t1 > end) {
                cancelled.incrementAndGet();   // finished after the window: not counted
                break;
              }
              lat.get(k).add(t1 - t0);
              queries.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
              if (System.nanoTime() >= end) {
                cancelled.incrementAndGet();   // cut off at the window's end
              } else {
                errors.incrementAndGet();
                if (samples.size() < 5) {
                  samples.add(LoadBenchmark.MIX.get(k)[0] + ": " + e);
                }
              }
            }
          }
        } finally {
          done.countDown();
        }
      }, "dashboard-client-" + t);
      th.start();
    }
    Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
    for (Connection c : clients) {
      try {
        c.close();   // the gateway closes its statements, which stop their Stripe requests
      } catch (SQLException e) {
        // a client's answer may be under way
      }
    }
    done.await(2, TimeUnit.MINUTES);
    double elapsed = Math.min(System.nanoTime() - start, end - start) / 1e9;
    long stripe = emulator == null ? 0 : emulator.requestLog().size();
    return new Result(queries.get(), errors.get(), cancelled.get(), stripe, elapsed, lat, new ArrayList<>(samples));
  }

  /** Reads a mix query's rows and checks what the data fixes: the customers' count, one customer by id. */
  static void check(int k, ResultSet rs, long customers) throws SQLException {
    long rows = 0;
    long first = -1;
    while (rs.next()) {
      if (rows == 0 && k == 0) {
        first = rs.getLong(1);
      }
      rows++;
    }
    if (k == 0 && first != customers) {
      throw new SQLException("count(*) from customers = " + first + ", expected " + customers);
    }
    if (k == 1 && rows != 1) {
      throw new SQLException("customer by id: " + rows + " rows");
    }
  }
}
