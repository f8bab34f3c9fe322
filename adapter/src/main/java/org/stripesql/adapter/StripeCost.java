package org.stripesql.adapter;

import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * The cost of a Stripe scan is the number of requests it makes. A narrower query must always cost
 * less than a broader one, so the planner prefers pushed-down forms.
 */
final class StripeCost {
  private StripeCost() {}

  static RelOptCost of(RelOptPlanner planner, StripeTableScan scan, RelMetadataQuery mq) {
    StripeQuery q = scan.query();
    double rows;
    switch (q.mode()) {
      case NONE:
        rows = 0;
        break;
      case RETRIEVE:
        rows = q.ids().size();
        break;
      default:
        rows = 1000d / (1 + q.params().size() - scan.stripeTable().definition().scanParamsOrEmpty().size());
        if (q.parentIds() != null) {
          rows = Math.min(rows, 10d * q.parentIds().size());
        }
        if (q.fetch() != null) {
          rows = Math.min(rows, q.fetch());
        }
    }
    double requests = Math.max(q.mode() == StripeQuery.Mode.NONE ? 0 : 1, Math.ceil(rows / 100d));
    return planner.getCostFactory().makeCost(rows, requests * 100, requests);
  }
}
