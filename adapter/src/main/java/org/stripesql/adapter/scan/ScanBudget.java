package org.stripesql.adapter.scan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.DataContext;
import org.stripesql.adapter.client.RequestGuard;
import org.stripesql.adapter.client.SqlStateProvider;

/**
 * What one statement may still ask of Stripe, shared by all its scans: checked before every Stripe
 * request and while the client waits (rate limiter, retry backoff, an answer). Stops the statement when
 * it was cancelled or its result abandoned (closed), when it has made {@code MaxPagesPerQuery} page
 * requests, or when {@code QueryTimeout} has passed since it started.
 */
public final class ScanBudget implements RequestGuard {
  /** One budget per statement execution: Calcite gives each execution its own DataContext. */
  private static final Map<DataContext, ScanBudget> BY_EXECUTION = Collections.synchronizedMap(new WeakHashMap<>());

  private final AtomicBoolean cancelFlag;
  private final long maxPages;
  private final long timeoutNanos;
  private final long deadline;
  private final AtomicLong pages;
  private final Set<Runnable> onStop = new HashSet<>();
  private volatile boolean closed;

  public ScanBudget(AtomicBoolean cancelFlag) {
    this(cancelFlag, 0, null);
  }

  /**
   * @param maxPages     most page requests, 0 for no limit
   * @param queryTimeout longest wall time from now, null or zero for no limit
   */
  public ScanBudget(AtomicBoolean cancelFlag, long maxPages, Duration queryTimeout) {
    this.cancelFlag = cancelFlag;
    this.maxPages = maxPages;
    this.timeoutNanos = queryTimeout == null ? 0 : queryTimeout.toNanos();
    this.deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
    this.pages = new AtomicLong();
  }

  private ScanBudget(ScanBudget statement) {
    this.cancelFlag = statement.cancelFlag;
    this.maxPages = statement.maxPages;
    this.timeoutNanos = statement.timeoutNanos;
    this.deadline = statement.deadline;
    this.pages = statement.pages;
  }

  /**
   * A view of this budget for one scan (one enumerator): it shares the statement's page count, deadline
   * and cancel flag, and is {@linkplain #close() closed} on its own when the scan's rows are closed.
   */
  public ScanBudget forScan() {
    return new ScanBudget(this);
  }

  public static ScanBudget unlimited() {
    return new ScanBudget((AtomicBoolean) null);
  }

  /** The budget of the statement execution {@code root}, created on its first scan. */
  public static ScanBudget forExecution(DataContext root, long maxPages, Duration queryTimeout) {
    AtomicBoolean flag = root == null ? null : DataContext.Variable.CANCEL_FLAG.get(root);
    if (root == null) {
      return new ScanBudget(flag, maxPages, queryTimeout);
    }
    return BY_EXECUTION.computeIfAbsent(root, r -> new ScanBudget(flag, maxPages, queryTimeout));
  }

  /** Called before each page (or object) request: counts it against MaxPagesPerQuery. */
  public void beforeRequest() {
    check();
    long n = pages.incrementAndGet();
    if (maxPages > 0 && n > maxPages) {
      throw new BudgetExceededException("the statement reached MaxPagesPerQuery (" + maxPages + " Stripe requests)"
          + " and was stopped; narrow it (a WHERE on created, an id or a parent id, or a LIMIT) or raise the"
          + " MaxPagesPerQuery operand");
    }
  }

  /** Page requests made so far. */
  public long pages() {
    return pages.get();
  }

  /** This scan's rows were closed (the result abandoned): no further requests, calls in flight cancelled. */
  public void close() {
    List<Runnable> actions;
    synchronized (onStop) {
      closed = true;
      actions = new ArrayList<>(onStop);
      onStop.clear();
    }
    actions.forEach(Runnable::run);
  }

  /** Whether this scan was closed. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public Runnable onStop(Runnable action) {
    Runnable registered = () -> action.run();   // a distinct object per registration
    synchronized (onStop) {
      if (!closed) {
        onStop.add(registered);
        return () -> {
          synchronized (onStop) {
            onStop.remove(registered);
          }
        };
      }
    }
    action.run();
    return () -> { };
  }

  @Override
  public void check() {
    if (cancelFlag != null && cancelFlag.get()) {
      throw new QueryCancelledException("query cancelled: no further Stripe requests are made for it");
    }
    if (closed) {
      throw new QueryCancelledException("query closed: no further Stripe requests are made for it");
    }
    if (deadline != 0 && System.nanoTime() - deadline >= 0) {
      throw timedOut(timeoutNanos, "");
    }
  }

  /** The failure of a statement that ran past QueryTimeout ({@code when}: empty, or " while it was planned"). */
  public static RuntimeException timedOut(long timeoutNanos, String when) {
    return new BudgetExceededException("the statement ran longer than QueryTimeout (" + timeoutNanos / 1_000_000_000.0
        + " s)" + when + " and was stopped; narrow it or raise the QueryTimeout operand");
  }

  @Override
  public long remainingNanos() {
    return deadline == 0 ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
  }

  /** The statement was cancelled or closed; no more Stripe requests are made for it. */
  public static final class QueryCancelledException extends RuntimeException implements SqlStateProvider {
    private static final long serialVersionUID = 1L;

    QueryCancelledException(String message) {
      super(message);
    }

    @Override
    public String sqlState() {
      return "HY008";   // operation canceled
    }
  }

  /** The statement used up MaxPagesPerQuery or QueryTimeout. */
  public static final class BudgetExceededException extends RuntimeException implements SqlStateProvider {
    private static final long serialVersionUID = 1L;

    BudgetExceededException(String message) {
      super(message);
    }

    @Override
    public String sqlState() {
      return "HY000";
    }
  }
}
