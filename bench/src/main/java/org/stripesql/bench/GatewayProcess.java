package org.stripesql.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.pgwire.PgAuth;
import org.stripesql.pgwire.PgServer;
import org.stripesql.pgwire.SharedLimits;
import org.stripesql.server.GatewaySecurity;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * The gateway (HTTP and PostgreSQL ports, a users file) in a JVM of its own, so a benchmark can read its
 * heap, threads and file handles alone while clients in the parent load and attack it. The child prints
 * {@code ready HTTP_PORT PG_PORT} and then answers {@code stats} with {@code heapUsed liveAfterGc threads
 * fds} (bytes, counts), and {@code gc} the same after a full collection, until {@code quit}.
 */
final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final BufferedWriter in;
  private final int httpPort;
  private final int pgPort;

  /** What the gateway's JVM holds at one moment. */
  record Stats(long heapUsed, long liveAfterGc, int threads, long fds) {}

  private GatewayProcess(Process process) throws IOException {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    String first;
    do {
      first = out.readLine();
    } while (first != null && !first.startsWith("ready "));
    if (first == null) {
      throw new IOException("the gateway process did not start");
    }
    String[] w = first.split(" ");
    this.httpPort = Integer.parseInt(w[1]);
    this.pgPort = Integer.parseInt(w[2]);
  }

  /** Starts a gateway over {@code apiBase} with the users file, QueryTimeout and heap given, logging to {@code log}. */
  static GatewayProcess start(String apiBase, Path users, int queryTimeoutSeconds, String maxHeap, Path log)
      throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
        GatewayProcess.class.getName(), apiBase, users.toString(), Integer.toString(queryTimeoutSeconds));
    pb.redirectError(log.toFile());
    return new GatewayProcess(pb.start());
  }

  int httpPort() {
    return httpPort;
  }

  int pgPort() {
    return pgPort;
  }

  synchronized Stats stats() throws IOException {
    return ask("stats");
  }

  /** The same after a full collection in the gateway's JVM: what is really live. */
  synchronized Stats afterFullGc() throws IOException {
    return ask("gc");
  }

  private Stats ask(String command) throws IOException {
    in.write(command);
    in.newLine();
    in.flush();
    String[] w = out.readLine().split(" ");
    return new Stats(Long.parseLong(w[0]), Long.parseLong(w[1]), Integer.parseInt(w[2]), Long.parseLong(w[3]));
  }

  @Override
  public void close() {
    try {
      in.write("quit");
      in.newLine();
      in.flush();
    } catch (IOException e) {
      // gone already
    }
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroy();
  }

  /** The child: arguments: API base, users file, QueryTimeout in seconds. */
  public static void main(String[] args) throws Exception {
    ModelSource model = FaultsBenchmark.model(args[0], Map.of("RateLimit", "100000", "EndpointRateLimit", "100000",
        "QueryTimeout", args[2]));
    GatewaySecurity security = GatewaySecurity.builder().users(Path.of(args[1])).build();
    try (HeapSampler heap = new HeapSampler();
        StripeSqlGateway gateway = StripeSqlGateway.builder().model(model).host("127.0.0.1").port(0)
        .serialization(Driver.Serialization.PROTOBUF).security(security).build().start();
        PgServer pg = PgServer.builder().model(model).security(security).auth(PgAuth.SCRAM_SHA_256).host("127.0.0.1")
            .port(0).gate(new SharedLimits(gateway.sessionLimits(), gateway.loginThrottle())).build().start()) {
      System.out.println("ready " + gateway.port() + " " + pg.port());
      System.out.flush();
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = commands.readLine(); line != null && !line.trim().equals("quit"); line = commands.readLine()) {
        if (line.trim().equals("gc")) {
          System.gc();
          long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          String[] w = stats(heap).split(" ");
          System.out.println(used + " " + used + " " + w[2] + " " + w[3]);
        } else {
          System.out.println(line.trim().equals("stats") ? stats(heap) : "error unknown command");
        }
        System.out.flush();
      }
    }
    System.exit(0);
  }

  private static String stats(HeapSampler heap) {
    long live = heap.lastAfterGc();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    long fds = os instanceof UnixOperatingSystemMXBean u ? u.getOpenFileDescriptorCount() : -1;
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + " " + live + " "
        + ManagementFactory.getThreadMXBean().getThreadCount() + " " + fds;
  }
}
