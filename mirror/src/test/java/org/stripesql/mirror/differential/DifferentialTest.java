package org.stripesql.mirror.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Random statements from the catalog and the emulator's data get the same answer on every path (live with
 * pushdown, the mirror in DuckDB and, with {@code STRIPESQL_TEST_PG_URL}, PostgreSQL) as on the plain
 * live path ({@code Pushdown=false}); rows and errors alike. A few hundred in {@code mvn verify}, thousands
 * in the profile {@code differential}; properties and how to replay a difference: docs/mirror.md.
 */
class DifferentialTest {
  private static final int STATEMENTS = Integer.getInteger("stripesql.differential.statements", 250);
  private static final int FROM = Integer.getInteger("stripesql.differential.from", 0);
  private static final long SEED = Long.getLong("stripesql.differential.seed", 22L);
  private static final boolean ALL_TABLES = Boolean.getBoolean("stripesql.differential.allTables");
  private static final String PG = System.getenv("STRIPESQL_TEST_PG_URL");

  /** Statements of the Connect platform's run (a part of the others, for the time mvn verify takes). */
  private static final int CONNECTED_STATEMENTS = Integer.getInteger("stripesql.differential.connectedStatements",
      Math.max(1, STATEMENTS / 3));

  @Test
  void everyPathAnswersAsThePlainLivePath() throws Exception {
    long start = System.nanoTime();
    try (Paths paths = new Paths(SEED, ALL_TABLES, PG == null || PG.isBlank() ? null : PG)) {
      run(paths, start, STATEMENTS);
    }
  }

  /** The same over a Connect platform's three connected accounts in one schema: live, live fanned out, mirrored. */
  @Test
  void everyPathOfAConnectPlatformAnswersAsThePlainLivePath() throws Exception {
    long start = System.nanoTime();
    try (Paths paths = new Paths(SEED, ALL_TABLES, PG == null || PG.isBlank() ? null : PG, 3)) {
      run(paths, start, CONNECTED_STATEMENTS);
    }
  }

  private static void run(Paths paths, long start, int statements) throws Exception {
    {
      long ready = System.nanoTime();
      StatementGenerator generator = new StatementGenerator(paths.sample, SEED);
      List<Paths.Way> ways = new ArrayList<>(List.of(paths.plain));
      ways.addAll(paths.others);
      // each path on a thread of its own (a connection serves one statement at a time), side by side
      Map<Paths.Way, ExecutorService> threads = new LinkedHashMap<>();
      Map<String, AtomicLong> nanos = new LinkedHashMap<>();
      Map<String, Integer> differences = new LinkedHashMap<>();
      for (Paths.Way w : ways) {
        threads.put(w, Executors.newSingleThreadExecutor());
        nanos.put(w.name(), new AtomicLong());
        differences.put(w.name(), 0);
      }
      differences.remove(paths.plain.name());
      List<String> report = new ArrayList<>();
      int failedEverywhere = 0;
      try {
        for (int i = FROM; i < FROM + statements; i++) {
          Statement s = generator.statement(i);
          Map<Paths.Way, Future<Answer>> answers = new LinkedHashMap<>();
          for (Paths.Way w : ways) {
            answers.put(w, threads.get(w).submit(() -> {
              long t = System.nanoTime();
              Answer a = Answer.of(w.connection(), s);
              nanos.get(w.name()).addAndGet(System.nanoTime() - t);
              return a;
            }));
          }
          Answer reference = answers.get(paths.plain).get();
          failedEverywhere += reference.failed() ? 1 : 0;
          for (Paths.Way w : paths.others) {
            Answer a = answers.get(w).get();
            if (!a.alike(reference)) {
              differences.merge(w.name(), 1, Integer::sum);
              report.add("seed " + SEED + " statement " + i + " (-Dstripesql.differential.seed=" + SEED
                  + " -Dstripesql.differential.from=" + i + " -Dstripesql.differential.statements=1): " + w.name()
                  + " differs\n    " + s + "\n    " + paths.plain.name() + ": " + reference.describe() + "\n    "
                  + w.name() + ": " + a.describe()
                  + (a.firstDifference(reference).isEmpty() ? "" : "\n    " + a.firstDifference(reference)));
            }
          }
        }
      } finally {
        threads.values().forEach(ExecutorService::shutdownNow);
      }
      String summary = String.format("differential: seed %d, statements %d to %d (%d fail on the plain path too)"
          + " over %d tables %s; differences per path %s; %.1f s to set up, %.1f s to run; seconds per path %s", SEED,
          FROM, FROM + statements - 1, failedEverywhere, paths.mirrored.size(),
          ALL_TABLES ? "(Mirror=all)" : paths.mirrored, differences, (ready - start) / 1e9,
          (System.nanoTime() - ready) / 1e9, seconds(nanos));
      System.out.println(summary);
      report.forEach(System.out::println);
      assertTrue(report.isEmpty(), summary + "\n" + String.join("\n", report.subList(0, Math.min(20,
          report.size()))));
    }
  }

  private static Map<String, Long> seconds(Map<String, AtomicLong> nanos) {
    Map<String, Long> out = new LinkedHashMap<>();
    nanos.forEach((k, v) -> out.put(k, v.get() / 1_000_000_000L));
    return out;
  }
}
