package org.stripesql.adapter;

import java.util.List;
import java.util.Map;
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
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.stripesql.adapter.report.ReportQuery;
import org.stripesql.adapter.report.ReportReader;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ReportType;

/**
 * Scan of a report table: carries the {@link ReportQuery} it runs (EXPLAIN prints it: the interval's bounds,
 * or the available range, and the filters sent) and generates the call that reads the run's rows.
 */
final class ReportTableScan extends TableScan implements EnumerableRel {
  /** What an unbound scan is estimated to return: the whole available range. */
  static final double UNBOUND_ROWS = 100_000d;
  private static final double BOUND_ROWS = 1_000d;

  /** The table a scan reads and what its schema allows. */
  record Definition(ReportType type, ApiTable table, ReportReader reader, boolean pushdown,
      Map<String, List<String>> parameterValues) {}

  private final Definition definition;
  private final ReportQuery query;

  private ReportTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, Definition definition,
      ReportQuery query) {
    super(cluster, traits, List.of(), table);
    this.definition = definition;
    this.query = query;
  }

  static ReportTableScan create(RelOptCluster cluster, RelOptTable table, Definition definition, ReportQuery query) {
    return new ReportTableScan(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), table, definition, query);
  }

  Definition definition() {
    return definition;
  }

  ReportQuery query() {
    return query;
  }

  ReportTableScan withQuery(ReportQuery q) {
    return create(getCluster(), getTable(), definition, q);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new ReportTableScan(getCluster(), traitSet, getTable(), definition, query);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("stripe", query.describe());
  }

  /**
   * A bound scan is estimated far smaller than the unbound one, so the planner always picks the scan
   * that carries the statement's interval: the interval is what the table means, not an optimisation.
   */
  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return query.isUnbound() ? UNBOUND_ROWS : BOUND_ROWS;
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = estimateRowCount(mq);
    return planner.getCostFactory().makeCost(rows, rows, query.isUnbound() ? 3 : 2);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY, false);
    Expression reader = implementor.stash(definition.reader(), ReportReader.class);
    Expression type = implementor.stash(definition.type(), ReportType.class);
    Expression table = implementor.stash(definition.table(), ApiTable.class);
    Expression q = implementor.stash(query, ReportQuery.class);
    return implementor.result(physType, Blocks.toBlock(Expressions.call(reader, "read",
        implementor.getRootExpression(), type, table, q)));
  }
}
