package org.stripesql.mirror.jobs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.mirror.MirrorState;
import org.stripesql.mirror.store.TableRecord;
import org.stripesql.mirror.sync.Tracked;
import org.stripesql.mirror.sync.Verifier;

/**
 * Verification of one table against a live scan (scheduled, or on demand with MirrorVerify): the rows events
 * touch meanwhile are left out; drift the leader finds starts a reload.
 */
public final class VerifyJob {
  private static final Logger LOG = LoggerFactory.getLogger(VerifyJob.class);
  private final JobContext cx;

  public VerifyJob(JobContext cx) {
    this.cx = cx;
  }

  /** Verifies {@code t} now, in the caller's thread. */
  public Verifier.Outcome verify(Tracked t) {
    Set<String> touched = ConcurrentHashMap.newKeySet();
    cx.verifying().put(t.name(), touched);
    Verifier.Outcome o;
    try {
      o = cx.parts().verifier().verify(t, touched);
    } finally {
      cx.verifying().remove(t.name());
    }
    boolean leading = cx.states().leading();
    cx.pollLock().lock();   // the poller updates the same record
    try {
      TableRecord r = cx.states().record(t.name()).verified(System.currentTimeMillis(), o.drift());
      if (leading && !"none".equals(o.drift())) {
        LOG.warn("mirror {}: {} drifted from Stripe: {}; reloading it", cx.label(), t.name(), o.drift());
        r = r.startLoad(r.fingerprint(), MirrorState.RELOADING, "verification found drift: " + o.drift(), null, 0);
      }
      if (leading) {
        cx.save(r);
      } else {
        cx.states().put(r);
      }
    } finally {
      cx.pollLock().unlock();
    }
    return o;
  }
}
