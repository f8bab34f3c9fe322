package org.stripesql.mirror;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.mirror.jobs.JobContext;
import org.stripesql.mirror.jobs.TableStates;
import org.stripesql.mirror.store.MetaTables;
import org.stripesql.mirror.store.Store;
import org.stripesql.mirror.store.StoreKind;
import org.stripesql.mirror.sync.AccessProbe.Verdict;
import org.stripesql.mirror.sync.StripeFailure;
import org.stripesql.mirror.sync.StripeReads;

/**
 * Who loads a mirror: of the account's keys Stripe has not refused the events, the one shown to read the
 * most of its tables; between gateways sharing PostgreSQL, the lock goes only to one whose key no other
 * gateway's outdoes (announced in the store), and a leader outdone gives it away. Tables the loading key
 * may not read fail or go stale with Stripe's reason. docs/mirror.md, Who may read what.
 */
final class Leadership implements JobContext.AccessListener {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
  /** A gateway's announcement counts this long after it was made, at least. */
  private static final long MIN_FRESH_MILLIS = 10_000;

  private final String label;
  private final List<MirrorCredential> keys;
  private final TableStates states;
  private final String candidate;
  private volatile MirrorCredential loader;
  private volatile List<String> names = List.of();

  Leadership(String label, List<MirrorCredential> keys, TableStates states, String candidate) {
    this.label = label;
    this.keys = keys;
    this.states = states;
    this.candidate = candidate;
  }

  MirrorCredential loader() {
    return loader;
  }

  /** The key that should load {@code tables} now, or null when Stripe refused every key the events. */
  MirrorCredential choose(List<String> tables) {
    names = tables;
    MirrorCredential current = loader;
    MirrorCredential best = null;
    int most = -1;
    for (MirrorCredential k : keys) {
      if (!k.access().mayLead()) {
        continue;
      }
      int n = k.access().readable(tables);
      if (n > most || (n == most && k == current)) {
        best = k;
        most = n;
      }
    }
    return best;
  }

  /** Another key loads from now on. */
  void loader(MirrorCredential next) {
    MirrorCredential before = loader;
    loader = next;
    states.clearLoaderDenied();
    if (next != null && before != null) {
      LOG.info("mirror {}: another key of the account loads the mirror now: it may read {} of its {} tables",
          label, next.access().readable(names), names.size());
    }
  }

  /**
   * Whether this gateway leads now: it has a key that may load, no other gateway's key reads more (a
   * PostgreSQL store), and it holds the store's lock. Marks the tables its key may not read.
   */
  boolean lead(Store s, MetaTables meta, List<String> tables) {
    MirrorCredential l = loader;
    if (l == null) {
      states.feedProblem(noKey());
      if (s.kind() == StoreKind.POSTGRESQL) {
        s.releaseLead();
      }
      return false;
    }
    if (states.feedProblem() != null && states.feedProblem().startsWith(NO_KEY)) {
      states.feedProblem(null);
    }
    if (s.kind() == StoreKind.POSTGRESQL && !strongest(s, meta, l, tables)) {
      return false;
    }
    boolean lead = s.tryLead();
    if (lead) {
      for (String t : tables) {
        Verdict v = l.access().table(t);
        states.loaderDenied(t, v != null && v.denied() ? v.reason() : null);
      }
    }
    return lead;
  }

  private static final String NO_KEY = "no key of this gateway may load the mirror";

  private String noKey() {
    StringBuilder b = new StringBuilder(NO_KEY);
    for (MirrorCredential k : keys) {
      Verdict e = k.access().events();
      if (e != null && e.denied()) {
        b.append(": ").append(e.reason());
        break;
      }
    }
    return b.toString();
  }

  /** Announces this gateway; whether no other announced a key that reads more (else it gives up the lead). */
  private boolean strongest(Store s, MetaTables meta, MirrorCredential l, List<String> tables) {
    boolean checked = tables.stream().allMatch(t -> l.access().table(t) != null);
    if (!checked && !s.leads()) {
      return false;   // not before Stripe has told what its key may read
    }
    int mine = l.access().readable(tables);
    long now = System.currentTimeMillis();
    long fresh = Math.max(MIN_FRESH_MILLIS, 3 * states.pace().refresh().toMillis());
    int other = s.writeShared(c -> {
      meta.putCandidate(c, candidate, mine, now);
      return meta.strongestOther(c, candidate, now - fresh);
    });
    if (other <= mine) {
      return true;
    }
    if (s.leads()) {
      LOG.info("mirror {}: another gateway's key may read {} of the mirror's tables, this one's {}: it leads now",
          label, other, mine);
      s.releaseLead();
    }
    return false;
  }

  /** This gateway stops: it announces nothing more. */
  void leave(Store s, JobContext cx) {
    if (s == null || s.kind() != StoreKind.POSTGRESQL || cx.parts() == null) {
      return;
    }
    try {
      s.writeShared(c -> {
        cx.parts().meta().removeCandidate(c, candidate);
        return null;
      });
    } catch (RuntimeException e) {
      // its announcement expires by itself
    }
  }

  @Override
  public void read(StripeReads by, String table) {
    MirrorCredential k = keyOf(by);
    if (k != null) {
      k.access().record(table, Verdict.allow());
    }
  }

  @Override
  public void refused(StripeReads by, String table, StripeFailure failure) {
    MirrorCredential k = keyOf(by);
    if (k == null) {
      return;
    }
    if (failure.keyRefused()) {
      k.access().refuseAll(names, failure.reason());
    } else {
      k.access().record(table, Verdict.deny(failure.reason()));
    }
    if (table != null && k == loader) {
      states.loaderDenied(table, failure.reason());
    }
  }

  /** The key of the account whose reads are {@code reads}; null when it has left. */
  private MirrorCredential keyOf(StripeReads reads) {
    for (MirrorCredential k : keys) {
      if (k.reads() == reads) {
        return k;
      }
    }
    return null;
  }
}
