package org.stripesql.mirror;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own (initdb and pg_ctl of the installed PostgreSQL, in a temporary
 * directory, on a free port, trust authentication on loopback), which the test may stop and start while a
 * mirror uses it, leaving every other database of the machine alone. Runs as the {@code postgres} user when
 * the test runs as root (CI and the development machines do).
 */
final class PrivatePostgres implements AutoCloseable {
  private final Path bin;
  private final Path data;
  private final int port;
  private final boolean asPostgres;

  private PrivatePostgres(Path bin, Path data, int port, boolean asPostgres) {
    this.bin = bin;
    this.data = data;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** The binaries of an installed PostgreSQL (the newest), when there are and this process may run them. */
  static Optional<Path> binaries() {
    Path lib = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    String user = System.getProperty("user.name");
    if (!user.equals("root") && !user.equals("postgres")) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(lib)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(Path::toString));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Makes a cluster and starts it. */
  static PrivatePostgres start(Path bin) throws Exception {
    boolean root = System.getProperty("user.name").equals("root");
    Path data = Files.createTempDirectory("stripesql-pg-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PrivatePostgres pg = new PrivatePostgres(bin, data, port, root);
    if (root) {
      pg.run(List.of("chown", "postgres:postgres", data.toString()), false);
    }
    pg.run(List.of(bin.resolve("initdb").toString(), "-D", data.resolve("db").toString(), "-U", "postgres",
        "--auth=trust", "-E", "UTF8"), true);
    pg.startServer();
    return pg;
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** Starts the server and waits until it accepts connections. */
  void startServer() throws Exception {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-l",
        data.resolve("log").toString(), "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + data, "-w",
        "start"), true);
  }

  /** Stops the server (fast: sessions are cut, as when it restarts). */
  void stopServer() throws Exception {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-m", "fast", "-w", "stop"),
        true);
  }

  private void run(List<String> command, boolean postgresUser) throws Exception {
    List<String> c = new ArrayList<>();
    if (postgresUser && asPostgres) {
      c.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    c.addAll(command);
    Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", c) + " failed: " + out);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      stopServer();
    } catch (RuntimeException e) {
      // already stopped
    }
    try (Stream<Path> files = Files.walk(data)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
