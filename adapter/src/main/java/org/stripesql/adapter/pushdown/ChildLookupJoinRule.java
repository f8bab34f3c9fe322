package org.stripesql.adapter.pushdown;

import org.apache.calcite.adapter.enumerable.EnumerableBatchNestedLoopJoinRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.RelFactories;
import org.stripesql.adapter.StripeTableScan;
import org.stripesql.catalog.TableKind;

/**
 * Calcite's batched nested-loop join, offered only when the inner side is a Stripe child table: then
 * each batch of outer rows becomes one nested list call per parent, instead of a walk of every
 * parent. For other tables the inner side would be re-read for every batch, which a hash join avoids.
 */
public final class ChildLookupJoinRule extends EnumerableBatchNestedLoopJoinRule {
  public static final ChildLookupJoinRule INSTANCE = new ChildLookupJoinRule();

  @SuppressWarnings("deprecation")
  private ChildLookupJoinRule() {
    super(RelFactories.LOGICAL_BUILDER);
  }

  @Override
  public boolean matches(RelOptRuleCall call) {
    Join join = call.rel(0);
    return super.matches(call) && reachesChildScan(join.getRight(), 4);
  }

  /** Whether the input is, or projects or filters, a scan of a child table. */
  private static boolean reachesChildScan(RelNode node, int depth) {
    if (depth == 0) {
      return false;
    }
    if (node instanceof RelSubset) {
      for (RelNode r : ((RelSubset) node).getRelList()) {
        if (reachesChildScan(r, depth - 1)) {
          return true;
        }
      }
      return false;
    }
    if (node instanceof StripeTableScan) {
      return ((StripeTableScan) node).stripeTable().definition().kind() == TableKind.CHILD;
    }
    return node.getInputs().size() == 1 && reachesChildScan(node.getInput(0), depth - 1);
  }
}
