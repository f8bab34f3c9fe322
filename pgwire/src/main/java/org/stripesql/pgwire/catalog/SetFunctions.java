package org.stripesql.pgwire.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The functions whose results are sets or arrays: {@code generate_series} (a table function, as in
 * {@code FROM generate_series(1, 32) pos(n)}) and {@code current_schemas} (an array of names).
 */
public final class SetFunctions {
  private SetFunctions() {
  }

  /** The integers from {@code start} to {@code stop}, one a row. */
  public static ScannableTable generate_series(Object start, Object stop) {
    return generate_series(start, stop, 1);
  }

  public static ScannableTable generate_series(Object start, Object stop, Object step) {
    int from = ((Number) start).intValue();
    int to = stop == null ? from - 1 : ((Number) stop).intValue();
    int by = ((Number) step).intValue();
    if (by == 0) {
      throw new PgSqlException("22023", "step size cannot equal zero");
    }
    List<Object[]> rows = new ArrayList<>();
    for (long i = from; by > 0 ? i <= to : i >= to; i += by) {
      rows.add(new Object[] {(int) i});
    }
    return new Series(rows);
  }

  /** The schemas searched: with {@code implicit}, pg_catalog first. */
  public static List<String> current_schemas(Object implicit) {
    List<String> out = new ArrayList<>();
    if (Boolean.TRUE.equals(implicit)) {
      out.add("pg_catalog");
    }
    out.addAll(PgContext.current().catalog().searchPath());
    return out;
  }

  /** generate_series' rows: one integer column. */
  private static final class Series extends AbstractTable implements ScannableTable {
    private final List<Object[]> rows;

    Series(List<Object[]> rows) {
      this.rows = rows;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder().add("generate_series", SqlTypeName.INTEGER).build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(rows);
    }
  }
}
