package org.stripesql.adapter.scan;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.calcite.linq4j.Enumerator;

/** Calcite's view of a lazy row iterator: one row is current, the next is fetched on demand. */
public final class StripeEnumerator implements Enumerator<Object[]> {
  private final Iterator<Object[]> rows;
  private final ScanBudget budget;
  private Object[] current;

  /** @param budget closed with this enumerator, so a retry or wait still running for it stops */
  public StripeEnumerator(Iterator<Object[]> rows, ScanBudget budget) {
    this.rows = rows;
    this.budget = budget;
  }

  @Override
  public Object[] current() {
    if (current == null) {
      throw new NoSuchElementException();
    }
    return current;
  }

  @Override
  public boolean moveNext() {
    if (rows.hasNext()) {
      current = rows.next();
      return true;
    }
    current = null;
    return false;
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("a Stripe scan cannot restart; run the query again");
  }

  @Override
  public void close() {
    current = null;
    if (budget != null) {
      budget.close();
    }
  }
}
