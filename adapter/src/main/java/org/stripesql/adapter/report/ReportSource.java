package org.stripesql.adapter.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.stripesql.adapter.scan.ScanBudget;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ReportType;

/**
 * The rows of one report scan, fetched when first asked for: the rows kept for the same run parameters,
 * or the file of the run made for them (by this statement, or earlier, or by another statement right now),
 * read as it arrives and kept for the next statement when it fits.
 */
final class ReportSource implements Iterator<Object[]>, AutoCloseable {
  private final ReportType type;
  private final ApiTable table;
  private final Supplier<RunParameters> resolver;
  private RunParameters parameters;
  private final ReportRuns runs;
  private final ReportResults results;
  private final ScanBudget budget;
  private Iterator<Object[]> kept;
  private ReportRowReader reader;
  private InputStream stream;
  private String runId;
  private List<Object[]> copy;
  private Object[] next;
  private boolean opened;
  private boolean done;

  /**
   * @param resolver the statement's run parameters, asked for when the first row is; null when no interval
   *                 satisfies the statement's bounds (no rows)
   */
  ReportSource(ReportType type, ApiTable table, Supplier<RunParameters> resolver, ReportRuns runs,
      ReportResults results, ScanBudget budget) {
    this.type = type;
    this.table = table;
    this.resolver = resolver;
    this.runs = runs;
    this.results = results;
    this.budget = budget;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done) {
      return false;
    }
    if (!opened) {
      opened = true;
      open();
    }
    next = read();
    if (next == null) {
      done = true;
      finish();
    }
    return next != null;
  }

  @Override
  public Object[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Object[] r = next;
    next = null;
    return r;
  }

  private void open() {
    RunParameters p = resolver.get();
    parameters = p;
    if (p == null) {
      kept = List.<Object[]>of().iterator();
      return;
    }
    boolean fresh = false;
    ReportResults.Entry e = results.get(p);
    if (e != null && e.rows() != null) {
      if (runs.stillReadable(e.runId(), budget)) {
        kept = e.rows().iterator();
        return;
      }
      results.forget(p, e.runId());
      e = null;
    }
    if (e != null) {
      runId = e.runId();
    } else {
      String[] made = {null};
      runId = runFor(p, made);
      fresh = made[0] != null;
    }
    String file;
    try {
      file = runs.awaitFile(runId, p, fresh, budget);
    } catch (ReportRuns.RunFailedException failed) {
      results.forget(p, runId);
      throw failed;
    }
    stream = runs.download(file, budget);
    try {
      reader = new ReportRowReader(table, new ReportCsv(new InputStreamReader(stream, StandardCharsets.UTF_8)),
          "report run " + runId + " of " + p.describe(), p);
    } catch (IOException ex) {
      throw broken(ex);
    }
    copy = results.enabled() ? new ArrayList<>() : null;
  }

  /**
   * The run for the parameters: one another statement is creating now (joined), else a new one, which
   * {@code made[0]} then names.
   */
  private String runFor(RunParameters p, String[] made) {
    while (true) {
      CompletableFuture<String> mine = new CompletableFuture<>();
      CompletableFuture<String> other = results.enabled() ? results.joinOrStart(p, mine) : null;
      if (other == null) {
        try {
          String id = runs.create(p, type.columnNames(), budget);
          results.putRun(p, id);
          mine.complete(id);
          made[0] = id;
          return id;
        } catch (RuntimeException ex) {
          mine.completeExceptionally(ex);
          throw ex;
        }
      }
      String id = await(other);
      if (id != null) {
        return id;
      }
      // the other statement failed to create it (cancelled, say): create it ourselves
    }
  }

  /** The other creation's run id, or null when it failed; waits no longer than the statement may. */
  private String await(CompletableFuture<String> other) {
    while (true) {
      budget.check();
      try {
        return other.get(50, TimeUnit.MILLISECONDS);
      } catch (TimeoutException ex) {
        // look at the budget again
      } catch (ExecutionException ex) {
        return null;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new ReportException("interrupted while waiting for a report run", ReportException.GENERAL, ex);
      }
    }
  }

  private Object[] read() {
    if (kept != null) {
      return kept.hasNext() ? kept.next().clone() : null;
    }
    try {
      Object[] row = reader.next();
      if (row != null && copy != null) {
        copy.add(row.clone());
        if ((long) copy.size() * table.columns().size() > ReportResults.MAX_CELLS) {
          copy = null;   // too big to keep: the next statement downloads the file again
        }
      }
      return row;
    } catch (IOException ex) {
      throw broken(ex);
    }
  }

  private RuntimeException broken(IOException ex) {
    budget.check();   // a cancelled or timed-out statement broke the stream off: say that
    return new ReportException("the download of " + type.id() + "'s result file (report run " + runId
        + ") broke off: " + ex.getMessage(), ReportException.BROKEN, ex);
  }

  private void finish() {
    if (copy != null && runId != null) {
      results.putRows(parameters, runId, copy, table.columns().size());
    }
    copy = null;
    close();
  }

  @Override
  public void close() {
    InputStream s = stream;
    stream = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // the file is abandoned either way
      }
    }
  }
}
