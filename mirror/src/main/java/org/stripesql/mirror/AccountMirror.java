package org.stripesql.mirror;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.schema.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.mirror.MirrorFreshness;
import org.stripesql.adapter.mirror.MirrorState;
import org.stripesql.adapter.mirror.MirrorStatus;
import org.stripesql.adapter.mirror.MirrorStatusListeners;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.EventCoverage;
import org.stripesql.catalog.EventTypes;
import org.stripesql.mirror.jobs.JobContext;
import org.stripesql.mirror.jobs.JobScheduler;
import org.stripesql.mirror.jobs.MirrorParts;
import org.stripesql.mirror.jobs.StreamJob;
import org.stripesql.mirror.jobs.TableStates;
import org.stripesql.mirror.store.MetaTables;
import org.stripesql.mirror.store.NotLeaderException;
import org.stripesql.mirror.store.Store;
import org.stripesql.mirror.store.StoreException;
import org.stripesql.mirror.store.StoreKind;
import org.stripesql.mirror.store.StoreUnavailableException;
import org.stripesql.mirror.store.TableRecord;
import org.stripesql.mirror.store.TableStore;
import org.stripesql.mirror.sync.StripeFailure;
import org.stripesql.mirror.sync.Tracked;
import org.stripesql.mirror.sync.Verifier;

/**
 * The coordinator of one account's mirror in this process, shared by every key of the account. A sync thread,
 * every refresh interval: opens the store (anew after it failed), lets {@link Leadership} choose the key that
 * loads, and as the leader polls the events ({@link StreamJob}) and starts the due loads, rescans and
 * verifications ({@link JobScheduler}); as a follower it reads the leader's records. {@link TableStates} says
 * what each table's state is, {@link #freshness} what a key may read. docs/mirror.md tells the whole story.
 */
