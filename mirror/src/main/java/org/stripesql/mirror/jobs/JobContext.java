package org.stripesql.mirror.jobs;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.stripesql.mirror.store.TableRecord;
import org.stripesql.mirror.sync.StripeFailure;
import org.stripesql.mirror.sync.StripeReads;

/**
 * What the jobs of one mirror share: its label (for logs), the tables' states, the parts they work with
 * (made again when the store or the loading key changes), the lock that orders a poll against a load's last
 * catch-up and a verification's result, the ids events touch while a table is verified, and who hears
 * what Stripe showed of the loading key's access.
 */
public final class JobContext {
  /** Hears what the loading key's reads showed Stripe allows. */
  public interface AccessListener {
    /**
     * The key whose reads are {@code by} read {@code table} (null: the events) with success; said of that key,
     * not of whichever loads now (the loading key may change while a load runs).
     */
    void read(StripeReads by, String table);

    /** Stripe refused the key whose reads are {@code by} reading {@code table} (null: the events). */
    void refused(StripeReads by, String table, StripeFailure failure);
  }

  private final String label;
  private final TableStates states;
  private final AccessListener access;
  private final ReentrantLock pollLock = new ReentrantLock();
  private final Map<String, Set<String>> verifying = new ConcurrentHashMap<>();
  private final Runnable changed;
  private volatile MirrorParts parts;

  /** @param changed told when a table's record changes (the mirror publishes its tables' states) */
  public JobContext(String label, TableStates states, AccessListener access, Runnable changed) {
    this.label = label;
    this.states = states;
    this.access = access;
    this.changed = changed;
  }

  /** A table's record changed. */
  void changed() {
    changed.run();
  }

  public String label() {
    return label;
  }

  public TableStates states() {
    return states;
  }

  public AccessListener access() {
    return access;
  }

  ReentrantLock pollLock() {
    return pollLock;
  }

  Map<String, Set<String>> verifying() {
    return verifying;
  }

  public MirrorParts parts() {
    return parts;
  }

  public void parts(MirrorParts p) {
    this.parts = p;
  }

  /** Writes a table's record (as the leader) and keeps it. */
  void save(TableRecord r) {
    MirrorParts p = parts;
    p.store().write(c -> {
      p.meta().put(c, r);
      return null;
    });
    states.put(r);
    changed();
  }
}
