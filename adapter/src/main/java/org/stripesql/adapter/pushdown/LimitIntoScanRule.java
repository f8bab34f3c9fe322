package org.stripesql.adapter.pushdown;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.stripesql.adapter.StripeQuery;
import org.stripesql.adapter.StripeTableScan;

/**
 * Pushes a LIMIT (with OFFSET, as offset plus fetch) into the scan directly beneath it, when the
 * limit has no ORDER BY or one that the scan's own order already gives ({@code created DESC}). The
 * sort/limit stays above; it now sees at most the rows it returns.
 */
public final class LimitIntoScanRule extends RelRule<StripeRuleConfig> {
  public static final LimitIntoScanRule INSTANCE = (LimitIntoScanRule) new StripeRuleConfig(
      "StripeLimitIntoScanRule",
      b0 -> b0.operand(LogicalSort.class).predicate(s -> s.fetch != null)
          .oneInput(b1 -> b1.operand(StripeTableScan.class).predicate(s -> s.query().fetch() == null).noInputs()),
      LimitIntoScanRule::new).toRule();

  private LimitIntoScanRule(StripeRuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalSort sort = call.rel(0);
    StripeTableScan scan = call.rel(1);
    RelCollation wanted = sort.getCollation();
    if (!wanted.getFieldCollations().isEmpty() && !scan.naturalCollation().satisfies(wanted)) {
      return;
    }
    Long fetch = longValue(sort.fetch);
    Long offset = sort.offset == null ? Long.valueOf(0) : longValue(sort.offset);
    if (fetch == null || offset == null) {
      return;   // a dynamic parameter: unknown at planning time
    }
    StripeQuery limited = scan.query().withFetch(fetch + offset);
    call.transformTo(sort.copy(sort.getTraitSet(), scan.withQuery(limited), sort.getCollation(), sort.offset,
        sort.fetch));
  }

  private static Long longValue(RexNode node) {
    if (node instanceof RexLiteral) {
      Number n = ((RexLiteral) node).getValueAs(Long.class);
      return n == null ? null : n.longValue();
    }
    return null;
  }
}
