package org.stripesql.adapter;

import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * The cost of a Stripe scan is the number of requests it makes. Estimates assume a large account
 * ({@link #TABLE_ROWS} rows a table) and that each pushed parameter keeps a tenth of the rows, so
 * every pushed form costs less than the full scan it replaces, even a fan-out of
 * {@code MaxFanOut} calls.
 */
final class StripeCost {
  static final double TABLE_ROWS = 100_000d;
  private static final double SELECTIVITY = 0.1;
  private static final double PAGE = 100d;
  private static final double CHILDREN_PER_PARENT = 10d;

  private StripeCost() {}

  static double rows(StripeTableScan scan) {
    return estimate(scan)[0];
  }

  static RelOptCost of(RelOptPlanner planner, StripeTableScan scan, RelMetadataQuery mq) {
    double[] e = estimate(scan);
    return planner.getCostFactory().makeCost(e[0], e[1] * PAGE, e[1]);
  }

  /** {rows, requests}. */
  private static double[] estimate(StripeTableScan scan) {
    StripeQuery q = scan.query();
    double rows;
    double calls;
    switch (q.mode()) {
      case NONE:
        return new double[] {0, 0};
      case RETRIEVE:
        rows = q.ids().size();
        calls = q.ids().size();
        break;
      case SEARCH:
        rows = TABLE_ROWS * Math.pow(SELECTIVITY, q.search().split(" AND ").length);
        calls = 1;
        break;
      default:
        int pushed = 0;
        for (String p : q.params().keySet()) {
          String base = p.contains("[") ? p.substring(0, p.indexOf('[')) : p;
          if (!scan.stripeTable().definition().scanParamsOrEmpty().containsKey(p) && !p.endsWith("[lte]")
              || p.endsWith("[lte]") && !q.params().containsKey(base + "[gte]")) {
            pushed++;
          }
        }
        rows = TABLE_ROWS * Math.pow(SELECTIVITY, pushed);
        calls = 1;
        if (q.fanOutParam() != null) {
          rows = Math.min(rows, rows * SELECTIVITY * q.fanOutValues().size());
          calls = q.fanOutValues().size();
        }
        boolean child = scan.stripeTable().definition().parent() != null;
        int parents = !scan.outerParents().isEmpty() ? scan.outerParents().size()
            : q.parentIds() != null ? q.parentIds().size() : -1;
        if (parents >= 0) {
          rows = Math.min(rows, CHILDREN_PER_PARENT * parents);
          calls = Math.max(calls, parents);
        } else if (child) {
          // a walk of every parent: one list call per parent, after the parent scan itself
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
