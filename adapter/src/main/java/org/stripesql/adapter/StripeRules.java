package org.stripesql.adapter;

import org.apache.calcite.plan.RelOptPlanner;

/** The planner rules that push SQL into Stripe requests. */
final class StripeRules {
  private StripeRules() {}

  static void register(RelOptPlanner planner, boolean pushdown) {
    if (!pushdown) {
      return;
    }
    // filled in by the pushdown work: filter, limit and sort rules
  }
}
