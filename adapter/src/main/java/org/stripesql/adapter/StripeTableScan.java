package org.stripesql.adapter;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
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
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexNode;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.NoRowsQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.catalog.TableKind;

/**
 * Scan of a Stripe table: carries the {@link StripeQuery} it will run, prints it in EXPLAIN, and
 * generates the call that runs it. Pushdown rules replace it with a scan of a narrower query.
 */
public final class StripeTableScan extends TableScan implements EnumerableRel {
  private final StripeTable stripeTable;
  private final StripeQuery query;
  /**
   * For a child table inside a batched nested-loop join: the outer rows' parent ids, as correlation
   * variables ({@code $cor0.id}, ...), evaluated for each batch. Empty otherwise.
   */
  private final List<RexNode> outerParents;

  private StripeTableScan(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table, StripeTable stripeTable,
      StripeQuery query, List<RexNode> outerParents) {
    super(cluster, traitSet, List.of(), table);
    this.stripeTable = stripeTable;
    this.query = query;
    this.outerParents = List.copyOf(outerParents);
  }

  /** A scan in the enumerable convention, advertising the order Stripe returns its rows in. */
  static StripeTableScan create(RelOptCluster cluster, RelOptTable table, StripeTable stripeTable,
      StripeQuery query) {
    return create(cluster, table, stripeTable, query, List.of());
  }

  private static StripeTableScan create(RelOptCluster cluster, RelOptTable table, StripeTable stripeTable,
      StripeQuery query, List<RexNode> outerParents) {
    RelCollation order = naturalCollation(stripeTable, query);
    RelTraitSet traits = cluster.traitSetOf(EnumerableConvention.INSTANCE)
        .replaceIf(RelCollationTraitDef.INSTANCE, () -> order);
    return new StripeTableScan(cluster, traits, table, stripeTable, query, outerParents);
  }

  /**
   * A single top-level list returns rows newest first ({@code created DESC}); child walks, fan-outs,
   * retrieves and searches promise no order.
   */
  private static RelCollation naturalCollation(StripeTable stripeTable, StripeQuery query) {
    int created = stripeTable.definition().columnIndex("created");
    boolean single = query instanceof NoRowsQuery || query instanceof ListQuery list && list.fanOut() == null;
    boolean ordered = created >= 0 && stripeTable.definition().kind() == TableKind.LIST && single
        && stripeTable.definition().filters().stream().noneMatch(f -> f.isRequired());
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

  /** Whether this scan's schema lets the planner push filters and limits into it (Pushdown). */
  public boolean pushdown() {
    return stripeTable.pushdown();
  }

  public List<RexNode> outerParents() {
    return outerParents;
  }

  /** The same scan with another query. */
  public StripeTableScan withQuery(StripeQuery newQuery) {
    return create(getCluster(), getTable(), stripeTable, newQuery, outerParents);
  }

  /** The same scan with another query whose parent ids come from outer rows. */
  public StripeTableScan withQuery(StripeQuery newQuery, List<RexNode> newOuterParents) {
    return create(getCluster(), getTable(), stripeTable, newQuery, newOuterParents);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StripeTableScan(getCluster(), traitSet, getTable(), stripeTable, query, outerParents);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("stripe", query.describe())
        .itemIf("outerParents", outerParents, !outerParents.isEmpty());
  }

  @Override
  public void register(RelOptPlanner planner) {
    StripeRules.register(planner);
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
    // the query is stashed, not written into the code: scans that differ only in literals share code
    Expression queryExpr = implementor.stash(query, StripeQuery.class);
    if (outerParents.isEmpty()) {
      Expression call = Expressions.call(tableExpr, "query", implementor.getRootExpression(), queryExpr);
      return implementor.result(physType, Blocks.toBlock(call));
    }
    // the outer rows' ids, read from the correlation variables the batched join binds for each batch
    BlockBuilder block = new BlockBuilder();
    List<Expression> ids = new ArrayList<>();
    for (RexNode e : outerParents) {
      RexFieldAccess access = (RexFieldAccess) e;
      String variable = ((RexCorrelVariable) access.getReferenceExpr()).getName();
      ids.add(Expressions.convert_(implementor.getCorrelVariableGetter(variable)
          .field(block, access.getField().getIndex(), Object.class), Object.class));
    }
    block.add(Expressions.return_(null, Expressions.call(tableExpr, "query", implementor.getRootExpression(),
        queryExpr, Expressions.newArrayInit(Object.class, ids))));
    return implementor.result(physType, block.toBlock());
  }
}
