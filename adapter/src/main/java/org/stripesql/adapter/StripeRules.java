package org.stripesql.adapter;

import com.google.common.collect.ImmutableSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.adapter.enumerable.EnumerableBatchNestedLoopJoinRule;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.tools.RelBuilderFactory;
import org.stripesql.adapter.pushdown.AccountFilter;
import org.stripesql.adapter.pushdown.StripeFilterTranslator;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.catalog.TableKind;

/**
 * The planner rules that push SQL into Stripe requests, and their instances. Every rule matches only
 * scans whose schema has {@code Pushdown} on, so one statement may mix schemas that differ in it.
 */
public final class StripeRules {
  private StripeRules() {}

  /** A filter (its pushable part) into the scan beneath it. */
  public static final FilterIntoScanRule FILTER_INTO_SCAN = (FilterIntoScanRule) new RuleConfig(
      "StripeFilterIntoScanRule",
      b0 -> b0.operand(LogicalFilter.class).oneInput(b1 -> b1.operand(StripeTableScan.class)
          .predicate(FilterIntoScanRule::isUnpushed).noInputs()),
      FilterIntoScanRule::new).toRule();

  /**
   * The same through a projection of plain columns, as field trimming leaves it; the batched
   * nested-loop join puts its correlated filter there.
   */
  public static final FilterIntoScanRule FILTER_THROUGH_PROJECT_INTO_SCAN = (FilterIntoScanRule) new RuleConfig(
      "StripeFilterThroughProjectIntoScanRule",
      b0 -> b0.operand(LogicalFilter.class).oneInput(b1 -> b1.operand(LogicalProject.class)
          .predicate(p -> p.getProjects().stream().allMatch(e -> e instanceof RexInputRef))
          .oneInput(b2 -> b2.operand(StripeTableScan.class).predicate(FilterIntoScanRule::isUnpushed).noInputs())),
      FilterIntoScanRule::new).toRule();

  /** A LIMIT into the scan beneath it. */
  public static final LimitIntoScanRule LIMIT_INTO_SCAN = (LimitIntoScanRule) new RuleConfig(
      "StripeLimitIntoScanRule",
      b0 -> b0.operand(LogicalSort.class).predicate(s -> s.fetch != null)
          .oneInput(b1 -> b1.operand(StripeTableScan.class).predicate(LimitIntoScanRule::isUnlimited).noInputs()),
      LimitIntoScanRule::new).toRule();

  /** The same through a projection: {@code SELECT id ... LIMIT n}. */
  public static final LimitIntoScanRule LIMIT_THROUGH_PROJECT_INTO_SCAN = (LimitIntoScanRule) new RuleConfig(
      "StripeLimitThroughProjectIntoScanRule",
      b0 -> b0.operand(LogicalSort.class).predicate(s -> s.fetch != null)
          .oneInput(b1 -> b1.operand(LogicalProject.class).oneInput(b2 -> b2.operand(StripeTableScan.class)
              .predicate(LimitIntoScanRule::isUnlimited).noInputs())),
      LimitIntoScanRule::new).toRule();

  /**
   * The same on the physical plan, where Calcite has already split a sort+limit into a limit over an
   * input in the required order: pushed when this scan is in that order.
   */
  public static final LimitIntoScanRule ENUMERABLE_LIMIT_INTO_SCAN = (LimitIntoScanRule) new RuleConfig(
      "StripeEnumerableLimitIntoScanRule",
      b0 -> b0.operand(EnumerableLimit.class).predicate(l -> l.fetch != null)
          .oneInput(b1 -> b1.operand(StripeTableScan.class).predicate(LimitIntoScanRule::isUnlimited).noInputs()),
      LimitIntoScanRule::new).toRule();

  /** Lets a join read a child table for the parents it needs, a batch of outer rows at a time. */
  public static final ChildLookupJoinRule CHILD_LOOKUP_JOIN = new ChildLookupJoinRule();

  /** The adapter's own rules. */
  public static final List<RelOptRule> RULES = List.of(FILTER_INTO_SCAN, FILTER_THROUGH_PROJECT_INTO_SCAN,
      LIMIT_INTO_SCAN, LIMIT_THROUGH_PROJECT_INTO_SCAN, ENUMERABLE_LIMIT_INTO_SCAN, CHILD_LOOKUP_JOIN);

  /**
   * Adds the rules to a planner (a Stripe table does, when it becomes a scan). A planner takes them once for every
   * schema, so the rules check each scan's own schema themselves. Transitive predicates
   * ({@code customers.id = 'cus_1'} also narrows {@code charges.customer}) only add filters that hold
   * anyway, so they are inferred for every schema.
   */
  static void register(RelOptPlanner planner) {
    RULES.forEach(planner::addRule);
    planner.addRule(CoreRules.JOIN_PUSH_TRANSITIVE_PREDICATES);
  }

  /**
   * Pushes what a filter's condition allows into the Stripe scan beneath it, keeping the rest (and
   * anything Stripe may evaluate differently) in a filter above. Fires only on a scan nothing was
   * pushed into yet, so a filter is never moved below a pushed LIMIT.
   */
  public static final class FilterIntoScanRule extends RelRule<RuleConfig> {
    private FilterIntoScanRule(RuleConfig config) {
      super(config);
    }

