package org.stripesql.adapter;

import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.stripesql.adapter.query.FixedColumns;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.NoRowsQuery;
import org.stripesql.adapter.query.RetrieveQuery;
import org.stripesql.adapter.query.SearchQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.catalog.ApiTable;

/**
 * The cost of a Stripe scan is the number of requests it makes. Estimates assume a large account
 * ({@link #TABLE_ROWS} rows a table) and that each pushed parameter keeps a tenth of the rows, so
 * every pushed form costs less than the full scan it replaces, even a fan-out of
 * {@code MaxFanOut} calls.
 */
final class StripeCost {
  /** The connected accounts a scan of all of a platform's accounts is priced at (the number is not known). */
  static final double ASSUMED_CONNECTED_ACCOUNTS = 10;

  static final double TABLE_ROWS = 100_000d;
  private static final double SELECTIVITY = 0.1;
  private static final double PAGE = 100d;
  private static final double CHILDREN_PER_PARENT = 10d;
  /** A scan that leaves open a column Stripe needs a value for ({@link FixedColumns}). */
  private static final double UNANSWERABLE = 1e15;

  private StripeCost() {}

  /** A table's size as its {@code Statistic} states it: what a full scan is estimated to return. */
  static double tableRows(ApiTable table) {
    return table.parent() != null ? TABLE_ROWS * CHILDREN_PER_PARENT : TABLE_ROWS;
  }

  /** The rows a scan returns; {@code outerParents}: parent ids bound per batch of a join, or 0. */
  static double rows(ApiTable table, StripeQuery q, int outerParents) {
    return estimate(table, q, outerParents)[0];
  }

  /** The scan's cost: its rows, and the requests it makes as I/O and CPU. */
  static RelOptCost of(RelOptPlanner planner, ApiTable table, StripeQuery q, int outerParents) {
    double[] e = estimate(table, q, outerParents);
    return planner.getCostFactory().makeCost(e[0], e[1] * PAGE, e[1]);
  }

  /** {rows, requests}. */
  private static double[] estimate(ApiTable table, StripeQuery q, int outerParents) {
    double rows;
    double calls;
    if (q instanceof NoRowsQuery) {
      return new double[] {0, 0};
    } else if (q instanceof RetrieveQuery retrieve) {
      rows = retrieve.ids().size();
      calls = retrieve.ids().size();
    } else if (q instanceof SearchQuery search) {
      rows = TABLE_ROWS * Math.pow(SELECTIVITY, search.clauses().size());
      calls = search.lagWindowSeconds() > 0 ? 3 : 1;   // the search, recent objects, recent events
    } else {
      ListQuery list = (ListQuery) q;
      if (!FixedColumns.open(table, list, outerParents > 0).isEmpty()) {
        return new double[] {UNANSWERABLE, UNANSWERABLE};   // fails at run time: any plan that fixes them wins
      }
      rows = TABLE_ROWS * Math.pow(SELECTIVITY, list.narrowingParams());
      calls = 1;
      if (list.fanOut() != null) {
        rows = Math.min(rows, rows * SELECTIVITY * list.fanOut().values().size());
        calls = list.fanOut().values().size();
      }
      boolean child = table.parent() != null;
      int parents = outerParents > 0 ? outerParents
          : list.parentIds() != null ? list.parentIds().size() : -1;
      if (parents >= 0) {
        rows = Math.min(rows, CHILDREN_PER_PARENT * parents);
        calls = Math.max(calls, parents);
      } else if (child || table.scanPer() != null && !list.equalities().containsKey(table.scanPer().param())
          && (list.fanOut() == null || !list.fanOut().param().equals(table.scanPer().param()))) {
        // a walk of every parent (or owner): one list call per parent, after the parent scan itself
        rows = TABLE_ROWS * CHILDREN_PER_PARENT;
        calls = TABLE_ROWS + TABLE_ROWS / PAGE;
      }
    }
    if (q.fetch() != null) {
      rows = Math.min(rows, q.fetch());
    }
    double requests = Math.max(calls, Math.ceil(rows / PAGE));
    return new double[] {rows, requests};
  }
}
