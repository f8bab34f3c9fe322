package org.stripesql.adapter.pushdown;

import java.time.Clock;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
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

  /**
   * The same through a projection of plain columns, as field trimming leaves it; the batched
   * nested-loop join puts its correlated filter there.
   */
  public static final FilterIntoScanRule THROUGH_PROJECT = (FilterIntoScanRule) new StripeRuleConfig(
      "StripeFilterThroughProjectIntoScanRule",
      b0 -> b0.operand(LogicalFilter.class).oneInput(b1 -> b1.operand(LogicalProject.class)
          .predicate(p -> p.getProjects().stream().allMatch(e -> e instanceof RexInputRef))
          .oneInput(b2 -> b2.operand(StripeTableScan.class).predicate(FilterIntoScanRule::isUnpushed).noInputs())),
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
    LogicalProject project = call.rels.length == 3 ? call.rel(1) : null;
    StripeTableScan scan = call.rel(call.rels.length - 1);
    RexNode condition = project == null ? filter.getCondition()
        : RelOptUtil.pushPastProject(filter.getCondition(), project);
    StripeFilterTranslator translator = new StripeFilterTranslator(scan.stripeTable().definition(),
        filter.getCluster().getRexBuilder(), scan.getRowType().getFieldNames(),
        scan.stripeTable().maxFanOut(), scan.stripeTable().useSearchApi(), Clock.systemUTC());
    StripeFilterTranslator.Result result = translator.translate(condition);
    if (result.query().equals(scan.query()) && result.outerParents().isEmpty()) {
      return;
    }
    RelNode input = result.outerParents().isEmpty() ? scan.withQuery(result.query())
        : scan.withQuery(result.query(), result.outerParents());
    if (!result.residual().isEmpty()) {
      input = LogicalFilter.create(input,
          RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), result.residual()),
          com.google.common.collect.ImmutableSet.copyOf(filter.getVariablesSet()));
    }
    if (project != null) {
      input = project.copy(project.getTraitSet(), input, project.getProjects(), project.getRowType());
    }
    call.transformTo(input);
  }
}
