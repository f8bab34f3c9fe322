package org.stripesql.adapter.report;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What one account's statements know of its report runs, shared by every connection of the process that
 * uses the same credential: the run made for each set of parameters (so a repeat reads it instead of
 * starting another), its rows once read (within a cell budget), the runs being created right now, and the
 * report types' available ranges.
 */
final class ReportResults {
  /** The most cells (rows times columns) kept in all, per credential. */
  static final long MAX_CELLS = 500_000;
  private static final Map<String, ReportResults> BY_ACCOUNT = new ConcurrentHashMap<>();

  /** A run made for some parameters; {@code rows} once a statement read the whole file, if they fit. */
  record Entry(String runId, long madeAt, List<Object[]> rows, long cells) {}

  private final long ttlNanos;
  private final LongSupplier clock;
  private final LinkedHashMap<RunParameters, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<RunParameters, CompletableFuture<String>> creating = new ConcurrentHashMap<>();
  private final Map<String, Availability> availability = new ConcurrentHashMap<>();
  private long cells;

  ReportResults(Duration ttl, LongSupplier clock) {
    this.ttlNanos = ttl.toNanos();
    this.clock = clock;
  }

  /** The results of an account ({@code accountKey}: no secret in it) kept for {@code ttl}. */
  static ReportResults of(String accountKey, Duration ttl) {
    return BY_ACCOUNT.computeIfAbsent(accountKey + "|" + ttl.toNanos(), k -> new ReportResults(ttl, System::nanoTime));
  }

  /** The report types' available ranges as last read, by type. */
  Map<String, Availability> availability() {
    return availability;
  }

  /** Whether anything is kept at all (ReportCacheSeconds above 0). */
  boolean enabled() {
    return ttlNanos > 0;
  }

  /** The run made for these parameters, unless it is older than the time results are kept. */
  synchronized Entry get(RunParameters p) {
    Entry e = entries.get(p);
    if (e != null && clock.getAsLong() - e.madeAt() >= ttlNanos) {
      remove(p);
      return null;
    }
    return e;
  }

  /** Remembers the run made for these parameters (its rows not read yet). */
  synchronized void putRun(RunParameters p, String runId) {
    if (!enabled()) {
      return;
    }
    remove(p);
    entries.put(p, new Entry(runId, clock.getAsLong(), null, 0));
  }

  /**
   * Keeps the rows a statement read from the run's file, evicting the least recently used ones to stay in
   * the cell budget; rows that alone exceed it are not kept (the run is, so a repeat reads the file again).
   */
  synchronized void putRows(RunParameters p, String runId, List<Object[]> rows, int width) {
    Entry old = entries.get(p);
    if (!enabled() || old == null || !old.runId().equals(runId)) {
      return;   // expired or replaced meanwhile
    }
    long c = (long) rows.size() * Math.max(1, width);
    if (c > MAX_CELLS) {
      return;
    }
    remove(p);
    Iterator<Map.Entry<RunParameters, Entry>> it = entries.entrySet().iterator();
    while (cells + c > MAX_CELLS && it.hasNext()) {
      Entry e = it.next().getValue();
      cells -= e.cells();
      it.remove();
    }
    entries.put(p, new Entry(runId, old.madeAt(), List.copyOf(rows), c));
    cells += c;
  }

  /** Forgets the run of these parameters (it failed, or its file is gone). */
  synchronized void forget(RunParameters p, String runId) {
    Entry e = entries.get(p);
    if (e != null && e.runId().equals(runId)) {
      remove(p);
    }
  }

  private void remove(RunParameters p) {
    Entry e = entries.remove(p);
    if (e != null) {
      cells -= e.cells();
    }
  }

  /**
   * The creation in progress for these parameters, which the caller joins, or null after registering
   * {@code mine} as it: then the caller creates the run and completes {@code mine}.
   */
  CompletableFuture<String> joinOrStart(RunParameters p, CompletableFuture<String> mine) {
    CompletableFuture<String> other = creating.putIfAbsent(p, mine);
    if (other == null) {
      mine.whenComplete((id, e) -> creating.remove(p, mine));
    }
    return other;
  }
}
