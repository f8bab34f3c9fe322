package org.stripesql.adapter;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.AbstractQueryableTable;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.util.ImmutableBitSet;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.adapter.scan.ScanBudget;
import org.stripesql.adapter.scan.StripeEnumerator;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;

/**
 * A Stripe resource as a Calcite table. The planner turns it into a {@link StripeTableScan}, whose
 * {@link StripeQuery} pushdown rules narrow; the generated code calls {@link #query} to run it.
 */
public final class StripeTable extends AbstractQueryableTable implements TranslatableTable {
  private final ApiTable definition;
  private final StripeSchema schema;

  StripeTable(ApiTable definition, StripeSchema schema) {
    super(Object[].class);
    this.definition = definition;
    this.schema = schema;
  }

  public ApiTable definition() {
    return definition;
  }

  /** Whether the planner may push filters and limits into scans of this table (Pushdown). */
  public boolean pushdown() {
    return schema.config().pushdown();
  }

  /** Whether predicates the list endpoint cannot take may go to the Search API. */
  public boolean useSearchApi() {
    return schema.config().useSearchApi();
  }

  /** Seconds of new and changed objects a search also reads (SearchLagWindow). */
  public long searchLagWindowSeconds() {
    return schema.config().searchLagWindowSeconds();
  }

  /** Most list calls one IN list may fan out into; past it the IN is evaluated above a broader scan. */
  public int maxFanOut() {
    return schema.config().maxFanOut();
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder b = typeFactory.builder();
    for (ApiColumn c : definition.columns()) {
      b.add(c.name(), typeFactory.createTypeWithNullability(SqlTypes.of(typeFactory, c.type()), c.nullableInSql()));
    }
    return b.build();
  }

  @Override
  public Statistic getStatistic() {
    int id = definition.columnIndex("id");
    return id < 0 ? Statistics.UNKNOWN : Statistics.of(StripeCost.TABLE_ROWS, List.of(ImmutableBitSet.of(id)));
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return StripeTableScan.create(context.getCluster(), relOptTable, this, StripeQuery.fullScan(definition.name()));
  }

  /** Runs a scan; called by the code {@link StripeTableScan#implement} generates. */
  public Enumerable<Object[]> query(DataContext root, StripeQuery query) {
    return run(root, query);
  }

  /**
   * Runs a child-table scan for the parents of a batch of outer rows (a batched nested-loop join);
   * absent outer rows arrive as nulls.
   */
  public Enumerable<Object[]> query(DataContext root, StripeQuery query, Object[] outerParentIds) {
    Set<String> ids = new LinkedHashSet<>();
    for (Object o : outerParentIds) {
      if (o != null) {
        ids.add(o.toString());
      }
    }
    return run(root, ((ListQuery) query).withParentIds(List.copyOf(ids)));
  }

  private Enumerable<Object[]> run(DataContext root, StripeQuery query) {
    Hook.QUERY_PLAN.run(query);
    ScanBudget statement = ScanBudget.forExecution(root, schema.config().maxPagesPerQuery(),
        schema.config().queryTimeout());
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        ScanBudget budget = statement.forScan();
        return new StripeEnumerator(schema.rows(budget).rows(query), budget);
      }
    };
  }

  @Override
  public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("Stripe tables are read through StripeTableScan");
  }
}
