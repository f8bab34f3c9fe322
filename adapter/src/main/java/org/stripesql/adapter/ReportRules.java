package org.stripesql.adapter;

import java.util.List;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.stripesql.adapter.report.IntervalBinder;
import org.stripesql.adapter.report.ReportQuery;

/**
 * The rules that give a report scan its run: a filter's bounds on {@code interval_start} and
 * {@code interval_end} (always: they are what the table means) and its equalities on a column a run
 * parameter filters (with Pushdown). The filter stays above the scan whole, and checks every row.
 */
final class ReportRules {
  private ReportRules() {}

  /** A filter into the report scan beneath it. */
  static final BindRule BIND = (BindRule) new StripeRules.RuleConfig("ReportBindRule",
      b0 -> b0.operand(LogicalFilter.class).oneInput(b1 -> b1.operand(ReportTableScan.class)
          .predicate(BindRule::isUnbound).noInputs()), BindRule::new).toRule();

  /** The same through a projection of plain columns. */
  static final BindRule BIND_THROUGH_PROJECT = (BindRule) new StripeRules.RuleConfig(
      "ReportBindThroughProjectRule",
      b0 -> b0.operand(LogicalFilter.class).oneInput(b1 -> b1.operand(LogicalProject.class)
          .predicate(p -> p.getProjects().stream().allMatch(e -> e instanceof RexInputRef))
          .oneInput(b2 -> b2.operand(ReportTableScan.class).predicate(BindRule::isUnbound).noInputs())),
      BindRule::new).toRule();

  static final List<RelOptRule> RULES = List.of(BIND, BIND_THROUGH_PROJECT);

  static void register(RelOptPlanner planner) {
    RULES.forEach(planner::addRule);
  }

  /** Binds what the filter says of the run; the filter is kept above the new scan. */
  static final class BindRule extends RelRule<StripeRules.RuleConfig> {
    private BindRule(StripeRules.RuleConfig config) {
      super(config);
    }

    private static boolean isUnbound(ReportTableScan scan) {
      return scan.query().isUnbound();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      LogicalProject project = call.rels.length == 3 ? call.rel(1) : null;
      ReportTableScan scan = call.rel(call.rels.length - 1);
      RexNode condition = project == null ? filter.getCondition()
          : RelOptUtil.pushPastProject(filter.getCondition(), project);
      ReportTableScan.Definition d = scan.definition();
      ReportQuery bound = IntervalBinder.bind(condition, d.type(), scan.getRowType().getFieldNames(),
          filter.getCluster().getRexBuilder(), d.pushdown(), d.parameterValues(), scan.query());
      if (bound.equals(scan.query())) {
        return;
      }
      RelNode input = scan.withQuery(bound);
      if (project != null) {
        input = project.copy(project.getTraitSet(), input, project.getProjects(), project.getRowType());
      }
      call.transformTo(filter.copy(filter.getTraitSet(), input, filter.getCondition()));
    }
  }
}
