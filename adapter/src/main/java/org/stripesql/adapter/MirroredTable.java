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
import org.apache.calcite.schema.TranslatableTable;
import org.stripesql.adapter.mirror.MirrorHandle;
import org.stripesql.adapter.mirror.MirrorRoute;
import org.stripesql.adapter.mirror.MirrorRouting;
import org.stripesql.adapter.mirror.MirrorSession;

/**
 * A mirrored Stripe table: each statement reads the mirror's store table while the mirror's copy is fresh
 * enough for the connection and its credential has been shown to read the table (Calcite's JDBC adapter
 * then runs filters, joins, aggregates and sorts in the store), and Stripe, like any other table, when not
 * (loading, stale, failed, not permitted), or fails (MirrorWhenStale=error). {@link MirrorRoutes} records
 * the decision for EXPLAIN, the plan cache and the check when a prepared plan runs.
 */
final class MirroredTable extends AbstractQueryableTable implements TranslatableTable {
  private final StripeTable live;
  private final MirrorHandle mirror;
  private final MirrorSession session;

  MirroredTable(StripeTable live, MirrorHandle mirror, MirrorSession session) {
    super(Object[].class);
    this.live = live;
    this.mirror = mirror;
    this.session = session;
  }

  StripeTable live() {
    return live;
  }

  /** Where a statement planned now reads this table, with the connection's settings. */
  MirrorRoute route() {
    String name = live.definition().name();
    return MirrorRouting.route(name, mirror.freshness(name), session);
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
    MirrorRoute route = route();
    MirrorRoutes.record(context.getCluster(), relOptTable.getQualifiedName(), this, route);
    if (route.store() instanceof TranslatableTable t) {
      // the scan's table must be the store's own (the SQL sent to the store names its table), with our row type
      RelOptTable storeTable = RelOptTableImpl.create(relOptTable.getRelOptSchema(), relOptTable.getRowType(),
          route.store(), ImmutableList.copyOf(relOptTable.getQualifiedName()));
      return t.toRel(context, storeTable);
    }
    return live.toRel(context, relOptTable);
  }

  @Override
  public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("mirrored tables are read through the store's or Stripe's scan");
  }
}
