package org.stripesql.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.schema.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.mirror.MirrorStatus;
import org.stripesql.adapter.mirror.MirrorStatusListeners;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.EventCoverage;
import org.stripesql.catalog.EventTypes;
import org.stripesql.mirror.store.LeaderLock;
import org.stripesql.mirror.store.MetaTables;
import org.stripesql.mirror.store.Store;
import org.stripesql.mirror.store.StoreException;
import org.stripesql.mirror.store.TableRecord;
import org.stripesql.mirror.store.TableStore;
import org.stripesql.mirror.sync.FeedExpiredException;
import org.stripesql.mirror.sync.Poller;
import org.stripesql.mirror.sync.StripeReads;
import org.stripesql.mirror.sync.TableLoader;
import org.stripesql.mirror.sync.Tracked;
import org.stripesql.mirror.sync.Verifier;

/**
 * The mirror of one account, shared by every schema of the process that reads it. A sync thread opens
 * the store, then every refresh interval: as the leader (always, for DuckDB; the holder of the advisory
 * lock, for PostgreSQL) polls the events and schedules loads, rescans and verifications on a second
 * thread; as a follower reads the tables' states the leader wrote. docs/mirror.md tells the whole story.
 */
final class AccountMirror implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccountMirror.class);
  private static final long FAILED_RETRY_MILLIS = 60_000;

  private final MirrorSettings settings;
  private final Catalog catalog;
  private final EventTypes events = EventTypes.bundled();
  private final StripeReads reads;
  /** In the order the schemas named them: loads start in this order. */
  private final Set<String> names = new CopyOnWriteArraySet<>();
  private final Map<String, TableRecord> records = new ConcurrentHashMap<>();
  private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> verifyFailedAt = new ConcurrentHashMap<>();
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<String>> verifying = new ConcurrentHashMap<>();
  private final ReentrantLock pollLock = new ReentrantLock();
  private final ScheduledExecutorService sync;
  private final ExecutorService work;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final Map<String, Table> storeTables = new ConcurrentHashMap<>();
  private volatile Store store;
  private volatile MetaTables meta;
  private volatile Poller poller;
  private volatile TableLoader loader;
  private volatile Verifier verifier;
  private volatile LeaderLock lock;
  private volatile JdbcSchema jdbc;
  private volatile boolean leading;
  private volatile String startupProblem;
  private volatile boolean closed;

  AccountMirror(MirrorSettings settings, Catalog catalog, StripeReads reads, List<String> tables) {
    this.settings = settings;
    this.catalog = catalog;
    this.reads = reads;
    this.names.addAll(tables);
    this.sync = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "stripesql-mirror-sync-" + settings.label()));
    // as many threads as schedule() starts jobs: the account's rate budget sets how many run at once
    this.work = Executors.newCachedThreadPool(r -> daemon(r, "stripesql-mirror-load-" + settings.label()));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  void start() {
    sync.scheduleWithFixedDelay(this::tick, 0, Math.max(1, settings.refresh().toMillis()), TimeUnit.MILLISECONDS);
  }

  String label() {
    return settings.label();
  }

  /** More tables (a later schema of the same account asks for them). */
  void addTables(List<String> more) {
    for (String n : more) {
      if (names.add(n) && store != null) {
        sync.execute(() -> track(n));
      }
    }
  }

  List<String> tables() {
    return List.copyOf(names);
  }

  /** The store's table for a statement planned now, when the table is live. */
  Optional<Table> storeTable(String name) {
    TableRecord r = records.get(name);
    JdbcSchema s = jdbc;
    if (r == null || s == null || !"live".equals(r.state())) {
      return Optional.empty();
    }
    Table t = storeTables.get(name);
    if (t == null) {
      ApiTable definition = catalog.table(name).orElseThrow();
      t = StoreSchemas.table(s, definition).orElse(null);   // names only: it stays valid when a load swaps the table in
      if (t == null) {
        // a follower's JDBC schema may have read the store before the leader made the table
        jdbc = StoreSchemas.register(settings.label(), store);
        t = StoreSchemas.table(jdbc, definition).orElse(null);
      }
      if (t != null) {
        storeTables.put(name, t);
      }
    }
    return Optional.ofNullable(t);
  }

  /** The rows of mirror_status: one per table. */
  List<Object[]> statusRows() {
    List<Object[]> out = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (String n : names) {
      TableRecord r = records.get(n);
      ApiTable t = catalog.table(n).orElseThrow();
      EventCoverage c = EventCoverage.of(catalog, events, t);
      String state = r == null ? (startupProblem != null ? "failed" : "starting") : r.state();
      String reason = r == null ? startupProblem : r.reason();
      out.add(new Object[] {n, state, reason, c.refresh().name().toLowerCase(), r == null ? 0L : r.rows(),
          r == null ? 0L : r.loadedRows(), r == null ? null : r.lastEvent(),
          r == null || r.lastEventCreated() == 0 ? null : r.lastEventCreated() * 1000L, lag(r, now),
          r == null || r.verifiedAt() == 0 ? null : r.verifiedAt(), r == null ? null : r.drift(),
          store == null ? null : store.toString(), leading, settings.label()});
    }
    return out;
  }

  private static Double lag(TableRecord r, long now) {
    return r == null || r.completeAt() == 0 ? null : Math.max(0, now - r.completeAt()) / 1000.0;
  }

  /** Verifies one table now, in the caller's thread; as the leader, drift starts a reload. */
  Verifier.Outcome verifyNow(String name) {
    Tracked t = tracked.get(name);
    if (t == null) {
      throw new IllegalArgumentException("table " + name + " is not mirrored here (mirrored: " + names + ")");
    }
    if (!"live".equals(records.get(name).state())) {
      throw new IllegalStateException("table " + name + " is " + records.get(name).state()
          + ": verify it once it is live");
    }
    return verify(t);
  }

  // ---- the sync thread

  private void tick() {
    try {
      if (store == null) {
        open();
      }
      boolean was = leading;
      leading = lock.tryLead();
      if (leading && !was) {
        Map<String, TableRecord> stored = store.read(meta::tables);
        for (String n : names) {
          track(n, stored.get(n), true);
        }
        LOG.info("mirror {}: this process loads and polls {}", settings.label(), store);
      }
      if (leading) {
        lead();
      } else {
        follow();
      }
    } catch (RuntimeException e) {
      if (store == null) {
        startupProblem = e.getMessage();
      }
      LOG.warn("mirror {}: {}", settings.label(), e.getMessage(), LOG.isDebugEnabled() ? e : null);
    } finally {
      publish();
    }
  }

  private void open() {
    String account = settings.accountDirectory(reads);
    Store s = settings.postgres() ? Store.postgres(settings.store(), settings.postgresSchema(account))
        : Store.duckDb(Path.of(settings.store()).resolve(account));
    MetaTables m = new MetaTables(s);
    createBookkeeping(s, m);
    this.meta = m;
    this.poller = new Poller(s, m, reads, events);
    this.loader = new TableLoader(s, m, reads);
    this.verifier = new Verifier(s, reads);
    this.lock = LeaderLock.of(s, settings.store());
    this.store = s;
    Map<String, TableRecord> stored = s.read(m::tables);
    for (String n : names) {
      track(n, stored.get(n), false);
    }
    this.jdbc = StoreSchemas.register(settings.label(), s);
    startupProblem = null;
    LOG.info("mirror {}: {} tables in {}", settings.label(), names.size(), s);
  }

  /** Creates the bookkeeping tables; two gateways starting at once on PostgreSQL may collide once. */
  private static void createBookkeeping(Store s, MetaTables m) {
    for (int attempt = 1; ; attempt++) {
      try {
        s.write(c -> {
          m.create(c);
          return null;
        });
        return;
      } catch (StoreException e) {
        if (attempt == 3) {
          throw e;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void track(String name) {
    track(name, store.read(meta::tables).get(name), leading);
  }

  /**
   * Tracks a table. The leader creates its store table (when missing) and record, and rebuilds a table
   * whose record was written with another catalog; a follower only reads what the leader wrote.
   */
  private void track(String name, TableRecord stored, boolean write) {
    ApiTable t = catalog.table(name).orElseThrow();
    ApiTable parent = t.parent() == null ? null : catalog.table(t.parent().table()).orElse(null);
    TableStore ts = new TableStore(store, t);
    Tracked tr = new Tracked(t, EventCoverage.of(catalog, events, t), ts, parent);
    TableRecord r = stored;
    if (r == null) {
      r = TableRecord.fresh(name, ts.fingerprint());
    } else if (!ts.fingerprint().equals(r.fingerprint())) {
      r = r.startLoad(ts.fingerprint(), "reloading", "a newer catalog changed its columns", null, 0);
    }
    TableRecord rec = write || stored == null ? r : stored;
    boolean rebuild = stored != null && !ts.fingerprint().equals(stored.fingerprint());
    tracked.put(name, tr);
    if (!write) {
      records.put(name, stored == null ? rec.withState("waiting", "another gateway loads this mirror") : rec);
      return;
    }
    store.write(c -> {
      if (rebuild) {
        ts.recreate(c, name);
      } else {
        ts.createIfMissing(c);
      }
      meta.put(c, rec);
      return null;
    });
    records.put(name, rec);
  }

  private void lead() {
    poller.position();
    Map<String, Tracked> live = new LinkedHashMap<>();
    for (Tracked t : tracked.values()) {
      TableRecord r = records.get(t.name());
      if (t.eventDriven() && r != null && "live".equals(r.state())) {
        live.put(t.name(), t);
      }
    }
    pollLock.lock();
    try {
      long now = System.currentTimeMillis();
      poller.poll(live, (c, result) -> {
        for (Tracked t : live.values()) {
          Set<String> changed = result.changed().getOrDefault(t.name(), Set.of());
          TableRecord r = records.get(t.name());
          long rows = changed.isEmpty() ? r.rows() : t.store().count(c, t.name());
          TableRecord next = r.polled(rows, changed.isEmpty() ? null : result.newest(), result.newestCreated(), now);
          meta.put(c, next);
          records.put(t.name(), next);
          Set<String> v = verifying.get(t.name());
          if (v != null) {
            v.addAll(changed);
          }
        }
      });
    } catch (FeedExpiredException e) {
      reloadAll("the event cursor is older than Stripe keeps events (30 days): " + e.getMessage());
    } finally {
      pollLock.unlock();
    }
    schedule();
  }

  /**
   * Starts the work that is due (loads, rescans, verifications), in the tables' order, as many tables at
   * once as can use the account's whole rate budget ({@link StripeReads#tablesAtOnce}); the account's
   * budget, shared with live queries, holds their requests to its rate. A finished job starts the next.
   */
  private synchronized void schedule() {
    if (!leading || closed) {
      return;
    }
    long now = System.currentTimeMillis();
    int slots = reads.tablesAtOnce();
    for (String name : names) {
      Tracked t = tracked.get(name);
      TableRecord r = records.get(name);
      if (busy.size() >= slots) {
        return;
      }
      if (t == null || r == null || busy.contains(name)) {
        continue;
      }
      boolean due = switch (r.state()) {
        case "loading", "reloading" -> true;
        case "failed" -> now - failedAt.getOrDefault(name, 0L) > FAILED_RETRY_MILLIS;
        case "live" -> !t.eventDriven() && now - r.completeAt() > settings.rescan().toMillis();
        default -> false;
      };
      if (due) {
        start(name, () -> runLoad(t));
      } else if ("live".equals(r.state()) && settings.verify().toMillis() > 0
          && now - Math.max(r.verifiedAt(), r.loadedAt()) > settings.verify().toMillis()
          && now - verifyFailedAt.getOrDefault(name, 0L) > FAILED_RETRY_MILLIS) {
        start(name, () -> {
          try {
            verify(t);
          } catch (RuntimeException e) {
            verifyFailedAt.put(name, System.currentTimeMillis());
            LOG.warn("mirror {}: verifying {} failed: {}", settings.label(), name, e.getMessage());
          }
        });
      }
    }
  }

  /** Runs one table's job on the work threads; when it ends, the next due job starts. */
  private void start(String name, Runnable job) {
    busy.add(name);
    try {
      work.execute(() -> {
        try {
          job.run();
        } finally {
          busy.remove(name);
          publish();
          scheduleNext();
        }
      });
    } catch (RejectedExecutionException e) {
      busy.remove(name);   // closing
    }
  }

  private void scheduleNext() {
    try {
      schedule();
    } catch (RuntimeException e) {
      LOG.warn("mirror {}: {}", settings.label(), e.getMessage(), LOG.isDebugEnabled() ? e : null);
    }
  }

  private void follow() {
    Map<String, TableRecord> stored = store.read(meta::tables);
    stored.keySet().retainAll(names);
    records.putAll(stored);
  }

  // ---- the work thread

  private void runLoad(Tracked t) {
    try {
      load(t);
    } catch (FeedExpiredException e) {
      save(records.get(t.name()).startLoad(records.get(t.name()).fingerprint(), "reloading",
          "its load took longer than Stripe keeps events; starting over", null, 0));
    } catch (RuntimeException e) {
      if (!leading || closed) {
        return;   // stopped: the store keeps the progress, the next start resumes
      }
      LOG.warn("mirror {}: loading {} failed: {}", settings.label(), t.name(), e.getMessage());
      failedAt.put(t.name(), System.currentTimeMillis());
      TableRecord r = records.get(t.name());
      save(r.withState("failed", String.valueOf(e.getMessage())));
    }
  }

  private void load(Tracked t) {
    TableRecord r = records.get(t.name());
    boolean rescan = "live".equals(r.state());
    if ("failed".equals(r.state())) {
      r = r.withState(r.loadedAt() > 0 ? "reloading" : "loading", null);   // resumes where it failed
    }
    if (r.loadSince() == null && t.eventDriven()) {
      MetaTables.Feed at = poller.position();
      r = r.startLoad(r.fingerprint(), r.state(), r.reason(), at.newest(), at.newestCreated());
    }
    save(r);
    long started = System.currentTimeMillis();
    LOG.info("mirror {}: {} {} ({})", settings.label(), rescan ? "rescanning" : "loading", t.name(),
        t.coverage().refresh().name().toLowerCase());
    long[] lastLog = {started};
    TableRecord loaded = loader.load(t, r, progress -> {
      records.put(t.name(), progress);
      if (System.currentTimeMillis() - lastLog[0] > 5000) {
        lastLog[0] = System.currentTimeMillis();
        LOG.info("mirror {}: {}: {} rows loaded", settings.label(), t.name(), progress.loadedRows());
        publish();
      }
    });
    records.put(t.name(), loaded);
    String since = loaded.loadSince();
    if (t.eventDriven()) {
      since = poller.catchUp(t, since, t.store().shadow());
    }
    pollLock.lock();
    try {
      if (t.eventDriven()) {
        poller.catchUp(t, since, t.store().shadow());
      }
      long now = System.currentTimeMillis();
      TableRecord done = store.write(c -> {
        t.store().swapInShadow(c);
        meta.clearTombstones(c, t.name());
        TableRecord d = records.get(t.name()).loaded(t.store().count(c, t.name()), now);
        meta.put(c, d);
        return d;
      });
      records.put(t.name(), done);
      LOG.info("mirror {}: {} is live: {} rows in {} s", settings.label(), t.name(), done.rows(),
          (now - started) / 1000.0);
    } finally {
      pollLock.unlock();
    }
  }

  private Verifier.Outcome verify(Tracked t) {
    Set<String> touched = ConcurrentHashMap.newKeySet();
    verifying.put(t.name(), touched);
    Verifier.Outcome o;
    try {
      o = verifier.verify(t, touched);
    } finally {
      verifying.remove(t.name());
    }
    pollLock.lock();   // the poller updates the same record
    try {
      TableRecord r = records.get(t.name()).verified(System.currentTimeMillis(), o.drift());
      if (leading && !"none".equals(o.drift())) {
        LOG.warn("mirror {}: {} drifted from Stripe: {}; reloading it", settings.label(), t.name(), o.drift());
        r = r.startLoad(r.fingerprint(), "reloading", "verification found drift: " + o.drift(), null, 0);
      }
      if (leading) {
        save(r);
      } else {
        records.put(t.name(), r);
      }
    } finally {
      pollLock.unlock();
    }
    return o;
  }

  private void reloadAll(String reason) {
    LOG.warn("mirror {}: {}; reloading every table", settings.label(), reason);
    MetaTables.Feed start = poller.restart();
    for (Tracked t : tracked.values()) {
      TableRecord r = records.get(t.name());
      if (r != null && t.eventDriven()) {
        save(r.startLoad(r.fingerprint(), "reloading", reason, start.newest(), start.newestCreated()));
      }
    }
  }

  private void save(TableRecord r) {
    store.write(c -> {
      meta.put(c, r);
      return null;
    });
    records.put(r.table(), r);
  }

  private void publish() {
    long now = System.currentTimeMillis();
    for (String n : names) {
      TableRecord r = records.get(n);
      String state = r == null ? (startupProblem != null ? "failed" : "starting") : r.state();
      Double lag = lag(r, now);
      MirrorStatusListeners.publish(new MirrorStatus(settings.label(), n, state,
          r == null ? startupProblem : r.reason(), r == null ? 0 : r.rows(), lag == null ? -1 : lag));
    }
  }

  @Override
  public void close() {
    closed = true;
    reads.stop();
    sync.shutdownNow();
    work.shutdownNow();
    try {
      sync.awaitTermination(5, TimeUnit.SECONDS);
      work.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    StoreSchemas.unregister(settings.label());
    if (lock != null) {
      lock.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /** The account id (for the store's directory) as Stripe's {@code GET /v1/account} gives it. */
  static String accountId(StripeReads reads) {
    JsonNode a = reads.get("/v1/account", Map.of());
    String id = a.path("id").asText(null);
    if (id == null) {
      throw new IllegalStateException("Stripe's /v1/account answered no id");
    }
    return id;
  }

  /** For tests and the status: the tables the leader is working on now. */
  Set<String> busy() {
    return new LinkedHashSet<>(busy);
  }

  Duration refresh() {
    return settings.refresh();
  }
}
