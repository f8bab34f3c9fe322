package org.stripesql.adapter.scan;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.calcite.linq4j.Enumerator;

/** Calcite's view of a lazy row iterator: one row is current, the next is fetched on demand. */
public final class StripeEnumerator implements Enumerator<Object[]> {
  private final Iterator<Object[]> rows;
  private final ScanBudget budget;
  private Object[] current;

  /**
   * @param rows   closed with this enumerator when it is {@link AutoCloseable}
   * @param budget closed with this enumerator, so a retry or wait still running for it stops
   */
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
    try {
      if (rows instanceof AutoCloseable c) {
        c.close();   // a report's file, say: abandoned with the rows
      }
    } catch (Exception e) {
      // the rows are abandoned either way
    } finally {
      if (budget != null) {
        budget.close();
      }
    }
  }
}
