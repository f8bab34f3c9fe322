package org.stripesql.pgwire.session;

import java.util.concurrent.atomic.AtomicLong;

/** What the endpoint has done since it started: sessions, executions, rows sent, portals suspended, cancels. */
public final class EndpointCounters {
  private final AtomicLong sessions = new AtomicLong();
  private final AtomicLong executions = new AtomicLong();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong suspended = new AtomicLong();
  private final AtomicLong cancels = new AtomicLong();

  void countSession() {
    sessions.incrementAndGet();
  }

  void countExecution() {
    executions.incrementAndGet();
  }

  void countRows(long n) {
    rows.addAndGet(n);
  }

  void countSuspended() {
    suspended.incrementAndGet();
  }

  void countCancel() {
    cancels.incrementAndGet();
  }

  public long sessions() {
    return sessions.get();
  }

  /** Query executions started (a portal read in several Executes counts once). */
  public long executions() {
    return executions.get();
  }

  public long rows() {
    return rows.get();
  }

  /** Executes that ended with PortalSuspended: rows left for the next Execute or FETCH. */
  public long suspended() {
    return suspended.get();
  }

  public long cancels() {
    return cancels.get();
  }
}
