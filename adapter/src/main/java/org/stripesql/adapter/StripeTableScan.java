package org.stripesql.adapter;

import java.util.List;
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
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Scan of a Stripe table: carries the {@link StripeQuery} it will run, prints it in EXPLAIN, and
 * generates the call that runs it. Pushdown rules replace it with a scan of a narrower query.
 */
public final class StripeTableScan extends TableScan implements EnumerableRel {
  private final StripeTable stripeTable;
  private final StripeQuery query;

  public StripeTableScan(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table, StripeTable stripeTable,
      StripeQuery query) {
    super(cluster, traitSet, List.of(), table);
    this.stripeTable = stripeTable;
    this.query = query;
  }

  public StripeTable stripeTable() {
    return stripeTable;
  }

  public StripeQuery query() {
    return query;
  }

  /** The same scan with another query. */
  public StripeTableScan withQuery(StripeQuery newQuery) {
    return new StripeTableScan(getCluster(), getTraitSet(), getTable(), stripeTable, newQuery);
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
