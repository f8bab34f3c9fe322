package org.stripesql.adapter;

import java.util.List;
import java.util.Map;
import org.apache.calcite.adapter.java.AbstractQueryableTable;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.stripesql.adapter.report.ReportQuery;
import org.stripesql.adapter.report.ReportReader;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ReportType;

/**
 * A Stripe report type as a Calcite table ({@code report_balance_summary_1}): each statement reads one report
 * run, over the interval its filter bounds (docs/reports.md). The planner turns it into a
 * {@link ReportTableScan}, whose {@link ReportQuery} {@link ReportRules} bind.
 */
final class ReportTable extends AbstractQueryableTable implements TranslatableTable {
  private final ReportType type;
  private final ApiTable definition;
  private final ReportReader reader;
  private final boolean pushdown;
  private final Map<String, List<String>> parameterValues;

  /**
   * @param definition      the table as the catalog's metadata shows it ({@link ReportType#toTable()})
   * @param pushdown        the Pushdown operand: whether filters become run parameters too
   * @param parameterValues the values Stripe's spec lists for a run parameter
   */
  ReportTable(ReportType type, ApiTable definition, ReportReader reader, boolean pushdown,
      Map<String, List<String>> parameterValues) {
    super(Object[].class);
    this.type = type;
    this.definition = definition;
    this.reader = reader;
    this.pushdown = pushdown;
    this.parameterValues = parameterValues;
  }

  ApiTable definition() {
    return definition;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return SqlTypes.rowType(typeFactory, definition);
  }

  @Override
  public Statistic getStatistic() {
    return Statistics.of(ReportTableScan.UNBOUND_ROWS, List.of());
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    ReportRules.register(context.getCluster().getPlanner());
    return ReportTableScan.create(context.getCluster(), relOptTable, new ReportTableScan.Definition(type, definition,
        reader, pushdown, parameterValues), ReportQuery.unbound(type));
  }

  @Override
  public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("report tables are read through ReportTableScan");
  }
}
