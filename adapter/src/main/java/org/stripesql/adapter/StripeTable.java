package org.stripesql.adapter;

import java.util.ArrayList;
import java.util.List;
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
import org.apache.calcite.util.ImmutableBitSet;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.adapter.scan.TableReader;
import org.stripesql.catalog.ApiTable;

/**
 * A Stripe resource as a Calcite table. The planner turns it into a {@link StripeTableScan}, whose
 * {@link StripeQuery} pushdown rules narrow; the scan's generated code reads through the schema's
 * {@link TableReader}.
 */
public final class StripeTable extends AbstractQueryableTable implements TranslatableTable {
  private final ApiTable definition;
  private final StripeTableScan.Pushdown pushdown;
  private final TableReader reader;

  StripeTable(ApiTable definition, StripeTableScan.Pushdown pushdown, TableReader reader) {
    super(Object[].class);
    this.definition = definition;
    this.pushdown = pushdown;
    this.reader = reader;
  }

  public ApiTable definition() {
    return definition;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return SqlTypes.rowType(typeFactory, definition);
  }

  /**
   * The catalog's primary key as the table's unique key, and the row count a full scan is estimated at.
   * Foreign keys are not declared: Stripe keeps ids of deleted objects, so the planner must not assume
   * that a referenced row exists (docs/design.md, "Keys").
   */
  @Override
  public Statistic getStatistic() {
    List<ImmutableBitSet> keys = new ArrayList<>();
    if (!definition.primaryKey().isEmpty()) {
      ImmutableBitSet.Builder key = ImmutableBitSet.builder();
      definition.primaryKey().forEach(c -> key.set(definition.columnIndex(c)));
      keys.add(key.build());
    }
    return Statistics.of(StripeCost.tableRows(definition), keys);
  }

  /**
   * The full scan, with the adapter's rules added to the planner here rather than in the scan's
   * {@code register}: Calcite calls that once per scan class, and this keeps the scan free of its rules.
   */
  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    StripeRules.register(context.getCluster().getPlanner());
    return StripeTableScan.create(context.getCluster(), relOptTable, definition, pushdown, reader,
        StripeQuery.fullScan(definition.name()));
  }

  @Override
  public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("Stripe tables are read through StripeTableScan");
  }
}
