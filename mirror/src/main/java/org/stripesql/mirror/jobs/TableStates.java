package org.stripesql.mirror.jobs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.stripesql.adapter.mirror.MirrorRouting;
import org.stripesql.adapter.mirror.MirrorState;
import org.stripesql.mirror.store.TableRecord;
import org.stripesql.mirror.sync.Tracked;

/**
 * What one mirror knows of its tables: the records the store keeps (state, progress, last poll), the tables
 * it tracks, and what goes wrong now (the store unreachable, the last poll failed, tables the loading key
 * may not read). From these each table's state as users see it follows ({@link #view}): a live table the
 * mirror no longer keeps fresh is {@link MirrorState#STALE}, with the reason.
 */
public final class TableStates {
  /** A table's state as users see it now, why, how old its copy is (NaN: never complete) and its bound. */
  public record View(MirrorState state, String reason, double ageSeconds, double boundSeconds) {}

  private final Pace pace;
  private final Map<String, TableRecord> records = new ConcurrentHashMap<>();
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final Map<String, String> loaderDenied = new ConcurrentHashMap<>();
  private volatile String storeProblem;
  private volatile String feedProblem;
  private volatile String startProblem;
  private volatile boolean leading;
  private volatile boolean storeOpen;
  private volatile boolean shared;

  public TableStates(Pace pace) {
    this.pace = pace;
  }

  public Pace pace() {
    return pace;
  }

  public TableRecord record(String table) {
    return records.get(table);
  }

  public void put(TableRecord r) {
    records.put(r.table(), r);
  }

  /** Replaces what is known of these tables by what the store holds (a follower reads the leader's records). */
  public void putAll(Map<String, TableRecord> stored) {
    records.putAll(stored);
  }

  /** Forgets every record (a store made again from nothing). */
  public void clear() {
    records.clear();
    tracked.clear();
    loaderDenied.clear();
  }

  public Tracked tracked(String table) {
    return tracked.get(table);
  }

  public void track(Tracked t) {
    tracked.put(t.name(), t);
  }

  public Collection<Tracked> allTracked() {
    return tracked.values();
  }

  /** The store cannot be used now: why (null when it can). */
  public void storeProblem(String problem) {
    this.storeProblem = problem;
  }

  public String storeProblem() {
    return storeProblem;
  }

  /** The leader's last poll failed, or no key of this gateway may load the mirror: why (null: polls succeed). */
  public void feedProblem(String problem) {
    this.feedProblem = problem;
  }

  public String feedProblem() {
    return feedProblem;
  }

  /** The mirror could not start (its account unknown): why. */
  public void startProblem(String problem) {
    this.startProblem = problem;
  }

  public void leading(boolean now) {
    this.leading = now;
  }

  public boolean leading() {
    return leading;
  }

  /** Whether the store is open, and whether other gateways may share it (PostgreSQL). */
  public void storeOpen(boolean open, boolean sharedStore) {
    this.storeOpen = open;
    this.shared = sharedStore;
  }

  /** The key that loads the mirror may not read {@code table}: Stripe's reason; null: it may (again). */
  public void loaderDenied(String table, String reason) {
    if (reason == null) {
      loaderDenied.remove(table);
    } else {
      loaderDenied.put(table, reason);
    }
  }

  public String loaderDenied(String table) {
    return loaderDenied.get(table);
  }

  public void clearLoaderDenied() {
    loaderDenied.clear();
  }

  /** The age a table's copy is kept within while the mirror works. */
  public double boundSeconds(String table) {
    Tracked t = tracked.get(table);
    return pace.boundSeconds(t == null || t.eventDriven());
  }

  /** Seconds since the mirror last knew the table complete (its last poll, load or rescan); NaN: never. */
  public double ageSeconds(String table, long now) {
    TableRecord r = records.get(table);
    return r == null || r.completeAt() == 0 ? Double.NaN : Math.max(0, now - r.completeAt()) / 1000.0;
  }

  /** The table's state as users see it at {@code now} (wall time, ms). */
  public View view(String table, long now) {
    TableRecord r = records.get(table);
    double bound = boundSeconds(table);
    if (r == null) {
      if (startProblem != null) {
        return new View(MirrorState.FAILED, startProblem, Double.NaN, bound);
      }
      if (storeOpen && shared && !leading && storeProblem == null) {
        return new View(MirrorState.WAITING, "another gateway loads this mirror", Double.NaN, bound);
      }
      return new View(MirrorState.STARTING, storeProblem, Double.NaN, bound);
    }
    double age = ageSeconds(table, now);
    String denied = leading ? loaderDenied.get(table) : null;
    if (r.state() != MirrorState.LIVE) {
      return denied != null && r.state() != MirrorState.FAILED
          ? new View(MirrorState.FAILED, "the key that loads the mirror may not read it: " + denied, age, bound)
          : new View(r.state(), r.reason(), age, bound);
    }
    List<String> why = new ArrayList<>();
    if (storeProblem != null) {
      why.add(storeProblem);
    }
    if (denied != null) {
      why.add("the key that loads the mirror cannot keep it fresh: " + denied);
    }
    if (feedProblem != null) {
      why.add(leading ? "the last poll failed: " + feedProblem : feedProblem);
    }
    if (!(age <= bound)) {
      Tracked t = tracked.get(table);
      why.add((t == null || t.eventDriven() ? "no poll has completed for " : "its last rescan completed ")
          + MirrorRouting.seconds(age) + (t == null || t.eventDriven() ? "" : " ago")
          + (leading || feedProblem != null ? "" : " (another gateway leads)"));
    }
    return why.isEmpty() ? new View(MirrorState.LIVE, null, age, bound)
        : new View(MirrorState.STALE, String.join("; ", why), age, bound);
  }
}
