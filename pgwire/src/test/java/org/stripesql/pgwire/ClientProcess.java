package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client program (psql, isql, node) and collects its output. A test needing a program that is not
 * installed is skipped with the package to install; CI installs them all (.ci/run).
 */
final class ClientProcess {
  /** The finished run: exit code, standard output and standard error. */
  record Result(int exit, String out, String err) {}

  private ClientProcess() {
  }

  /** The program's path on PATH, or the test is skipped naming what to install. */
  static String require(String program, String install) {
    String path = find(program);
    assumeTrue(path != null, program + " is not installed: " + install + " (.ci/run installs it); skipping");
    return path;
  }

  static String find(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  static Result run(List<String> command, Map<String, String> env, String stdin) throws IOException,
      InterruptedException {
    return run(command, env, stdin, 180);
  }

  /** Runs {@code command}, giving up after {@code seconds} (a client that hangs fails the test, not the build). */
  static Result run(List<String> command, Map<String, String> env, String stdin, int seconds) throws IOException,
      InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
    pb.environment().putAll(env);
    Path out = Files.createTempFile("client", ".out");
    Path err = Files.createTempFile("client", ".err");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    Process p = pb.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command.get(0) + " did not finish in " + seconds + " s");
    }
    try {
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
