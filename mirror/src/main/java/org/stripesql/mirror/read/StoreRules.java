package org.stripesql.mirror.read;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableFilter;
import org.apache.calcite.adapter.enumerable.EnumerableProject;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcRules;
import org.apache.calcite.adapter.jdbc.JdbcRules.JdbcAggregate;
import org.apache.calcite.adapter.jdbc.JdbcRules.JdbcFilter;
import org.apache.calcite.adapter.jdbc.JdbcRules.JdbcJoin;
import org.apache.calcite.adapter.jdbc.JdbcRules.JdbcProject;
import org.apache.calcite.adapter.jdbc.JdbcRules.JdbcSort;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.InvalidRelException;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The rules that move operators into a store's SQL, in place of Calcite's JdbcRules: each takes only
 * what the store evaluates exactly as Calcite does ({@link ExactRex}) and leaves the rest to Calcite
 * above the store's scan. A filter splits: its exact conjuncts go to the store, the others stay above; a
 * {@code JSON_VALUE} conjunct goes to the store as a superset ({@link JsonGuard}) and is checked again
 * above. A projection splits likewise: the store computes its exact expressions and the columns the others
 * need. Aggregates, sorts and joins go to the store whole or not at all.
 */
final class StoreRules {
  private StoreRules() {}

  /** The rules of one store's convention. */
  static List<RelOptRule> rules(JdbcConvention out) {
    ExactRex exact = new ExactRex(out.dialect);
    return List.of(StoreToEnumerableConverter.Rule.of(out),
        StoreRule.of("StoreFilterRule", LogicalFilter.class, (call, rel) -> filter(call, (LogicalFilter) rel, out, exact)),
        StoreRule.of("StoreProjectRule", LogicalProject.class,
            (call, rel) -> project(call, (LogicalProject) rel, out, exact)),
        StoreRule.of("StoreAggregateRule", LogicalAggregate.class,
            (call, rel) -> aggregate(call, (LogicalAggregate) rel, out, exact)),
        StoreRule.of("StoreSortRule", LogicalSort.class, (call, rel) -> sort(call, (LogicalSort) rel, out, exact)),
        StoreRule.of("StoreJoinRule", LogicalJoin.class, (call, rel) -> join(call, (LogicalJoin) rel, out, exact)),
        StoreRule.of("StoreUnionRule", LogicalUnion.class, (call, rel) -> union(call, (LogicalUnion) rel, out)));
  }

  /**
   * A UNION ALL whose inputs all have its own row type (a Connect platform's accounts' copies of one
   * table): the store concatenates them as Calcite would. A union that would convert types, or removes
   * duplicates (the store's equality of text may not be Calcite's), stays in Calcite.
   */
  private static void union(RelOptRuleCall call, LogicalUnion u, JdbcConvention out) {
    if (!u.all || u.getInputs().stream().anyMatch(i -> !i.getRowType().equals(u.getRowType()))) {
      return;
    }
    List<RelNode> inputs = u.getInputs().stream().map(i -> StoreRule.toStore(i, out)).toList();
    call.transformTo(new JdbcRules.JdbcUnion(u.getCluster(), u.getTraitSet().replace(out), inputs, true));
  }

  private static void filter(RelOptRuleCall call, LogicalFilter f, JdbcConvention out, ExactRex exact) {
    if (!f.getVariablesSet().isEmpty()) {
      return;
    }
    RexBuilder rex = f.getCluster().getRexBuilder();
    List<RexNode> pushed = new ArrayList<>();
    List<RexNode> kept = new ArrayList<>();
    for (RexNode c : RelOptUtil.conjunctions(f.getCondition())) {
      if (exact.exact(c)) {
        pushed.add(c);
        continue;
      }
      JsonGuard.superset(c, f.getInput(), rex, exact).ifPresent(pushed::add);
      kept.add(c);
    }
    if (pushed.isEmpty()) {
      return;
    }
    RelNode store = new JdbcFilter(f.getCluster(), f.getTraitSet().replace(out), StoreRule.toStore(f.getInput(), out),
        RexUtil.composeConjunction(rex, pushed));
    call.transformTo(kept.isEmpty() ? store
        : EnumerableFilter.create(StoreRule.toEnumerable(store), RexUtil.composeConjunction(rex, kept)));
  }

