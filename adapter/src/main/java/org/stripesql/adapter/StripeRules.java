package org.stripesql.adapter;

import org.apache.calcite.plan.RelOptPlanner;
import org.stripesql.adapter.pushdown.FilterIntoScanRule;
import org.stripesql.adapter.pushdown.LimitIntoScanRule;

/** The planner rules that push SQL into Stripe requests. */
final class StripeRules {
  private StripeRules() {}

  static void register(RelOptPlanner planner, boolean pushdown) {
    if (!pushdown) {
      return;
    }
    planner.addRule(FilterIntoScanRule.INSTANCE);
    planner.addRule(LimitIntoScanRule.INSTANCE);
    planner.addRule(LimitIntoScanRule.THROUGH_PROJECT);
    planner.addRule(LimitIntoScanRule.ENUMERABLE);
  }
}
