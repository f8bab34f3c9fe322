package org.stripesql.mirror.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.mirror.MirrorState;
import org.stripesql.mirror.store.MetaTables;
import org.stripesql.mirror.store.TableRecord;
import org.stripesql.mirror.sync.FeedExpiredException;
import org.stripesql.mirror.sync.StripeFailure;
import org.stripesql.mirror.sync.Tracked;

/**
 * The leader's event stream: one poll of Stripe's events, applied to the live tables kept fresh by events
 * that the loading key may read, with each one's record (rows, last event, the time it is known complete)
 * in the poll's transaction. A cursor Stripe no longer keeps reloads every such table. A poll that fails
 * leaves the tables' times as they were, so their copies age and go stale; the reason is kept.
 */
public final class StreamJob {
  private static final Logger LOG = LoggerFactory.getLogger(StreamJob.class);
  private final JobContext cx;

  public StreamJob(JobContext cx) {
    this.cx = cx;
  }

  /** One poll for the tables named, in their order. */
  public void poll(List<String> names) {
    MirrorParts p = cx.parts();
    TableStates states = cx.states();
    try {
      p.poller().position();
      Map<String, Tracked> live = new LinkedHashMap<>();
      for (String n : names) {
        Tracked t = states.tracked(n);
        TableRecord r = states.record(n);
        if (t != null && t.eventDriven() && r != null && r.state() == MirrorState.LIVE && states.loaderDenied(n) == null) {
          live.put(n, t);
        }
      }
      cx.pollLock().lock();
      try {
        long now = System.currentTimeMillis();
        p.poller().poll(live, (c, result) -> {
          for (Tracked t : live.values()) {
            Set<String> changed = result.changed().getOrDefault(t.name(), Set.of());
            TableRecord r = states.record(t.name());
            long rows = changed.isEmpty() ? r.rows() : t.store().count(c, t.name());
            TableRecord next = r.polled(rows, changed.isEmpty() ? null : result.newest(), result.newestCreated(), now);
            p.meta().put(c, next);
            states.put(next);
            Set<String> v = cx.verifying().get(t.name());
            if (v != null) {
              v.addAll(changed);
            }
          }
        });
      } finally {
        cx.pollLock().unlock();
      }
      states.feedProblem(null);
      cx.access().read(p.reads(), null);
      cx.changed();
    } catch (FeedExpiredException e) {
      states.feedProblem(null);
      reloadAll("the event cursor is older than Stripe keeps events (30 days): " + e.getMessage());
    } catch (RuntimeException e) {
      StripeFailure f = StripeFailure.of(e);
      if (f != null) {
        states.feedProblem(f.reason());
        if (f.keyRefused() || f.notPermitted()) {
          cx.access().refused(p.reads(), null, f);
        }
      }
      throw e;
    }
  }

  /** Loads every table kept fresh by events again from a new cursor: the feed lost what happened meanwhile. */
  void reloadAll(String reason) {
    LOG.warn("mirror {}: {}; reloading every table", cx.label(), reason);
    MetaTables.Feed start = cx.parts().poller().restart();
    for (Tracked t : cx.states().allTracked()) {
      TableRecord r = cx.states().record(t.name());
      if (r != null && t.eventDriven()) {
        cx.save(r.startLoad(r.fingerprint(), MirrorState.RELOADING, reason, start.newest(), start.newestCreated()));
      }
    }
  }
}