    private static boolean isUnpushed(StripeTableScan scan) {
      return scan.pushdown().enabled() && scan.query().equals(StripeQuery.fullScan(scan.definition().name()))
          && scan.accounts() == null;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      LogicalProject project = call.rels.length == 3 ? call.rel(1) : null;
      StripeTableScan scan = call.rel(call.rels.length - 1);
      RexNode condition = project == null ? filter.getCondition()
          : RelOptUtil.pushPastProject(filter.getCondition(), project);
      StripeTableScan.Pushdown pushdown = scan.pushdown();
      StripeFilterTranslator.Result result = StripeFilterTranslator.translate(condition, scan.definition(),
          scan.getRowType().getFieldNames(), filter.getCluster().getRexBuilder(),
          new StripeFilterTranslator.Options(pushdown.maxFanOut(), pushdown.useSearchApi(), Clock.systemUTC(),
              pushdown.searchLagWindowSeconds()));
      // a connected table: account = / IN picks the accounts read; the conjunct stays in the filter above
      List<String> accounts = scan.connected()
          ? AccountFilter.accounts(condition, 0, filter.getCluster().getRexBuilder()) : null;
      if (result.query().equals(scan.query()) && result.outerParents().isEmpty() && accounts == null) {
        return;
      }
      StripeTableScan narrowed = accounts == null ? scan : scan.withAccounts(accounts);
      RelNode input = result.outerParents().isEmpty() ? narrowed.withQuery(result.query())
          : narrowed.withQuery(result.query(), result.outerParents());
      if (!result.residual().isEmpty()) {
        input = LogicalFilter.create(input,
            RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), result.residual()),
            ImmutableSet.copyOf(filter.getVariablesSet()));
      }
      if (project != null) {
        input = project.copy(project.getTraitSet(), input, project.getProjects(), project.getRowType());
      }
      call.transformTo(input);
    }
  }

  /**
   * Pushes a LIMIT (with OFFSET, as offset plus fetch) into the scan directly beneath it, or beneath a
   * projection, when the limit has no ORDER BY or one the scan's own order already gives
   * ({@code created DESC}). The sort/limit stays above; it now sees at most the rows it returns.
   */
  public static final class LimitIntoScanRule extends RelRule<RuleConfig> {
    private LimitIntoScanRule(RuleConfig config) {
      super(config);
    }

    private static boolean isUnlimited(StripeTableScan scan) {
      return scan.pushdown().enabled() && scan.query().fetch() == null;
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
      RelNode input = scan.withQuery(scan.query().withFetch(fetch + offset));
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

  /**
   * Calcite's batched nested-loop join, offered only when the inner side is a Stripe child table: then
   * each batch of outer rows becomes one nested list call per parent, instead of a walk of every
   * parent. For other tables the inner side would be re-read for every batch, which a hash join avoids.
   */
  public static final class ChildLookupJoinRule extends EnumerableBatchNestedLoopJoinRule {
    @SuppressWarnings("deprecation")
    private ChildLookupJoinRule() {
      super(RelFactories.LOGICAL_BUILDER);
    }

    @Override
    public boolean matches(RelOptRuleCall call) {
      Join join = call.rel(0);
      return super.matches(call) && reachesChildScan(join.getRight(), 4);
    }

    /** Whether the input is, or projects or filters, a scan of a child table that pushes down. */
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
      if (node instanceof StripeTableScan scan) {
        // a connected table's child rows are looked up per account by the join itself
        return scan.pushdown().enabled() && scan.definition().kind() == TableKind.CHILD && !scan.connected();
      }
      return node.getInputs().size() == 1 && reachesChildScan(node.getInput(0), depth - 1);
    }
  }

  /**
   * A plain implementation of {@link RelRule.Config} for the rules above, so they need no annotation
   * processor: description, operands and the rule's constructor.
   */
  static final class RuleConfig implements RelRule.Config {
    private final String description;
    private final RelRule.OperandTransform operands;
    private final RelBuilderFactory relBuilderFactory;
    private final Function<RuleConfig, RelOptRule> factory;

    RuleConfig(String description, RelRule.OperandTransform operands, Function<RuleConfig, RelOptRule> factory) {
      this(description, operands, RelFactories.LOGICAL_BUILDER, factory);
    }

    private RuleConfig(String description, RelRule.OperandTransform operands, RelBuilderFactory relBuilderFactory,
        Function<RuleConfig, RelOptRule> factory) {
      this.description = description;
      this.operands = operands;
      this.relBuilderFactory = relBuilderFactory;
      this.factory = factory;
    }

    @Override
    public RelOptRule toRule() {
      return factory.apply(this);
    }

    @Override
    public RelBuilderFactory relBuilderFactory() {
      return relBuilderFactory;
    }

    @Override
    public RelRule.Config withRelBuilderFactory(RelBuilderFactory f) {
      return new RuleConfig(description, operands, f, factory);
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public RelRule.Config withDescription(String d) {
      return new RuleConfig(d, operands, relBuilderFactory, factory);
    }

    @Override
    public RelRule.OperandTransform operandSupplier() {
      return operands;
    }

    @Override
    public RelRule.Config withOperandSupplier(RelRule.OperandTransform t) {
      return new RuleConfig(description, t, relBuilderFactory, factory);
    }
  }
}
