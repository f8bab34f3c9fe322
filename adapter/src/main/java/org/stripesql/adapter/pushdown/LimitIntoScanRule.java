package org.stripesql.adapter.pushdown;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.stripesql.adapter.StripeQuery;
import org.stripesql.adapter.StripeTableScan;

/**
 * Pushes a LIMIT (with OFFSET, as offset plus fetch) into the scan directly beneath it, or beneath a
 * projection, when the limit has no ORDER BY or one the scan's own order already gives
 * ({@code created DESC}). The sort/limit stays above; it now sees at most the rows it returns.
 */
public final class LimitIntoScanRule extends RelRule<StripeRuleConfig> {
  public static final LimitIntoScanRule INSTANCE = (LimitIntoScanRule) new StripeRuleConfig(
      "StripeLimitIntoScanRule",
      b0 -> b0.operand(LogicalSort.class).predicate(s -> s.fetch != null)
          .oneInput(b1 -> b1.operand(StripeTableScan.class).predicate(s -> s.query().fetch() == null).noInputs()),
      LimitIntoScanRule::new).toRule();

  /** The same through a projection: {@code SELECT id ... LIMIT n}. */
  public static final LimitIntoScanRule THROUGH_PROJECT = (LimitIntoScanRule) new StripeRuleConfig(
      "StripeLimitThroughProjectIntoScanRule",
      b0 -> b0.operand(LogicalSort.class).predicate(s -> s.fetch != null)
          .oneInput(b1 -> b1.operand(LogicalProject.class).oneInput(b2 -> b2.operand(StripeTableScan.class)
              .predicate(s -> s.query().fetch() == null).noInputs())),
      LimitIntoScanRule::new).toRule();

  /**
   * The same on the physical plan, where Calcite has already split a sort+limit into a limit over an
   * input in the required order: pushed when this scan is in that order.
   */
  public static final LimitIntoScanRule ENUMERABLE = (LimitIntoScanRule) new StripeRuleConfig(
      "StripeEnumerableLimitIntoScanRule",
      b0 -> b0.operand(EnumerableLimit.class).predicate(l -> l.fetch != null)
          .oneInput(b1 -> b1.operand(StripeTableScan.class).predicate(s -> s.query().fetch() == null).noInputs()),
      LimitIntoScanRule::new).toRule();

  private LimitIntoScanRule(StripeRuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    if (call.rel(0) instanceof EnumerableLimit) {
      onEnumerableLimit(call);
      return;
    }
    LogicalSort sort = call.rel(0);
    LogicalProject project = call.rels.length == 3 ? call.rel(1) : null;
    StripeTableScan scan = call.rel(call.rels.length - 1);
    RelCollation wanted = project == null ? sort.getCollation() : throughProject(sort.getCollation(), project);
    if (wanted == null || !wanted.getFieldCollations().isEmpty() && !scan.naturalCollation().satisfies(wanted)) {
      return;
    }
    Long fetch = longValue(sort.fetch);
    Long offset = sort.offset == null ? Long.valueOf(0) : longValue(sort.offset);
    if (fetch == null || offset == null) {
      return;   // a dynamic parameter: unknown at planning time
    }
    StripeQuery limited = scan.query().withFetch(fetch + offset);
    RelNode input = scan.withQuery(limited);
    if (project != null) {
      input = project.copy(project.getTraitSet(), input, project.getProjects(), project.getRowType());
    }
    call.transformTo(sort.copy(sort.getTraitSet(), input, sort.getCollation(), sort.offset, sort.fetch));
  }

  private void onEnumerableLimit(RelOptRuleCall call) {
    EnumerableLimit limit = call.rel(0);
    StripeTableScan scan = call.rel(1);
    // operands match any rel of the input's set: only this scan's own order may satisfy the limit's input
    if (!scan.getTraitSet().satisfies(limit.getInput().getTraitSet())) {
      return;
    }
    Long fetch = longValue(limit.fetch);
    Long offset = limit.offset == null ? Long.valueOf(0) : longValue(limit.offset);
    if (fetch == null || offset == null) {
      return;
    }
    call.transformTo(EnumerableLimit.create(scan.withQuery(scan.query().withFetch(fetch + offset)),
        limit.offset, limit.fetch));
  }

  /** The sort's collation in terms of the scan's fields, or null when it sorts on a computed value. */
  private static RelCollation throughProject(RelCollation collation, LogicalProject project) {
    List<RelFieldCollation> mapped = new ArrayList<>();
    for (RelFieldCollation fc : collation.getFieldCollations()) {
      RexNode e = project.getProjects().get(fc.getFieldIndex());
      if (!(e instanceof RexInputRef)) {
        return null;
      }
      mapped.add(fc.withFieldIndex(((RexInputRef) e).getIndex()));
    }
    return RelCollations.of(mapped);
  }

  private static Long longValue(RexNode node) {
    if (node instanceof RexLiteral) {
      Number n = ((RexLiteral) node).getValueAs(Long.class);
      return n == null ? null : n.longValue();
    }
    return null;
  }
}
