package org.stripesql.adapter;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.plan.Context;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.util.CancelFlag;
import org.stripesql.adapter.scan.ScanBudget;

/**
 * QueryTimeout over the preparation of one statement (parsing, validation, planning, code generation),
 * counted from its start on the preparing thread. The planners stop at their next rule when the flag is
 * raised at the deadline (Calcite's {@link CancelFlag}); between the phases, and when the preparation
 * ends or fails, the deadline is checked, and a statement past it fails naming QueryTimeout.
 */
final class PrepareDeadline implements AutoCloseable {
  private static final ThreadLocal<PrepareDeadline> CURRENT = new ThreadLocal<>();
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final long timeoutNanos;
  private final long deadline;
  private final AtomicBoolean raised = new AtomicBoolean();
  private final ScheduledFuture<?> alarm;
  private final PrepareDeadline outer;
  private final Hook.Closeable[] hooks;

  private PrepareDeadline(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    this.deadline = System.nanoTime() + timeoutNanos;
    this.alarm = TIMER.schedule(() -> raised.set(true), timeoutNanos, TimeUnit.NANOSECONDS);
    this.outer = CURRENT.get();
    this.hooks = new Hook.Closeable[] {
        Hook.PARSE_TREE.addThread((Object o) -> check()),
        Hook.CONVERTED.addThread((Object o) -> check()),
        Hook.PLAN_BEFORE_IMPLEMENTATION.addThread((Object o) -> check()),
        Hook.JAVA_PLAN.addThread((Object o) -> check()),
    };
    CURRENT.set(this);
  }

  /** Starts the clock of a preparation on this thread; null (no limit) for a null or zero timeout. */
  static PrepareDeadline start(Duration timeout) {
    return timeout == null || timeout.isZero() || timeout.isNegative() ? null : new PrepareDeadline(timeout);
  }

  /**
   * The planner context of a preparation on this thread: Calcite's default (the connection's config) and,
   * within a deadline, the flag the planner watches.
   */
  static Context plannerContext(CalciteConnectionConfig config) {
    CancelFlag flag = currentFlag();
    return flag == null ? Contexts.of(config) : Contexts.of(config, flag);
  }

  /** The flag the planners of the preparation running on this thread watch, or null. */
  static CancelFlag currentFlag() {
    PrepareDeadline d = CURRENT.get();
    return d == null ? null : new CancelFlag(d.raised);
  }

  /** Fails the preparation when it is past its deadline. */
  void check() {
    if (raised.get() || System.nanoTime() - deadline >= 0) {
      raised.set(true);
      throw ScanBudget.timedOut(timeoutNanos, " while it was planned");
    }
  }

  /** {@code failure} (of the preparation), or the timeout when the deadline had passed: that is what stopped it. */
  RuntimeException failure(RuntimeException failure) {
    try {
      check();
    } catch (RuntimeException timedOut) {
      if (timedOut != failure) {
        timedOut.addSuppressed(failure);
      }
      return timedOut;
    }
    return failure;
  }

  @Override
  public void close() {
    alarm.cancel(false);
    for (Hook.Closeable h : hooks) {
      h.close();
    }
    if (outer == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(outer);
    }
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "stripesql-prepare-deadlines");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
