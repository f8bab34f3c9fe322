package org.stripesql.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.mirror.sync.AccessProbe;
import org.stripesql.mirror.sync.StripeFailure;
import org.stripesql.mirror.sync.StripeReads;

/**
 * One key (or OAuth token, with its AccountId) in the process, as the mirror sees it: its Stripe reads,
 * what Stripe has shown it may read ({@link Access}, probed on a thread of its own every
 * MirrorAccessCheckSeconds: one row of each table, and the events), and the account's mirror it joins once
 * its account is known ({@code GET /v1/account}, or AccountId). A key that may not read its account (a
 * restricted key without that permission) gets a mirror of its own, named by a digest of the key; a key
 * Stripe refuses joins none, and its queries go to Stripe, which refuses them.
 */
final class MirrorCredential implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MirrorCredential.class);
  private static final long FIRST_RETRY_MILLIS = 500;
  private static final long PROBE_TICK_MILLIS = 250;

  private final String key;
  private final String label;
  private final MirrorSettings settings;
  private final Catalog catalog;
  private final StripeReads reads;
  private final Access access = new Access();
  private final AccessProbe probe;
  private final Set<String> wanted = new CopyOnWriteArraySet<>();
  private final Function<String, AccountMirror> accounts;
  private final ScheduledExecutorService thread;
  private volatile AccountMirror mirror;
  private volatile String problem;
  private long retryMillis = FIRST_RETRY_MILLIS;

  /** @param accounts the account's mirror for an account directory (made when missing) */
  MirrorCredential(String key, MirrorSettings settings, Catalog catalog, StripeReads reads,
      Function<String, AccountMirror> accounts) {
    this.key = key;
    this.label = MirrorSettings.label(key);
    this.settings = settings;
    this.catalog = catalog;
    this.reads = reads;
    this.probe = new AccessProbe(reads);
    this.accounts = accounts;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stripesql-mirror-key-" + label);
      t.setDaemon(true);
      return t;
    });
  }

  String key() {
    return key;
  }

  String label() {
    return label;
  }

  StripeReads reads() {
    return reads;
  }

  Access access() {
    return access;
  }

  /** The account's mirror, once known. */
  AccountMirror mirror() {
    return mirror;
  }

  /** Why it has no mirror yet (its account unknown, the key refused); null when it has one or is starting. */
  String problem() {
    return problem;
  }

  Catalog catalog() {
    return catalog;
  }

  void start() {
    thread.execute(this::resolve);
    thread.scheduleWithFixedDelay(this::probeDue, 0, PROBE_TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Tables a schema of this key mirrors. */
  void want(List<String> tables) {
    wanted.addAll(tables);
    AccountMirror m = mirror;
    if (m != null) {
      m.addTables(tables);
    }
  }

  /** Finds the key's account and joins its mirror; tried again with backoff while Stripe cannot tell. */
  private void resolve() {
    String account;
    try {
      account = settings.accountId() != null ? settings.accountId() : accountId();
    } catch (RuntimeException e) {
      StripeFailure f = StripeFailure.of(e);
      if (f != null && f.notPermitted()) {
        account = "key-" + MirrorSettings.digest(key).substring(0, 16);   // a mirror of its own
        LOG.info("mirror: a key that may not read its account (GET /v1/account: {}) gets a mirror of its own",
            f.message());
      } else {
        problem = f != null ? f.reason() : String.valueOf(e.getMessage());
        if (f != null && f.keyRefused()) {
          access.refuseAll(wanted, f.reason());
        }
        long wait = f != null && f.keyRefused() ? settings.accessCheck().toMillis() : retryMillis;
        retryMillis = Math.min(retryMillis * 2, Math.max(FIRST_RETRY_MILLIS, settings.pace().refresh().toMillis()));
        LOG.warn("mirror: cannot tell which account a key reads: {}; trying again in {} ms", problem, wait);
        thread.schedule(this::resolve, wait, TimeUnit.MILLISECONDS);
        return;
      }
    }
    problem = null;
    AccountMirror m = accounts.apply(settings.accountDirectory(account));
    m.attach(this);
    m.addTables(List.copyOf(wanted));
    mirror = m;
  }

  /** The account id Stripe's {@code GET /v1/account} gives. */
  private String accountId() {
    JsonNode a = reads.get("/v1/account", Map.of());
    String id = a.path("id").asText(null);
    if (id == null) {
      throw new IllegalStateException("Stripe's /v1/account answered no id");
    }
    return id;
  }

  /** Asks Stripe about what is due: the events first (a 401 there answers for every table), then each table. */
  private void probeDue() {
    try {
      long every = settings.accessCheck().toMillis();
      long now = System.currentTimeMillis();
      AccountMirror m = mirror;
      List<String> tables = new ArrayList<>(m == null ? wanted : m.tables());
      if (access.due(null, now, every)) {
        AccessProbe.Verdict v = probe.events();
        access.record(null, v);
        if (v.keyRefused()) {
          access.refuseAll(tables, v.reason());
          return;
        }
      }
      for (String t : tables) {
        if (access.due(t, System.currentTimeMillis(), every)) {
          ApiTable table = catalog.table(t).orElse(null);
          if (table != null) {
            access.record(t, probe.table(table));
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("mirror: checking a key's access failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    reads.stop();
    thread.shutdownNow();
  }
}
