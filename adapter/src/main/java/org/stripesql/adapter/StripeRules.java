package org.stripesql.adapter;

import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.rel.rules.CoreRules;
import org.stripesql.adapter.pushdown.ChildLookupJoinRule;
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
    planner.addRule(FilterIntoScanRule.THROUGH_PROJECT);
    planner.addRule(LimitIntoScanRule.INSTANCE);
    planner.addRule(LimitIntoScanRule.THROUGH_PROJECT);
    planner.addRule(LimitIntoScanRule.ENUMERABLE);
    // lets a join read a child table for the parents it needs, a batch of outer rows at a time
    planner.addRule(ChildLookupJoinRule.INSTANCE);
    // a join condition carries a filter across: customers.id = 'cus_1' also narrows charges.customer
    planner.addRule(CoreRules.JOIN_PUSH_TRANSITIVE_PREDICATES);
  }
}
