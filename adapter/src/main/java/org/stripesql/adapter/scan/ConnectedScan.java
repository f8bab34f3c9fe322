package org.stripesql.adapter.scan;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.stripesql.adapter.connect.ConnectedAccount;
import org.stripesql.adapter.connect.ConnectedAccountSet;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.catalog.Catalog;

/**
 * A scan of a connected table ({@code ConnectedCatalog}): the same {@link StripeQuery} run for each selected
 * account with that account's client, over the platform catalog's table (without the {@code account}
 * column), each row with its account in front ({@link AccountFanOut}). A pushed LIMIT bounds each account's
 * rows and all of them together.
 */
final class ConnectedScan {
  private final Catalog base;
  private final ConnectedAccountSet set;
  private final ScanBudget budget;
  private final StatementWarnings.Execution warnings;

  ConnectedScan(Catalog base, ConnectedAccountSet set, ScanBudget budget, StatementWarnings.Execution warnings) {
    this.base = base;
    this.set = set;
    this.budget = budget;
    this.warnings = warnings;
  }

  /**
   * The rows of {@code query} in the accounts {@code selected} admits (null: every account of the set);
   * {@code columns}: the connected table's columns to fill (null: all).
   */
  Iterator<Object[]> rows(StripeQuery query, int[] columns, List<String> selected) {
    List<ConnectedAccount> accounts = selected == null ? set.accounts(budget) : selected.isEmpty() ? List.of()
        : set.select(selected, budget);
    int[] baseColumns = baseColumns(columns);
    Iterator<Object[]> all = new AccountFanOut(accounts,
        a -> new StripeRows(base, a.client(), budget).rows(query, baseColumns), set, budget, warnings);
    return query.fetch() == null ? all : limit(all, query.fetch());
  }

  /** The platform table's column indexes of the connected table's {@code columns} (the account is column 0). */
  private static int[] baseColumns(int[] columns) {
    if (columns == null) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    for (int c : columns) {
      if (c > 0) {
        out.add(c - 1);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Iterator<Object[]> limit(Iterator<Object[]> rows, long max) {
    return new Iterator<>() {
      private long taken;

      @Override
      public boolean hasNext() {
        return taken < max && rows.hasNext();
      }

      @Override
      public Object[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        taken++;
        return rows.next();
      }
    };
  }
}
