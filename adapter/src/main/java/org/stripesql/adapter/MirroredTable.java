package org.stripesql.adapter;

import com.google.common.collect.ImmutableList;
import org.apache.calcite.adapter.java.AbstractQueryableTable;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.TranslatableTable;
import org.stripesql.adapter.mirror.MirrorHandle;

/**
 * A mirrored Stripe table: each statement reads the mirror's store table when the mirror says it is live
 * (Calcite's JDBC adapter then runs filters, joins, aggregates and sorts in the store), and Stripe, like
 * any other table, when it is not (still loading, reloading, failed). EXPLAIN shows which.
 */
final class MirroredTable extends AbstractQueryableTable implements TranslatableTable {
  private final StripeTable live;
  private final MirrorHandle mirror;

  MirroredTable(StripeTable live, MirrorHandle mirror) {
    super(Object[].class);
    this.live = live;
    this.mirror = mirror;
  }

  StripeTable live() {
    return live;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return live.getRowType(typeFactory);
  }

  @Override
  public Statistic getStatistic() {
    return live.getStatistic();
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    Table store = mirror.storeTable(live.definition().name()).orElse(null);
    if (store instanceof TranslatableTable t) {
      // the scan's table must be the store's own (the SQL sent to the store names its table), with our row type
      RelOptTable storeTable = RelOptTableImpl.create(relOptTable.getRelOptSchema(), relOptTable.getRowType(), store,
          ImmutableList.copyOf(relOptTable.getQualifiedName()));
      return t.toRel(context, storeTable);
    }
    return live.toRel(context, relOptTable);
  }

  @Override
  public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("mirrored tables are read through the store's or Stripe's scan");
  }
}
