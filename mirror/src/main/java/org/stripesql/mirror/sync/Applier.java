package org.stripesql.mirror.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stripesql.adapter.scan.RowConverter;
import org.stripesql.mirror.store.MetaTables;
import org.stripesql.mirror.store.TableStore;

/**
 * Writes a {@link ChangeSet} into the store: a snapshot replaces the stored row when it is at least as
 * new (strictly newer for a late event; a tie with a late event fetches the object again), a deletion
 * leaves a tombstone that older snapshots cannot pass, a parent's children are replaced by a fresh list.
 * What the change set needs from Stripe is {@linkplain #fetch fetched} first, outside the transaction.
 */
final class Applier {
  /** Stripe's answers a change set needs, read before the store's transaction. */
  record Fetched(Map<String, Map<String, List<Object[]>>> children, Map<String, List<Object[]>> relisted,
      Map<String, List<Object[]>> refetched, Map<String, Set<String>> refetchIds) {}

  private final MetaTables meta;
  private final StripeReads reads;

  Applier(MetaTables meta, StripeReads reads) {
    this.meta = meta;
    this.reads = reads;
  }

  /** Fetches children, relisted rows and objects to fetch again, for the target tables only. */
  Fetched fetch(ChangeSet cs, Map<String, Tracked> targets, Map<String, Set<String>> alsoRefetch) {
    Map<String, Map<String, List<Object[]>>> children = new LinkedHashMap<>();
    cs.parentsToRelist.forEach((table, parents) -> {
      Tracked t = targets.get(table);
      if (t != null) {
        Map<String, List<Object[]>> byParent = new LinkedHashMap<>();
        parents.forEach(p -> byParent.put(p, new ArrayList<>()));
        int parentColumn = t.store().parentIndex();
        for (Object[] row : reads.children(t.table(), List.copyOf(parents))) {
          byParent.computeIfAbsent((String) row[parentColumn], k -> new ArrayList<>()).add(row);
        }
        children.put(table, byParent);
      }
    });
    Map<String, List<Object[]>> relisted = new LinkedHashMap<>();
    cs.relistValues.forEach((table, values) -> {
      Tracked t = targets.get(table);
      if (t != null) {
        relisted.put(table, reads.listBy(t.table(), t.coverage().relist().param(), List.copyOf(values)));
      }
    });
    Map<String, Set<String>> ids = new LinkedHashMap<>();
    cs.refetch.forEach((k, v) -> ids.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
    alsoRefetch.forEach((k, v) -> ids.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
    Map<String, List<Object[]>> refetched = new LinkedHashMap<>();
    ids.forEach((table, set) -> {
      Tracked t = targets.get(table);
      if (t != null && t.table().retrievePath() != null) {
        refetched.put(table, reads.retrieve(t.table(), List.copyOf(set)));
      }
    });
    ids.keySet().retainAll(refetched.keySet());
    return new Fetched(children, relisted, refetched, ids);
  }

  /**
   * Writes the changes inside the caller's transaction into the physical tables named by {@code physical}
   * (the live table, or a load's shadow). Returns, per table, the ids it changed; ties with late events
   * that need a fetch go into {@code refetchLater}.
   */
  Map<String, Set<String>> apply(Connection c, ChangeSet cs, Fetched f, Map<String, Tracked> targets,
      Map<String, String> physical, Map<String, Set<String>> refetchLater) throws SQLException {
    Map<String, Set<String>> changed = new LinkedHashMap<>();
    long now = cs.newestCreated;
    for (Tracked t : targets.values()) {
      String table = t.name();
      String phys = physical.get(table);
      TableStore ts = t.store();
      RowConverter converter = new RowConverter(t.table());
      Set<String> touched = changed.computeIfAbsent(table, k -> new LinkedHashSet<>());
      Map<String, ChangeSet.Change> changes = cs.byTable.getOrDefault(table, Map.of());
      if (!changes.isEmpty()) {
        List<String> ids = List.copyOf(changes.keySet());
        Map<String, Long> versions = ts.versions(c, phys, ids);
        Map<String, Long> tombs = meta.tombstones(c, table, ids);
        List<Object[]> upserts = new ArrayList<>();
        Map<String, Long> deletions = new LinkedHashMap<>();
        Map<String, Long> upsertVersions = new HashMap<>();
        for (Map.Entry<String, ChangeSet.Change> e : changes.entrySet()) {
          ChangeSet.Change ch = e.getValue();
          long v = versions.getOrDefault(e.getKey(), -1L);
          long tomb = tombs.getOrDefault(e.getKey(), -1L);
          if (ch.late() && ch.created() == v) {
            refetchLater.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(e.getKey());
            continue;
          }
          boolean newer = ch.late() ? ch.created() > v : ch.created() >= v;
          if (!newer) {
            continue;
          }
          if (ch.snapshot() == null) {
            deletions.put(e.getKey(), ch.created());
          } else if (tomb < ch.created()) {
            upserts.add(converter.convert(ch.snapshot(), null, null, null));
            upsertVersions.put(e.getKey(), ch.created());
          }
        }
        ts.deleteIds(c, phys, deletions.keySet());
        meta.putTombstones(c, table, deletions);
        touched.addAll(deletions.keySet());
        upsert(c, ts, phys, upserts, upsertVersions, 0, touched);
      }
      Map<String, List<Object[]>> kids = f.children().get(table);
      if (kids != null) {
        ts.deleteParents(c, phys, kids.keySet());
        List<Object[]> all = new ArrayList<>();
        kids.values().forEach(all::addAll);
        ts.insert(c, phys, all, now);
        for (Object[] row : all) {
          if (ts.idIndex() >= 0) {
            touched.add((String) row[ts.idIndex()]);
          }
        }
        touched.addAll(kids.keySet());
      }
      List<Object[]> relisted = f.relisted().get(table);
      if (relisted != null) {
        upsert(c, ts, phys, relisted, Map.of(), now, touched);
      }
      List<Object[]> refetched = f.refetched().get(table);
      if (refetched != null) {
        upsert(c, ts, phys, refetched, Map.of(), now, touched);
        Set<String> found = new LinkedHashSet<>();
        refetched.forEach(r -> found.add((String) r[ts.idIndex()]));
        Map<String, Long> gone = new LinkedHashMap<>();
        for (String id : f.refetchIds().getOrDefault(table, Set.of())) {
          if (!found.contains(id)) {
            gone.put(id, now);
          }
        }
        ts.deleteIds(c, phys, gone.keySet());
        meta.putTombstones(c, table, gone);
        touched.addAll(gone.keySet());
      }
    }
    changed.values().removeIf(Set::isEmpty);
    return changed;
  }

  /** Replaces rows by id; rows without a version in {@code versions} get {@code otherwise}. */
  private void upsert(Connection c, TableStore ts, String phys, List<Object[]> rows, Map<String, Long> versions,
      long otherwise, Set<String> touched) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>();
    for (Object[] r : rows) {
      ids.add((String) r[ts.idIndex()]);
    }
    ts.deleteIds(c, phys, ids);
    Map<Long, List<Object[]>> byVersion = new LinkedHashMap<>();
    for (Object[] r : rows) {
      long v = versions.getOrDefault((String) r[ts.idIndex()], otherwise);
      byVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<Long, List<Object[]>> e : byVersion.entrySet()) {
      ts.insert(c, phys, e.getValue(), e.getKey());
    }
    touched.addAll(ids);
  }
}
