package org.stripesql.adapter.pushdown;

import java.time.Clock;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexUtil;
import org.stripesql.adapter.StripeQuery;
import org.stripesql.adapter.StripeTableScan;

/**
 * Pushes what a filter's condition allows into the Stripe scan beneath it, keeping the rest (and
 * anything Stripe may evaluate differently) in a filter above. Fires only on a scan nothing was
 * pushed into yet, so a filter is never moved below a pushed LIMIT.
 */
public final class FilterIntoScanRule extends RelRule<StripeRuleConfig> {
  public static final FilterIntoScanRule INSTANCE = (FilterIntoScanRule) new StripeRuleConfig(
      "StripeFilterIntoScanRule",
      b0 -> b0.operand(LogicalFilter.class).oneInput(b1 -> b1.operand(StripeTableScan.class)
          .predicate(FilterIntoScanRule::isUnpushed).noInputs()),
      FilterIntoScanRule::new).toRule();

  private FilterIntoScanRule(StripeRuleConfig config) {
    super(config);
  }

  private static boolean isUnpushed(StripeTableScan scan) {
    return scan.query().equals(StripeQuery.fullScan(scan.stripeTable().definition()));
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalFilter filter = call.rel(0);
    StripeTableScan scan = call.rel(1);
    StripeFilterTranslator translator = new StripeFilterTranslator(scan.stripeTable().definition(),
        filter.getCluster().getRexBuilder(), scan.getRowType().getFieldNames(),
        scan.stripeTable().maxFanOut(), scan.stripeTable().useSearchApi(), Clock.systemUTC());
    StripeFilterTranslator.Result result = translator.translate(filter.getCondition());
    if (result.query().equals(scan.query())) {
      return;
    }
    RelNode newScan = scan.withQuery(result.query());
    if (result.residual().isEmpty()) {
      call.transformTo(newScan);
    } else {
      call.transformTo(filter.copy(filter.getTraitSet(), newScan,
          RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), result.residual())));
    }
  }
}
