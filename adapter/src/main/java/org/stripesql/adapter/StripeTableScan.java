package org.stripesql.adapter;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.stripesql.catalog.TableKind;

/**
 * Scan of a Stripe table: carries the {@link StripeQuery} it will run, prints it in EXPLAIN, and
 * generates the call that runs it. Pushdown rules replace it with a scan of a narrower query.
 */
public final class StripeTableScan extends TableScan implements EnumerableRel {
  private final StripeTable stripeTable;
  private final StripeQuery query;

  private StripeTableScan(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table, StripeTable stripeTable,
      StripeQuery query) {
    super(cluster, traitSet, List.of(), table);
    this.stripeTable = stripeTable;
    this.query = query;
  }

  /** A scan in the enumerable convention, advertising the order Stripe returns its rows in. */
  static StripeTableScan create(RelOptCluster cluster, RelOptTable table, StripeTable stripeTable,
      StripeQuery query) {
    RelCollation order = naturalCollation(stripeTable, query);
    RelTraitSet traits = cluster.traitSetOf(EnumerableConvention.INSTANCE)
        .replaceIf(RelCollationTraitDef.INSTANCE, () -> order);
    return new StripeTableScan(cluster, traits, table, stripeTable, query);
  }

  /**
   * A single top-level list returns rows newest first ({@code created DESC}); child walks, fan-outs,
   * retrieves and searches promise no order.
   */
  private static RelCollation naturalCollation(StripeTable stripeTable, StripeQuery query) {
    int created = stripeTable.definition().columnIndex("created");
    boolean ordered = created >= 0 && stripeTable.definition().kind() == TableKind.LIST
        && (query.mode() == StripeQuery.Mode.LIST || query.mode() == StripeQuery.Mode.NONE)
        && query.fanOutParam() == null && stripeTable.definition().filters().stream().noneMatch(f -> f.isRequired());
    return ordered ? RelCollations.of(new RelFieldCollation(created, RelFieldCollation.Direction.DESCENDING))
        : RelCollations.EMPTY;
  }

  /** The order this scan's rows arrive in. */
  public RelCollation naturalCollation() {
    return naturalCollation(stripeTable, query);
  }

  public StripeTable stripeTable() {
    return stripeTable;
  }

  public StripeQuery query() {
    return query;
  }

  /** The same scan with another query. */
  public StripeTableScan withQuery(StripeQuery newQuery) {
    return create(getCluster(), getTable(), stripeTable, newQuery);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StripeTableScan(getCluster(), traitSet, getTable(), stripeTable, query);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("stripe", query.describe());
  }

  @Override
  public void register(RelOptPlanner planner) {
    StripeRules.register(planner, stripeTable.schema().config().pushdown());
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return StripeCost.rows(this);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return StripeCost.of(planner, this, mq);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    // ARRAY without optimisation: rows are Object[] even for a one-column table
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY, false);
    Expression tableExpr = getTable().getExpression(StripeTable.class);
    Expression call = Expressions.call(tableExpr, "query", implementor.getRootExpression(),
        Expressions.constant(query.toJson()));
    return implementor.result(physType, Blocks.toBlock(call));
  }
}
