package org.stripesql.adapter.scan;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Checked before every Stripe request of one statement: stops the scan when the statement was
 * cancelled, so an abandoned query makes no further requests.
 */
public final class ScanBudget {
  private final AtomicBoolean cancelFlag;

  public ScanBudget(AtomicBoolean cancelFlag) {
    this.cancelFlag = cancelFlag;
  }

  public static ScanBudget unlimited() {
    return new ScanBudget(null);
  }

  void beforeRequest() {
    if (cancelFlag != null && cancelFlag.get()) {
      throw new QueryCancelledException();
    }
  }

  /** The statement was cancelled; no more Stripe requests are made for it. */
  public static final class QueryCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    QueryCancelledException() {
      super("query cancelled: no further Stripe requests are made for it");
    }
  }
}
