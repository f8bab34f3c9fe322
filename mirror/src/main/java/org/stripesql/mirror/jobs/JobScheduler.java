package org.stripesql.mirror.jobs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.mirror.MirrorState;
import org.stripesql.mirror.store.TableRecord;
import org.stripesql.mirror.sync.Tracked;

/**
 * Starts the leader's jobs that are due (loads, rescans, verifications), in the tables' order, as many
 * tables at once as can use the account's whole rate budget; the account's budget, shared with live
 * queries, holds their requests to its rate. A finished job starts the next. A failed load is tried again
 * after a minute (at once when another key takes over the loading); a table the loading key may not read
 * waits for one that may. A table is loaded only once Stripe has shown the loading key may read it.
 */
public final class JobScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
  static final long FAILED_RETRY_MILLIS = 60_000;

  private final JobContext cx;
  private final ExecutorService work;
  private final Supplier<List<String>> names;
  private final IntSupplier slots;
  private final BooleanSupplier leading;
  private final Predicate<String> loaderMayRead;
  private final LoadJob load;
  private final VerifyJob verify;
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> verifyFailedAt = new ConcurrentHashMap<>();

  /**
   * @param names   the mirror's tables, in the order their loads start
   * @param slots   how many tables may be read at once
   * @param leading whether this gateway leads now (jobs start only then)
   * @param loaderMayRead whether Stripe has shown the loading key may read a table
   */
  public JobScheduler(JobContext cx, ExecutorService work, Supplier<List<String>> names, IntSupplier slots,
      BooleanSupplier leading, Predicate<String> loaderMayRead) {
    this.cx = cx;
    this.work = work;
    this.names = names;
    this.slots = slots;
    this.leading = leading;
    this.loaderMayRead = loaderMayRead;
    this.load = new LoadJob(cx);
    this.verify = new VerifyJob(cx);
  }

  public VerifyJob verifyJob() {
    return verify;
  }

  /** Starts what is due. */
  public synchronized void schedule() {
    if (!leading.getAsBoolean() || cx.parts() == null) {
      return;
    }
    long now = System.currentTimeMillis();
    int max = slots.getAsInt();
    TableStates states = cx.states();
    for (String name : names.get()) {
      if (busy.size() >= max) {
        return;
      }
      Tracked t = states.tracked(name);
      TableRecord r = states.record(name);
      if (t == null || r == null || busy.contains(name) || states.loaderDenied(name) != null
          || !loaderMayRead.test(name)) {
        continue;
      }
      boolean due = switch (r.state()) {
        case LOADING, RELOADING -> true;
        case FAILED -> now - failedAt.getOrDefault(name, 0L) > FAILED_RETRY_MILLIS;
        case LIVE -> !t.eventDriven() && now - r.completeAt() > states.pace().rescan().toMillis();
        default -> false;
      };
      long verifyEvery = states.pace().verify().toMillis();
      if (due) {
        start(name, () -> {
          if (load.run(t)) {
            failedAt.put(name, System.currentTimeMillis());
          }
        });
      } else if (r.state() == MirrorState.LIVE && verifyEvery > 0
          && now - Math.max(r.verifiedAt(), r.loadedAt()) > verifyEvery
          && now - verifyFailedAt.getOrDefault(name, 0L) > FAILED_RETRY_MILLIS) {
        start(name, () -> {
          try {
            verify.verify(t);
          } catch (RuntimeException e) {
            verifyFailedAt.put(name, System.currentTimeMillis());
            LOG.warn("mirror {}: verifying {} failed: {}", cx.label(), name, e.getMessage());
          }
        });
      }
    }
  }

  /** Failed loads are tried again at the next schedule (another key loads now). */
  public void retryFailedNow() {
    failedAt.clear();
    verifyFailedAt.clear();
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
          cx.changed();
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
      LOG.warn("mirror {}: {}", cx.label(), e.getMessage(), LOG.isDebugEnabled() ? e : null);
    }
  }

  /** The tables the leader is working on now. */
  public Set<String> busy() {
    return new LinkedHashSet<>(busy);
  }
}
