package org.stripesql.mirror;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.client.RequestGuard;
import org.stripesql.adapter.connect.ConnectedAccount;
import org.stripesql.adapter.connect.ConnectedAccountSet;
import org.stripesql.adapter.mirror.MirrorFreshness;
import org.stripesql.adapter.mirror.MirrorState;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.mirror.jobs.Pace;
import org.stripesql.mirror.read.AccountsUnion;
import org.stripesql.mirror.read.StoreTable;
import org.stripesql.mirror.store.Store;
import org.stripesql.mirror.sync.AccessProbe;
import org.stripesql.mirror.sync.StripeFailure;
import org.stripesql.mirror.sync.StripeReads;

/**
 * The mirror of a Connect platform's connected accounts (ConnectedAccounts with Mirror): one
 * {@link AccountMirror} per connected account, each in a schema of its own of the platform's one store, read
 * together as one {@link AccountsUnion}. A sync thread lists the accounts every refresh: one that connects
 * gets its mirror, one that leaves loses it and its copy. docs/connect.md, The mirror.
 */
final class PlatformMirror implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformMirror.class);
  /** The share of the platform's RateLimit the accounts' events polls may take together. */
  private static final double POLL_SHARE = 0.25;

  private final MirrorSettings settings;
  private final String key;
  private final String label;
  private final String directory;
  private final Catalog catalog;
  private final ConnectedAccountSet accounts;
  private final double rateLimit;
  private final Set<String> names = new CopyOnWriteArraySet<>();
  private final Map<String, AccountCopy> members = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sync;
  private volatile List<String> order = List.of();
  private volatile long listedAt;
  private volatile String listProblem;
  private Store base;
  private volatile JdbcConvention convention;

  /**
   * @param key      what identifies the platform's mirror (credential, account set, store)
   * @param accounts the schema's connected accounts, each with the client that reads it
   */
  PlatformMirror(MirrorSettings settings, String key, Catalog catalog, ConnectedAccountSet accounts,
      double rateLimit) {
    this.settings = settings;
    this.key = key;
    this.label = MirrorSettings.label(key);
    this.directory = settings.accountDirectory("connect-" + MirrorSettings.digest(key).substring(0, 12));
    this.catalog = catalog;
    this.accounts = accounts;
    this.rateLimit = rateLimit;
    this.sync = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stripesql-mirror-platform-" + label);
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    sync.scheduleWithFixedDelay(this::tick, 0, Math.max(1, settings.pace().refresh().toMillis()),
        TimeUnit.MILLISECONDS);
  }

  String label() {
    return label;
  }

  Catalog catalog() {
    return catalog;
  }

  /** More tables (a later schema of the platform asks for them): every account's mirror gets them. */
  void want(List<String> tables) {
    names.addAll(tables);
    members.values().forEach(m -> m.credential().want(tables));
  }

  List<String> tables() {
    return List.copyOf(names);
  }

  /** The accounts' mirrors, in the order the platform lists the accounts. */
  List<AccountCopy> copies() {
    List<AccountCopy> out = new ArrayList<>();
    for (String id : order) {
      AccountCopy m = members.get(id);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  /** Where the store is (no password), or null before it is open. */
  synchronized String storeDescription() {
    return base == null ? null : base.toString();
  }

  // ---- the sync thread

  private void tick() {
    List<ConnectedAccount> listed;
    try {
      listed = accounts.accounts(RequestGuard.NONE);
    } catch (RuntimeException e) {
      StripeFailure f = StripeFailure.of(e);
      String problem = "cannot list the platform's connected accounts: " + (f != null ? f.reason() : e.getMessage());
      if (!problem.equals(listProblem)) {
        LOG.warn("mirror {}: {}; trying again every refresh", label, problem);   // once, not every refresh
      }
      listProblem = problem;
      return;
    }
    try {
      Set<String> ids = new HashSet<>();
      for (ConnectedAccount a : listed) {
        ids.add(a.id());
        if (!members.containsKey(a.id())) {
          members.put(a.id(), join(a, listed.size()));
        }
      }
      List<String> now = listed.stream().map(ConnectedAccount::id).toList();
      order = now;
      for (String id : List.copyOf(members.keySet())) {
        if (!ids.contains(id)) {
          leave(members.remove(id));
        }
      }
      listedAt = System.currentTimeMillis();
      if (listProblem != null) {
        LOG.info("mirror {}: the platform's connected accounts are listed again", label);
      }
      listProblem = null;
    } catch (RuntimeException e) {
      listProblem = "cannot keep the connected accounts' mirrors: " + e.getMessage();
      LOG.warn("mirror {}: {}", label, listProblem, e);
    }
  }

  /** A mirror for an account that is listed now, in a schema of its own of the platform's store. */
  private AccountCopy join(ConnectedAccount a, int accountCount) {
    String schema = schemaOf(a.id());
    MirrorSettings own = new MirrorSettings(settings.apiBase(), a.id(), settings.testMode(), settings.store(),
        pollPace(accountCount), settings.accessCheck());
    AccountMirror mirror = new AccountMirror(own, key + "|" + a.id(), () -> base().inSchema(schema), catalog);
    MirrorCredential credential = new MirrorCredential(own.credentialKey(a.client().accountKey()) + "|" + key, own,
        catalog, new StripeReads(catalog, a.client()), dir -> mirror);
    mirror.start();
    credential.start();
    credential.want(tables());
    LOG.info("mirror {}: connected account {} is mirrored in schema {}", label, a.id(), schema);
    return new AccountCopy(a.id(), schema, credential, mirror);
  }

  /**
   * Each account polls its own events: with many accounts, less often than MirrorRefreshSeconds, so that
   * the polls together take at most a quarter of the platform's RateLimit and leave the rest to loads and
   * statements.
   */
  private Pace pollPace(int accountCount) {
    Pace p = settings.pace();
    double seconds = rateLimit > 0 ? accountCount / (rateLimit * POLL_SHARE) : 0;
    Duration least = Duration.ofMillis((long) Math.ceil(seconds * 1000));
    return least.compareTo(p.refresh()) > 0 ? new Pace(least, p.rescan(), p.verify()) : p;
  }

  /** An account that is no longer listed: its mirror stops and its copy is dropped. */
  private void leave(AccountCopy m) {
    boolean led = m.mirror().leading();
    m.credential().close();
    m.mirror().close();
    LOG.info("mirror {}: connected account {} is no longer listed; its copy is dropped", label, m.account());
    if (!led) {
      return;   // another gateway leads its copy (a shared PostgreSQL store): that one drops it
    }
    try {
      base().writeShared(c -> {
        try (var st = c.createStatement()) {
          st.execute("DROP SCHEMA IF EXISTS " + Store.quote(m.schema()) + " CASCADE");
        }
        return null;
      });
    } catch (RuntimeException e) {
      LOG.warn("mirror {}: cannot drop the copy of connected account {}: {}", label, m.account(), e.getMessage());
    }
  }

  /**
   * The store's schema of an account: its id in lower case (both stores fold unquoted names, and ids
   * differ in case) with a digest of the id, after the platform's (a PostgreSQL database may hold several).
   */
  private String schemaOf(String account) {
    String id = account.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String d = MirrorSettings.digest(account).substring(0, 6);
    return settings.postgres() ? "stripe_mirror_c" + MirrorSettings.digest(key).substring(0, 10) + "_" + id + "_" + d
        : id + "_" + d;
  }

  /** The platform's store, opened (again, after its DuckDB file broke), with the convention of its reads. */
  private synchronized Store base() {
    if (base != null && base.broken() == null) {
      return base;
    }
    if (base != null) {
      base.close();
    }
    Duration cap = settings.pace().refresh();
    base = settings.postgres() ? Store.postgres(settings.store(), settings.postgresSchema(directory), cap)
        : Store.duckDb(Path.of(settings.store()).resolve(directory), cap);
    convention = StoreSchemas.convention(label, base);
    members.values().forEach(AccountCopy::forgetTables);
    return base;
  }

  // ---- what statements may read

  /**
   * What a statement planned now may read for the platform's table {@code name}: every listed account's copy,
   * as one union, when each account's credential may read the table and each copy is complete; the age is the
   * oldest copy's, or the account list's when that is older (an account that connected since is not in it).
   */
  MirrorFreshness freshness(String name) {
    long listed = listedAt;
    if (listed == 0) {
      return MirrorFreshness.unavailable(listProblem == null ? MirrorState.STARTING : MirrorState.FAILED,
          listProblem == null ? "listing the platform's connected accounts" : listProblem);
    }
    ApiTable definition = catalog.table(name).orElseThrow();
    double age = (System.currentTimeMillis() - listed) / 1000.0;
    double bound = 2 * settings.pace().refresh().toMillis() / 1000.0;
    MirrorState state = listProblem == null ? MirrorState.LIVE : MirrorState.STALE;
    String reason = listProblem;
    List<AccountsUnion.Copy> parts = new ArrayList<>();
    for (AccountCopy m : copies()) {
      AccountMirror am = m.credential().mirror();
      if (am == null) {
        String p = m.credential().problem();
        return MirrorFreshness.unavailable(p == null ? MirrorState.STARTING : MirrorState.FAILED,
            "connected account " + m.account() + ": " + (p == null ? "its mirror is starting" : p));
      }
      AccessProbe.Verdict events = m.credential().access().events();
      if (events != null && events.denied()) {
        // Stripe refuses the account's events with its Stripe-Account: the platform lost the account
        return MirrorFreshness.notPermitted(am.view(name).state(), "connected account " + m.account() + ": "
            + events.reason());
      }
      MirrorFreshness f = am.freshness(name, m.credential());
      if (!f.permitted()) {
        return MirrorFreshness.notPermitted(f.state(), "connected account " + m.account() + ": " + f.reason());
      }
      if (f.store() == null) {
        return MirrorFreshness.unavailable(f.state(), "connected account " + m.account() + ": " + f.reason());
      }
      StoreTable t = m.table(definition, this);
      if (t == null) {
        return MirrorFreshness.unavailable(f.state(), "connected account " + m.account() + ": the store has no"
            + " table " + name + " yet");
      }
      age = Math.max(age, f.ageSeconds());
      bound = Math.max(bound, f.boundSeconds());
      if (f.state() != MirrorState.LIVE && state == MirrorState.LIVE) {
        state = f.state();
        reason = f.reason() == null ? null : "connected account " + m.account() + ": " + f.reason();
      }
      parts.add(new AccountsUnion.Copy(m.account(), t));
    }
    List<String> columns = definition.columns().stream().map(ApiColumn::name).toList();
    return new MirrorFreshness(new AccountsUnion(parts, columns), true, state, age, bound, reason);
  }

  /** A JDBC schema over an account's schema, in the store's one convention. */
  synchronized JdbcSchema schemaFor(String schema) {
    Store b = base();
    return StoreSchemas.schemaIn(b, convention, schema);
  }

  @Override
  public void close() {
    sync.shutdownNow();
    try {
      sync.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (AccountCopy m : members.values()) {
      m.credential().close();
      m.mirror().close();
    }
    members.clear();
    StoreSchemas.unregister(label);
    synchronized (this) {
      if (base != null) {
        base.close();
        base = null;
      }
    }
  }
}
