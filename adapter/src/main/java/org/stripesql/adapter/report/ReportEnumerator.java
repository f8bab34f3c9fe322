package org.stripesql.adapter.report;

import java.util.NoSuchElementException;
import org.apache.calcite.linq4j.Enumerator;
import org.stripesql.adapter.scan.ScanBudget;

/** Calcite's view of a report scan's rows; closing it abandons the file and stops the statement's requests. */
final class ReportEnumerator implements Enumerator<Object[]> {
  private final ReportSource rows;
  private final ScanBudget budget;
  private Object[] current;

  ReportEnumerator(ReportSource rows, ScanBudget budget) {
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
    current = rows.hasNext() ? rows.next() : null;
    return current != null;
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("a report scan cannot restart; run the query again");
  }

  @Override
  public void close() {
    current = null;
    rows.close();
    budget.close();
  }
}
