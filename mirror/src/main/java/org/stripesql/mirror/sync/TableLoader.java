package org.stripesql.mirror.sync;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.TableKind;
import org.stripesql.mirror.store.MetaTables;
import org.stripesql.mirror.store.Store;
import org.stripesql.mirror.store.TableRecord;

/**
 * Reads a whole table from Stripe into its shadow, in batches each committed with the load's progress:
 * the {@code created} it has reached, newest first, so a restart continues with {@code created <= x}
 * instead of starting over (rows of that second read twice replace themselves). A child table is read
 * per batch of parents, its progress that of the parents. Tables a list cannot narrow by created start
 * over after a restart. Batch sizes and deletes: docs/mirror.md, Loading.
 */
public final class TableLoader {
  private static final Logger LOG = LoggerFactory.getLogger(TableLoader.class);
  /** A batch is committed when it has this many rows, */
  static final int BATCH_ROWS = 10_000;
  /** or when this long has passed since the last commit. */
  static final long BATCH_NANOS = 2_000_000_000L;
  static final int BATCH_PARENTS = 50;

  private final Store store;
  private final MetaTables meta;
  private final StripeReads reads;

  public TableLoader(Store store, MetaTables meta, StripeReads reads) {
    this.store = store;
    this.meta = meta;
    this.reads = reads;
  }

  /**
   * Loads (or goes on loading) {@code t} into its shadow; returns the record with the final progress.
   * {@code progress} hears of each batch committed.
   */
  public TableRecord load(Tracked t, TableRecord rec, Consumer<TableRecord> progress) {
    ApiTable table = t.table();
    boolean child = table.kind() == TableKind.CHILD;
    ApiTable scanned = child ? t.parent() : table;
    boolean resumable = Tracked.hasCreatedRange(scanned) && (!child || t.parent().kind() == TableKind.LIST);
    TableRecord start = rec;
    boolean fresh = rec.loadResume() == null && rec.loadedRows() == 0;
    if (!fresh && (!resumable || !store.read(c -> t.store().exists(c, t.store().shadow())))) {
      fresh = true;
      start = rec.withProgress(null, 0);
    }
    if (fresh) {
      TableRecord first = start;
      store.write(c -> {
        t.store().recreate(c, t.store().shadow());
        meta.put(c, first);
        return null;
      });
    } else {
      LOG.info("mirror: {} resumes its load at created <= {} ({} rows so far)", table.name(), rec.loadResume(),
          rec.loadedRows());
    }
    Iterator<Object[]> rows = reads.scan(scanned, resumable ? start.loadResume() : null);
    int createdIndex = scanned.columnIndex("created");
    int idIndex = scanned.columnIndex("id");
    TableRecord current = start;
    List<Object[]> batch = new ArrayList<>();
    List<String> parents = new ArrayList<>();
    Long reached = start.loadResume();
    boolean replace = !fresh;   // a resumed load reads the rows of the second it stopped at again
    long committed = System.nanoTime();
    while (rows.hasNext()) {
      Object[] row = rows.next();
      if (createdIndex >= 0 && row[createdIndex] != null) {
        reached = Math.floorDiv((Long) row[createdIndex], 1000L);
      }
      if (child) {
        parents.add((String) row[idIndex]);
        if (parents.size() < BATCH_PARENTS) {
          continue;
        }
        batch.addAll(reads.children(table, parents));
        parents.clear();
      } else {
        batch.add(row);
      }
      if (batch.size() < BATCH_ROWS && System.nanoTime() - committed < BATCH_NANOS) {
        continue;
      }
      current = commit(t, current, batch, resumable ? reached : null, replace);
      progress.accept(current);
      batch.clear();
      committed = System.nanoTime();
      if (replace && reached != null && start.loadResume() != null && reached < start.loadResume()) {
        replace = false;   // past that second: every row from here on is new to the shadow
      }
    }
    if (!parents.isEmpty()) {
      batch.addAll(reads.children(table, parents));
    }
    current = commit(t, current, batch, resumable ? reached : null, replace);
    progress.accept(current);
    return current;
  }

  /** Commits a batch and the progress; {@code replace}: the batch may hold rows the shadow has, which it replaces. */
  private TableRecord commit(Tracked t, TableRecord rec, List<Object[]> batch, Long reached, boolean replace) {
    TableRecord next = rec.withProgress(reached, rec.loadedRows() + batch.size());
    String shadow = t.store().shadow();
    store.write(c -> {
      if (replace && t.store().idIndex() >= 0) {
        List<String> ids = new ArrayList<>();
        batch.forEach(r -> ids.add((String) r[t.store().idIndex()]));
        t.store().deleteIds(c, shadow, ids);
      }
      t.store().insert(c, shadow, batch, rec.loadSinceCreated());
      meta.put(c, next);
      return null;
    });
    return next;
  }
}
