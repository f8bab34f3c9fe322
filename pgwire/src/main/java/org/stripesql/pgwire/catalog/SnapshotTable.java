package org.stripesql.pgwire.catalog;

import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;

/** A {@link CatalogTable} as a Calcite table over the connection's {@link CatalogSnapshot}: never a Stripe request. */
final class SnapshotTable extends AbstractTable implements ScannableTable {
  private final CatalogTable table;
  private final Supplier<CatalogSnapshot> snapshot;
  private CatalogSnapshot cachedFor;
  private List<Object[]> cached;

  SnapshotTable(CatalogTable table, Supplier<CatalogSnapshot> snapshot) {
    this.table = table;
    this.snapshot = snapshot;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    for (CatalogTable.Column c : table.columns()) {
      b.add(c.name(), CatalogValues.relType(f, c.type()));
    }
    return b.build();
  }

  /** The rows: computed once per snapshot, except for the relations that show session settings. */
  private synchronized List<Object[]> rows() {
    CatalogSnapshot s = snapshot.get();
    if (!table.fixed()) {
      return table.rows(s);
    }
    if (cachedFor != s) {
      cached = table.rows(s);
      cachedFor = s;
    }
    return cached;
  }

  /** The row count, so that the planner joins the small relations first. */
  @Override
  public Statistic getStatistic() {
    return Statistics.of(rows().size(), List.of());
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(rows());
  }
}
