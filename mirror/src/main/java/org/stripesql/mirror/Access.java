package org.stripesql.mirror;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.stripesql.mirror.sync.AccessProbe.Outcome;
import org.stripesql.mirror.sync.AccessProbe.Verdict;

/**
 * What Stripe has shown one key may read, table by table, and whether it may read the events (the feed a
 * loading key polls). Only a table Stripe has let this key read (a probe, or a load or poll it made) is read
 * from the mirror with it; a refusal (401 for the key, 403 for a table) holds until Stripe answers otherwise.
 * Other failures (Stripe unreachable) change nothing.
 */
final class Access {
  /** A probe that told nothing (Stripe unreachable) is made again this soon. */
  static final long UNKNOWN_RETRY_MILLIS = 5_000;
  private final Map<String, Verdict> tables = new ConcurrentHashMap<>();
  private volatile Verdict events;

  /** Whether the key may read {@code table} from the mirror. */
  boolean mayRead(String table) {
    Verdict v = tables.get(table);
    return v != null && v.allowed();
  }

  /** Why it may not; null when it may. */
  String whyNot(String table) {
    Verdict v = tables.get(table);
    if (v != null && v.allowed()) {
      return null;
    }
    return v != null && v.denied() ? v.reason() : "Stripe has not yet shown that this key may read " + table;
  }

  /** How many of these tables the key may read. */
  int readable(Collection<String> names) {
    int n = 0;
    for (String t : names) {
      n += mayRead(t) ? 1 : 0;
    }
    return n;
  }

  /** Whether the key may load a mirror: Stripe has not refused it the events. */
  boolean mayLead() {
    Verdict e = events;
    return e == null || !e.denied();
  }

  Verdict events() {
    return events;
  }

  Verdict table(String table) {
    return tables.get(table);
  }

  /** Records what Stripe showed for {@code table} (null: the events); an unknown outcome keeps what was known. */
  void record(String table, Verdict v) {
    if (v.outcome() == Outcome.UNKNOWN) {
      Verdict old = table == null ? events : tables.get(table);
      if (old != null) {
        v = new Verdict(old.outcome(), old.reason(), v.at(), old.keyRefused());   // checked again later, not sooner
      }
    }
    if (table == null) {
      events = v;
    } else {
      tables.put(table, v);
    }
  }

  /** Stripe refused the key itself (401): it reads nothing, events included. */
  void refuseAll(Collection<String> known, String reason) {
    Verdict no = Verdict.deny(reason);
    events = no;
    for (String t : known) {
      tables.put(t, no);
    }
  }

  /** Whether {@code table} (null: the events) is due a probe at {@code now}. */
  boolean due(String table, long now, long everyMillis) {
    Verdict v = table == null ? events : tables.get(table);
    long every = v != null && v.outcome() == Outcome.UNKNOWN ? Math.min(everyMillis, UNKNOWN_RETRY_MILLIS) : everyMillis;
    return v == null || now - v.at() >= every;
  }
}
