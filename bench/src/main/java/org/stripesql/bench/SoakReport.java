package org.stripesql.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The {@code ## Soak} section of docs/benchmarks.md from a {@link SoakBenchmark} run. */
final class SoakReport {
  private SoakReport() {
  }

  static String section(SoakBenchmark.Honest quiet, SoakBenchmark.Honest soak, List<GatewayProcess.Stats> samples,
      List<GatewayProcess.Stats> live, SoakAttacks attacks, SoakBenchmark.Probe health, int soakSeconds,
      int quietSeconds) {
    StringBuilder s = new StringBuilder(SoakBenchmark.HEADING).append("\n\n");
    s.append("`SoakBenchmark` (bench module): the gateway in its own JVM (-Xmx").append(SoakBenchmark.HEAP)
        .append(", defaults for every cap, QueryTimeout ").append(SoakBenchmark.QUERY_TIMEOUT_SECONDS)
        .append(" s) over the emulator (another JVM, rate limits off). Honest clients: ")
        .append(SoakBenchmark.HTTP_CLIENTS).append(" thin-driver connections over HTTP and ")
        .append(SoakBenchmark.PG_CLIENTS).append(" pgJDBC connections over the PostgreSQL port, user `bench`, from")
        .append(" 127.0.0.1, each running the five dashboard queries of the Load section in turn (every count(*)")
        .append(" checked), first alone for ").append(quietSeconds).append(" s (quiet), then for ").append(soakSeconds)
        .append(" s while hostile clients run the attacks below in a loop (a round, then ")
        .append(SoakBenchmark.ATTACK_PAUSE_MILLIS).append(" ms), from 127.0.0.2 and up, signed in as `mallory` where the")
        .append(" attack needs a login.\n\n");
    s.append("| Honest clients | Queries | Failures | Queries/s | p95 ms |\n| --- | ---: | ---: | ---: | ---: |\n");
    row(s, "quiet", quiet);
    row(s, "under attack", soak);
    s.append(String.format(Locale.ROOT, "| under attack / quiet | | | %.2f | %.2f |%n%n",
        soak.perSecond() / Math.max(1e-9, quiet.perSecond()), soak.p95() / Math.max(1e-9, quiet.p95())));
    if (!soak.samples().isEmpty() || !quiet.samples().isEmpty()) {
      s.append("Honest failures (first few): ").append(String.join("; ", quiet.samples())).append(" ")
          .append(String.join("; ", soak.samples())).append("\n\n");
    }
    s.append(String.format(Locale.ROOT, "`GET /health` under attack, twice a second: %,d probes, %d failed, p95 %.1f ms,"
        + " slowest %.1f ms.%n%n", health.latencies.size(), health.failures.get(),
        LoadBenchmark.percentileMs(health.latencies, 0.95), LoadBenchmark.percentileMs(health.latencies, 1.0)));
    s.append("The gateway's JVM, sampled every 10 s (first: before the attacks; heap live after the latest")
        .append(" collection, no collection forced):\n\n");
    s.append("| Minute | Heap used MB | Live after GC MB | Threads | File handles |\n| ---: | ---: | ---: | ---: | ---: |\n");
    for (int i = 0; i < samples.size(); i++) {
      if (i == 0 || i % 6 == 0 || i == samples.size() - 1) {
        GatewayProcess.Stats x = samples.get(i);
        s.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", i == 0 ? "before" : String.format(
            Locale.ROOT, "%.1f", i / 6.0), x.heapUsed() >> 20, x.liveAfterGc() >> 20, x.threads(), x.fds()));
      }
    }
    s.append(String.format(Locale.ROOT, "%nHeap live after a full collection in the gateway's JVM: %d MB before the"
        + " attacks (after the quiet phase), %d MB after them (their connections closed); threads %d and %d.%n",
        live.get(0).heapUsed() >> 20, live.get(1).heapUsed() >> 20, live.get(0).threads(), live.get(1).threads()));
    s.append("\n| Attack | Rounds | Answered as it should | Otherwise (first few) |\n| --- | ---: | ---: | --- |\n");
    Map<String, SoakAttacks.Tally> sorted = new TreeMap<>(attacks.tallies);
    for (SoakAttacks.Attack a : attacks.all()) {
      SoakAttacks.Tally t = sorted.get(a.name());
      if (t == null) {
        continue;
      }
      s.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s |%n", a.name(), t.rounds.get(),
          t.rounds.get() - t.unexpected.get(), String.join("; ", t.samples)));
    }
    s.append("\nRun: `mvn -B -o -Pbench -pl bench -am package -DskipTests`, then\n")
        .append("`java -cp \"bench/target/classes:bench/target/lib/*\" org.stripesql.bench.SoakBenchmark docs/benchmarks.md")
        .append(" 600 120`.\nMeasured on Linux, ").append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs, Java ").append(System.getProperty("java.version")).append(", load average at the end ")
        .append(BenchmarksDoc.loadAverage())
        .append(".\n");
    return s.toString();
  }

  private static void row(StringBuilder s, String phase, SoakBenchmark.Honest h) {
    s.append(String.format(Locale.ROOT, "| %s | %,d | %d | %.1f | %.1f |%n", phase, h.queries(), h.failures(),
        h.perSecond(), h.p95()));
  }
}
