package org.stripesql.pgwire.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
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

  /**
   * The same with a step. Calcite calls a table function once while it validates the statement, for the
   * row type, and again to run it: the rows are made as they are read, never held.
   */
  public static ScannableTable generate_series(Object start, Object stop, Object step) {
    long from = ((Number) start).intValue();
    long to = stop == null ? from - 1 : ((Number) stop).intValue();
    long by = ((Number) step).intValue();
    if (by == 0) {
      throw new PgSqlException("22023", "step size cannot equal zero");
    }
    return new Series(from, to, by);
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

  /** generate_series' rows: one integer column, from {@code from} to {@code to} by {@code by}. */
  private static final class Series extends AbstractTable implements ScannableTable {
    private final long from;
    private final long to;
    private final long by;

    Series(long from, long to, long by) {
      this.from = from;
      this.to = to;
      this.by = by;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder().add("generate_series", SqlTypeName.INTEGER).build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return new AbstractEnumerable<>() {
        @Override
        public Enumerator<Object[]> enumerator() {
          return new Enumerator<>() {
            private long next = from;
            private Object[] current;

            @Override
            public Object[] current() {
              return current;
            }

            @Override
            public boolean moveNext() {
              if (by > 0 ? next > to : next < to) {
                return false;
              }
              current = new Object[] {(int) next};
              next += by;
              return true;
            }

            @Override
            public void reset() {
              next = from;
              current = null;
            }

            @Override
            public void close() {
            }
          };
        }
      };
    }
  }
}