  private static void project(RelOptRuleCall call, LogicalProject p, JdbcConvention out, ExactRex exact) {
    if (!p.getVariablesSet().isEmpty() || p.containsOver()) {
      return;
    }
    RelNode input = p.getInput();
    if (exact.exact(p.getProjects())) {
      call.transformTo(new JdbcProject(p.getCluster(), p.getTraitSet().replace(out), StoreRule.toStore(input, out),
          p.getProjects(), p.getRowType()));
      return;
    }
    // the store computes the exact expressions and the columns the others read; Calcite the others
    List<RexNode> lower = new ArrayList<>();
    List<RexNode> upper = new ArrayList<>();
    boolean computes = false;
    for (RexNode e : p.getProjects()) {
      if (exact.exact(e)) {
        computes |= !(e instanceof RexInputRef);
        upper.add(ref(lower, e));
      } else {
        upper.add(e);
      }
    }
    ImmutableBitSet read = RelOptUtil.InputFinder.bits(p.getProjects().stream()
        .filter(e -> !exact.exact(e)).toList(), null);
    int[] at = new int[input.getRowType().getFieldCount()];
    for (int i : read) {
      at[i] = ((RexInputRef) ref(lower, RexInputRef.of(i, input.getRowType()))).getIndex();
    }
    if (!computes && lower.size() >= input.getRowType().getFieldCount()) {
      return;   // nothing the store would compute or leave out
    }
    RelDataType lowerType = RexUtil.createStructType(p.getCluster().getTypeFactory(), lower, null,
        SqlValidatorUtil.F_SUGGESTER);
    // the lower projection has fields of its own: the projection's collation (which names its fields) is not its
    RelNode store = new JdbcProject(p.getCluster(), p.getCluster().traitSetOf(out), StoreRule.toStore(input, out),
        lower, lowerType);
    List<RexNode> above = new ArrayList<>();
    for (int i = 0; i < upper.size(); i++) {
      RexNode e = upper.get(i);
      above.add(exact.exact(p.getProjects().get(i)) ? e : e.accept(new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef r) {
          return new RexInputRef(at[r.getIndex()], r.getType());
        }
      }));
    }
    call.transformTo(EnumerableProject.create(StoreRule.toEnumerable(store), above, p.getRowType()));
  }

  /** A reference to {@code e} among the lower expressions, adding it when it is not there yet. */
  private static RexNode ref(List<RexNode> lower, RexNode e) {
    int i = lower.indexOf(e);
    if (i < 0) {
      lower.add(e);
      i = lower.size() - 1;
    }
    return new RexInputRef(i, e.getType());
  }

  private static void aggregate(RelOptRuleCall call, LogicalAggregate a, JdbcConvention out, ExactRex exact) {
    if (a.getGroupSets().size() != 1) {
      return;
    }
    for (AggregateCall c : a.getAggCallList()) {
      if (!exact.aggregate(c, a.getInput().getRowType())) {
        return;
      }
    }
    try {
      call.transformTo(new JdbcAggregate(a.getCluster(), a.getTraitSet().replace(out),
          StoreRule.toStore(a.getInput(), out), a.getGroupSet(), a.getGroupSets(), a.getAggCallList()));
    } catch (InvalidRelException e) {
      // an aggregate the dialect refuses stays in Calcite
    }
  }

  private static void sort(RelOptRuleCall call, LogicalSort s, JdbcConvention out, ExactRex exact) {
    RelDataType row = s.getInput().getRowType();
    for (RelFieldCollation fc : s.getCollation().getFieldCollations()) {
      if (!exact.orders(row.getFieldList().get(fc.getFieldIndex()).getType())) {
        return;
      }
    }
    if (!bound(s.offset) || !bound(s.fetch)) {
      return;
    }
    RelNode input = s.getInput();
    call.transformTo(new JdbcSort(s.getCluster(), s.getTraitSet().replace(out),
        StoreRule.toStore(input, input.getTraitSet().replace(out).replace(RelCollations.EMPTY)), s.getCollation(),
        s.offset, s.fetch));
  }

  private static boolean bound(RexNode n) {
    return n == null || n instanceof RexLiteral || n instanceof RexDynamicParam;
  }

  private static void join(RelOptRuleCall call, LogicalJoin j, JdbcConvention out, ExactRex exact) {
    JoinRelType type = j.getJoinType();
    if (type != JoinRelType.INNER && !type.isOuterJoin() || !j.getVariablesSet().isEmpty()
        || !out.dialect.supportsJoinType(type) || !joinable(j.getCondition()) || !exact.exact(j.getCondition())) {
      return;
    }
    try {
      call.transformTo(new JdbcJoin(j.getCluster(), j.getTraitSet().replace(out), StoreRule.toStore(j.getLeft(), out),
          StoreRule.toStore(j.getRight(), out), j.getCondition(), j.getVariablesSet(), type));
    } catch (InvalidRelException e) {
      // stays in Calcite
    }
  }

  /** The conditions Calcite's JDBC adapter can write into a join's ON (SqlImplementor's). */
  private static boolean joinable(RexNode node) {
    switch (node.getKind()) {
      case INPUT_REF, LITERAL, DYNAMIC_PARAM:
        return true;
      case AND, OR, IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE, EQUALS, NOT_EQUALS,
          GREATER_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, IS_NOT_DISTINCT_FROM, CAST:
        return ((RexCall) node).getOperands().stream().allMatch(StoreRules::joinable);
      default:
        return false;
    }
  }

  /** A rule that matches one logical operator and offers the store's version of it. */
  static final class StoreRule extends RelRule<StoreRuleConfig> {
    /** What the rule does with a match. */
    interface Action {
      void apply(RelOptRuleCall call, RelNode rel);
    }

    StoreRule(StoreRuleConfig config) {
      super(config);
    }

    static StoreRule of(String name, Class<? extends RelNode> logical, Action action) {
      return (StoreRule) new StoreRuleConfig(name, b -> b.operand(logical).anyInputs(), action).toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      config.action().apply(call, call.rel(0));
    }

    static RelNode toStore(RelNode input, JdbcConvention out) {
      return convert(input, input.getTraitSet().replace(out));
    }

    static RelNode toStore(RelNode input, RelTraitSet traits) {
      return convert(input, traits);
    }

    static RelNode toEnumerable(RelNode store) {
      // simplified: a rel may satisfy several collations at once, and conversion asks for one
      return convert(store, store.getTraitSet().replace(EnumerableConvention.INSTANCE).simplify());
    }
  }
}