final class AccountMirror implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccountMirror.class);

  private final MirrorSettings settings;
  private final Supplier<Store> opener;
  private final String label;
  private final Catalog catalog;
  private final EventTypes events = EventTypes.bundled();
  /** In the order the schemas named them: loads start in this order. */
  private final Set<String> names = new CopyOnWriteArraySet<>();
  private final List<MirrorCredential> keys = new CopyOnWriteArrayList<>();
  private final TableStates states;
  private final JobContext cx;
  private final StreamJob stream;
  private final JobScheduler scheduler;
  private final Leadership leadership;
  private final ScheduledExecutorService sync;
  private final ExecutorService work;
  private final Map<String, Table> storeTables = new ConcurrentHashMap<>();
  private volatile Store store;
  private volatile JdbcSchema jdbc;
  private volatile boolean tookOver;
  private volatile String rebuildReason;

  /** The mirror of the account whose own directory (DuckDB) or schema (PostgreSQL) is {@code directory}. */
  AccountMirror(MirrorSettings settings, String directory, Catalog catalog) {
    this(settings, settings.accountKey(directory), () -> settings.postgres()
        ? Store.postgres(settings.store(), settings.postgresSchema(directory), settings.pace().refresh())
        : Store.duckDb(Path.of(settings.store()).resolve(directory), settings.pace().refresh()), catalog);
  }

  /**
   * @param key    what identifies the mirror in the process (its label is a digest of it)
   * @param opener opens the mirror's store (again, after it broke)
   */
  AccountMirror(MirrorSettings settings, String key, Supplier<Store> opener, Catalog catalog) {
    this.settings = settings;
    this.opener = opener;
    this.label = MirrorSettings.label(key);
    this.catalog = catalog;
    this.states = new TableStates(settings.pace());
    this.leadership = new Leadership(label, keys, states, UUID.randomUUID().toString());
    this.cx = new JobContext(label, states, leadership, this::publish);
    this.stream = new StreamJob(cx);
    this.sync = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "stripesql-mirror-sync-" + label));
    // as many threads as the scheduler starts jobs: the account's rate budget sets how many run at once
    this.work = Executors.newCachedThreadPool(r -> daemon(r, "stripesql-mirror-load-" + label));
    this.scheduler = new JobScheduler(cx, work, this::tables, this::slots, states::leading, t -> {
      MirrorCredential l = leadership.loader();
      return l != null && l.access().mayRead(t);
    });
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  void start() {
    sync.scheduleWithFixedDelay(this::tick, 0, Math.max(1, settings.pace().refresh().toMillis()), TimeUnit.MILLISECONDS);
  }

  String label() {
    return label;
  }

  /** A key of this account joins the mirror (in the order keys join: the first of equals loads). */
  void attach(MirrorCredential key) {
    if (!keys.contains(key)) {
      keys.add(key);
    }
  }

  /** More tables (a later schema of the account asks for them). */
  void addTables(List<String> more) {
    for (String n : more) {
      if (names.add(n) && store != null) {
        sync.execute(() -> {
          try {
            track(n, store.read(cx.parts().meta()::tables).get(n), states.leading() && tookOver);
          } catch (RuntimeException e) {
            LOG.warn("mirror {}: cannot track {} yet: {}", label, n, e.getMessage());
          }
        });
      }
    }
  }

  List<String> tables() {
    return List.copyOf(names);
  }

  private int slots() {
    MirrorCredential loader = leadership.loader();
    return loader == null ? 1 : loader.reads().tablesAtOnce();
  }

  /**
   * What a statement of {@code key} planned now may read for {@code name}: the store's table while the key
   * may read the table and the store holds a complete copy, with how old it is; else why not.
   */
  MirrorFreshness freshness(String name, MirrorCredential key) {
    TableStates.View v = states.view(name, System.currentTimeMillis());
    String denied = key.access().whyNot(name);
    if (denied != null) {
      return MirrorFreshness.notPermitted(v.state(), denied);
    }
    if (!v.state().complete() || states.storeProblem() != null) {
      return MirrorFreshness.unavailable(v.state(), v.reason() != null ? v.reason() : states.storeProblem());
    }
    Table t = storeTable(name).orElse(null);
    if (t == null) {
      return MirrorFreshness.unavailable(v.state(), "the store has no table " + name + " yet");
    }
    return new MirrorFreshness(t, true, v.state(), v.ageSeconds(), v.boundSeconds(), v.reason());
  }

  /** The table's state as users see it now. */
  TableStates.View view(String name) {
    return states.view(name, System.currentTimeMillis());
  }

  TableRecord record(String name) {
    return states.record(name);
  }

  /** Where the store is (no password), or null before it is open. */
  String storeDescription() {
    Store s = store;
    return s == null ? null : s.toString();
  }

  boolean leading() {
    return states.leading();
  }

  private Optional<Table> storeTable(String name) {
    JdbcSchema s = jdbc;
    Store st = store;
    if (s == null || st == null) {
      return Optional.empty();
    }
    Table t = storeTables.get(name);
    if (t == null) {
      ApiTable definition = catalog.table(name).orElseThrow();
      t = StoreSchemas.table(s, definition).orElse(null);   // names only: it stays valid when a load swaps the table in
      if (t == null) {
        // a follower's JDBC schema may have read the store before the leader made the table
        jdbc = StoreSchemas.register(label, st);
        t = StoreSchemas.table(jdbc, definition).orElse(null);
      }
      if (t != null) {
        storeTables.put(name, t);
      }
    }
    return Optional.ofNullable(t);
  }

  /** Verifies one table now, in the caller's thread; as the leader, drift starts a reload. */
  Verifier.Outcome verifyNow(String name) {
    Tracked t = states.tracked(name);
    if (t == null || cx.parts() == null) {
      throw new IllegalArgumentException("table " + name + " is not mirrored here (mirrored: " + names + ")");
    }
    TableStates.View v = view(name);
    if (!v.state().complete()) {
      throw new IllegalStateException("table " + name + " is " + v.state().label() + ": verify it once it is live");
    }
    return scheduler.verifyJob().verify(t);
  }

  // ---- the sync thread

  private void tick() {
    try {
      Store s = ensureStore();
      states.storeProblem(null);
      MirrorCredential best = leadership.choose(tables());
      if (best != leadership.loader()) {
        leadership.loader(best);
        if (best != null) {
          cx.parts(cx.parts().withReads(best.reads(), events));
          scheduler.retryFailedNow();
          tookOver = false;   // the new key takes over as a new leader would
        }
      }
      boolean lead = leadership.lead(s, cx.parts().meta(), tables());
      if (lead && !tookOver) {
        takeOver(s);
      }
      states.leading(lead && tookOver);
      if (states.leading()) {
        stream.poll(tables());
        scheduler.schedule();
      } else {
        tookOver = false;
        follow(s);
      }
    } catch (StoreUnavailableException e) {
      states.storeProblem("the store is unreachable: " + e.getMessage());
      stepDown();
    } catch (NotLeaderException e) {
      stepDown();
    } catch (RuntimeException e) {
      if (StripeFailure.of(e) == null) {
        LOG.warn("mirror {}: {}", label, e.getMessage(), LOG.isDebugEnabled() ? e : null);
      } else {
        LOG.warn("mirror {}: polling Stripe's events failed: {}", label, states.feedProblem());
      }
    } finally {
      publish();
    }
  }

  private void stepDown() {
    Store s = store;
    tookOver = false;
    states.leading(s != null && s.kind() == StoreKind.DUCKDB && states.leading());
  }

  /** The store, opened (again): after a DuckDB file was deleted or found broken, a new one. */
  private Store ensureStore() {
    Store s = store;
    if (s != null) {
      String broken = s.broken();
      if (broken == null) {
        return s;
      }
      LOG.warn("mirror {}: {}; making a new store and loading the mirror again from Stripe", label, broken);
      rebuildReason = broken + "; the mirror is loaded again from Stripe";
      closeStore();
    }
    s = opener.get();
    try {
      MetaTables m = new MetaTables(s);
      createBookkeeping(s, m);
      Map<String, TableRecord> stored = s.read(m::tables);
      if (s.setAside() != null) {
        rebuildReason = s.setAside();
      }
      states.clear();
      MirrorCredential loader = leadership.loader() != null ? leadership.loader() : keys.get(0);
      cx.parts(MirrorParts.of(s, m, loader.reads(), events));
      for (String n : names) {
        track(n, stored.get(n), false);
      }
      storeTables.clear();
      jdbc = StoreSchemas.register(label, s);
      store = s;
      tookOver = false;
      states.storeOpen(true, s.kind() == StoreKind.POSTGRESQL);
      LOG.info("mirror {}: {} tables in {}", label, names.size(), s);
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void closeStore() {
    Store s = store;
    store = null;
    jdbc = null;
    storeTables.clear();
    states.storeOpen(false, false);
    tookOver = false;
    if (s != null) {
      s.close();
    }
  }

  /** Creates the bookkeeping tables; two gateways starting at once on PostgreSQL may collide once. */
  private static void createBookkeeping(Store s, MetaTables m) {
    for (int attempt = 1; ; attempt++) {
      try {
        s.writeShared(c -> {
          m.create(c);
          return null;
        });
        return;
      } catch (StoreUnavailableException e) {
        throw e;
      } catch (StoreException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /**
   * The leader's first step, tried again at the next tick until it succeeds: the tables' records as the
   * store has them (a new leader resumes loads from their progress), its tables created, the feed's cursor
   * read again from the store (it catches up from there).
   */
  private void takeOver(Store s) {
    Map<String, TableRecord> stored = s.read(cx.parts().meta()::tables);
    for (String n : names) {
      track(n, stored.get(n), true);
    }
    cx.parts().poller().reset();
    rebuildReason = null;
    tookOver = true;
    LOG.info("mirror {}: this process loads and polls {}", label, s);
  }

  /**
   * Tracks a table. The leader creates its store table (when missing) and record, and rebuilds a table
   * whose record was written with another catalog; a follower only reads what the leader wrote.
   */
  private void track(String name, TableRecord stored, boolean write) {
    MirrorParts p = cx.parts();
    ApiTable t = catalog.table(name).orElseThrow();
    ApiTable parent = t.parent() == null ? null : catalog.table(t.parent().table()).orElse(null);
    TableStore ts = new TableStore(p.store(), t);
    Tracked tr = new Tracked(t, EventCoverage.of(catalog, events, t), ts, parent);
    states.track(tr);
    if (!write) {
      if (stored != null) {
        states.put(stored);
      }
      return;
    }
    TableRecord r = stored;
    boolean rebuild = false;
    if (r == null) {
      r = TableRecord.fresh(name, ts.fingerprint());
      if (rebuildReason != null) {
        r = r.withState(MirrorState.LOADING, rebuildReason);
      }
    } else if (!ts.fingerprint().equals(r.fingerprint())) {
      r = r.startLoad(ts.fingerprint(), MirrorState.RELOADING, "a newer catalog changed its columns", null, 0);
      rebuild = true;
    }
    TableRecord rec = r;
    boolean recreate = rebuild;
    p.store().write(c -> {
      if (recreate) {
        ts.recreate(c, name);
      } else {
        ts.createIfMissing(c);
      }
      p.meta().put(c, rec);
      return null;
    });
    states.put(rec);
  }

  private void follow(Store s) {
    MirrorParts p = cx.parts();
    Map<String, TableRecord> stored = s.read(p.meta()::tables);
    for (String n : names) {
      if (states.tracked(n) == null) {
        track(n, stored.get(n), false);
      } else if (stored.get(n) != null) {
        states.put(stored.get(n));
      }
    }
  }

  /** Tells the status listeners (metrics, tests) every table's state. */
  void publish() {
    long now = System.currentTimeMillis();
    for (String n : names) {
      TableStates.View v = states.view(n, now);
      TableRecord r = states.record(n);
      MirrorStatusListeners.publish(new MirrorStatus(label, n, v.state(), v.reason(), r == null ? 0 : r.rows(),
          Double.isNaN(v.ageSeconds()) ? -1 : v.ageSeconds()));
    }
  }

  @Override
  public void close() {
    sync.shutdownNow();
    work.shutdownNow();
    try {
      sync.awaitTermination(5, TimeUnit.SECONDS);
      work.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    StoreSchemas.unregister(label);
    leadership.leave(store, cx);
    closeStore();
  }
}
