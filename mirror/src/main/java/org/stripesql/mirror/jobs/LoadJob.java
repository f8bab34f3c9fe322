package org.stripesql.mirror.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.mirror.MirrorState;
import org.stripesql.mirror.store.MetaTables;
import org.stripesql.mirror.store.NotLeaderException;
import org.stripesql.mirror.store.StoreUnavailableException;
import org.stripesql.mirror.store.TableRecord;
import org.stripesql.mirror.sync.FeedExpiredException;
import org.stripesql.mirror.sync.StripeFailure;
import org.stripesql.mirror.sync.Tracked;

/**
 * The load (snapshot) of one table: read it whole into its shadow (resuming a load that stopped), apply
 * the events since it started, and swap it in, marking it live, in one transaction; a table no event
 * covers is read again the same way (a rescan). A load the key may not make is the table's failure with
 * Stripe's reason; one stopped by the store or the lead going away resumes later from its stored progress.
 */
public final class LoadJob {
  private static final Logger LOG = LoggerFactory.getLogger(LoadJob.class);
  private final JobContext cx;

  public LoadJob(JobContext cx) {
    this.cx = cx;
  }

  /**
   * Loads {@code t}; a failure is recorded on the table (true: retry it after a while), or, when it is the
   * store's or the lead's, left for the next schedule (false).
   */
  boolean run(Tracked t) {
    TableStates states = cx.states();
    MirrorParts p = cx.parts();
    try {
      load(t, p);
      cx.access().read(p.reads(), t.name());
      return false;
    } catch (FeedExpiredException e) {
      TableRecord r = states.record(t.name());
      cx.save(r.startLoad(r.fingerprint(), MirrorState.RELOADING,
          "its load took longer than Stripe keeps events; starting over", null, 0));
      return false;
    } catch (NotLeaderException | StoreUnavailableException e) {
      LOG.info("mirror {}: loading {} stopped: {}", cx.label(), t.name(), e.getMessage());
      return false;   // the store keeps the progress; the next leader resumes it
    } catch (RuntimeException e) {
      StripeFailure f = StripeFailure.of(e);
      if (f != null && (f.keyRefused() || f.notPermitted())) {
        cx.access().refused(p.reads(), t.name(), f);
      }
      LOG.warn("mirror {}: loading {} failed: {}", cx.label(), t.name(), e.getMessage());
      TableRecord r = states.record(t.name());
      try {
        cx.save(r.withState(MirrorState.FAILED, f != null ? f.reason() : String.valueOf(e.getMessage())));
      } catch (RuntimeException other) {
        states.put(r.withState(MirrorState.FAILED, String.valueOf(e.getMessage())));
      }
      return true;
    }
  }

  private void load(Tracked t, MirrorParts p) {
    TableStates states = cx.states();
    TableRecord r = states.record(t.name());
    boolean rescan = r.state() == MirrorState.LIVE;
    if (r.state() == MirrorState.FAILED) {
      r = r.withState(r.loadedAt() > 0 ? MirrorState.RELOADING : MirrorState.LOADING, null);   // resumes where it failed
    }
    if (r.loadSince() == null && t.eventDriven()) {
      MetaTables.Feed at = p.poller().position();
      r = r.startLoad(r.fingerprint(), r.state(), r.reason(), at.newest(), at.newestCreated());
    }
    cx.save(r);
    long started = System.currentTimeMillis();
    LOG.info("mirror {}: {} {} ({})", cx.label(), rescan ? "rescanning" : "loading", t.name(),
        t.coverage().refresh().name().toLowerCase());
    long[] lastLog = {started};
    TableRecord loaded = p.loader().load(t, r, progress -> {
      states.put(progress);
      if (System.currentTimeMillis() - lastLog[0] > 5000) {
        lastLog[0] = System.currentTimeMillis();
        LOG.info("mirror {}: {}: {} rows loaded", cx.label(), t.name(), progress.loadedRows());
      }
    });
    states.put(loaded);
    String since = loaded.loadSince();
    if (t.eventDriven()) {
      since = p.poller().catchUp(t, since, t.store().shadow());
    }
    cx.pollLock().lock();
    try {
      if (t.eventDriven()) {
        p.poller().catchUp(t, since, t.store().shadow());
      }
      long now = System.currentTimeMillis();
      TableRecord done = p.store().write(c -> {
        t.store().swapInShadow(c);
        p.meta().clearTombstones(c, t.name());
        TableRecord d = states.record(t.name()).loaded(t.store().count(c, t.name()), now);
        p.meta().put(c, d);
        return d;
      });
      states.put(done);
      LOG.info("mirror {}: {} is live: {} rows in {} s", cx.label(), t.name(), done.rows(), (now - started) / 1000.0);
    } finally {
      cx.pollLock().unlock();
    }
  }
}
