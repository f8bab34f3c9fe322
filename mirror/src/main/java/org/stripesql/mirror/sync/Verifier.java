package org.stripesql.mirror.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stripesql.mirror.store.Store;

/**
 * Compares a mirrored table with a live scan: row counts and a checksum (the sum of row digests), by id
 * where the table has one. Rows that events changed while the live scan ran (given as {@code touched})
 * are left out of both sides, so a busy account does not read as drift.
 */
public final class Verifier {
  /** What a verification found; {@code drift} is "none" or says what differs. */
  public record Outcome(String table, long storeRows, long liveRows, long differing, String drift) {}

  private final Store store;
  private final StripeReads reads;

  public Verifier(Store store, StripeReads reads) {
    this.store = store;
    this.reads = reads;
  }

  /** Reads the table live, then (in a transaction, so no poll writes meanwhile) the store's rows, and compares. */
  public Outcome verify(Tracked t, Set<String> touched) {
    int id = t.store().idIndex();
    Map<String, Long> live = new HashMap<>();
    List<Long> liveNoId = new ArrayList<>();
    Iterator<Object[]> rows = reads.scan(t.table(), null);
    while (rows.hasNext()) {
      Object[] r = rows.next();
      if (id >= 0) {
        live.put((String) r[id], RowDigest.of(r));
      } else {
        liveNoId.add(RowDigest.of(r));
      }
    }
    Map<String, Long> stored = new HashMap<>();
    List<Long> storedNoId = new ArrayList<>();
    store.write(c -> {
      t.store().readAll(c, t.name(), r -> {
        if (id >= 0) {
          stored.put((String) r[id], RowDigest.of(r));
        } else {
          storedNoId.add(RowDigest.of(r));
        }
      });
      return null;
    });
    if (id < 0) {
      long a = liveNoId.stream().mapToLong(Long::longValue).sum();
      long b = storedNoId.stream().mapToLong(Long::longValue).sum();
      boolean same = a == b && liveNoId.size() == storedNoId.size();
      return new Outcome(t.name(), storedNoId.size(), liveNoId.size(), same ? 0 : -1,
          same ? "none" : "rows or checksum differ (store " + storedNoId.size() + ", live " + liveNoId.size() + ")");
    }
    live.keySet().removeAll(touched);
    stored.keySet().removeAll(touched);
    long differing = 0;
    for (Map.Entry<String, Long> e : live.entrySet()) {
      if (!e.getValue().equals(stored.get(e.getKey()))) {
        differing++;
      }
    }
    for (String k : stored.keySet()) {
      if (!live.containsKey(k)) {
        differing++;
      }
    }
    long liveSum = live.values().stream().mapToLong(Long::longValue).sum();
    long storeSum = stored.values().stream().mapToLong(Long::longValue).sum();
    String drift = differing == 0 && liveSum == storeSum ? "none" : differing + " rows differ (store "
        + stored.size() + ", live " + live.size() + " rows compared)";
    return new Outcome(t.name(), stored.size(), live.size(), differing, drift);
  }
}
