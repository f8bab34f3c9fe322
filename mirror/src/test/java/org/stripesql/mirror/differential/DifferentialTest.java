package org.stripesql.mirror.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Random statements from the catalog and the emulator's data get the same answer on every path (live with
 * pushdown, the mirror in DuckDB and, with {@code STRIPESQL_TEST_PG_URL}, PostgreSQL) as on the plain
 * live path ({@code Pushdown=false}); rows and errors alike. A few hundred in {@code mvn verify}, thousands
 * in the profile {@code differential}; properties and how to replay a difference: docs/mirror.md.
 */
class DifferentialTest {
  private static final int STATEMENTS = Integer.getInteger("stripesql.differential.statements", 300);
  private static final long SEED = Long.getLong("stripesql.differential.seed", 22L);
  private static final boolean ALL_TABLES = Boolean.getBoolean("stripesql.differential.allTables");
  private static final String PG = System.getenv("STRIPESQL_TEST_PG_URL");

  @Test
  void everyPathAnswersAsThePlainLivePath() throws Exception {
    long start = System.nanoTime();
    try (Paths paths = new Paths(SEED, ALL_TABLES, PG == null || PG.isBlank() ? null : PG)) {
      long ready = System.nanoTime();
      StatementGenerator generator = new StatementGenerator(paths.sample, SEED);
      List<String> report = new ArrayList<>();
      Map<String, Integer> perPath = new LinkedHashMap<>();
      paths.others.forEach(w -> perPath.put(w.name(), 0));
      Map<String, Long> nanos = new LinkedHashMap<>();
      List<String> slow = new ArrayList<>();
      int failedEverywhere = 0;
      for (int i = 0; i < STATEMENTS; i++) {
        Statement s = generator.statement(i);
        long t0 = System.nanoTime();
        Answer reference = Answer.of(paths.plain.connection(), s);
        nanos.merge(paths.plain.name(), System.nanoTime() - t0, Long::sum);
        if (System.nanoTime() - t0 > 1_000_000_000L) {
          slow.add((System.nanoTime() - t0) / 1_000_000 + " ms plain: " + s);
        }
        failedEverywhere += reference.failed() ? 1 : 0;
        for (Paths.Way w : paths.others) {
          long t1 = System.nanoTime();
          Answer a = Answer.of(w.connection(), s);
          nanos.merge(w.name(), System.nanoTime() - t1, Long::sum);
          if (System.nanoTime() - t1 > 1_000_000_000L) {
            slow.add((System.nanoTime() - t1) / 1_000_000 + " ms " + w.name() + ": " + s);
          }
          if (!a.alike(reference)) {
            perPath.merge(w.name(), 1, Integer::sum);
            report.add("seed " + SEED + " statement " + i + ": " + w.name() + " differs\n    " + s
                + "\n    " + paths.plain.name() + ": " + reference.describe()
                + "\n    " + w.name() + ": " + a.describe()
                + (a.firstDifference(reference).isEmpty() ? "" : "\n    " + a.firstDifference(reference)));
          }
        }
      }
      long end = System.nanoTime();
      String summary = String.format("differential: seed %d, %d statements (%d failed on the plain path too) over"
          + " %d tables %s; differences per path %s; %.1f s to set up, %.1f s to run", SEED, STATEMENTS,
          failedEverywhere, paths.mirrored.size(), ALL_TABLES ? "(Mirror=all)" : paths.mirrored, perPath,
          (ready - start) / 1e9, (end - ready) / 1e9);
      System.out.println(summary);
      System.out.println("time per path (ms): " + nanos.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() / 1_000_000).toList());
      slow.forEach(System.out::println);
      report.forEach(System.out::println);
      assertTrue(report.isEmpty(), summary + "\n" + String.join("\n", report.subList(0, Math.min(20,
          report.size()))));
    }
  }
}
