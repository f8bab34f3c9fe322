package org.stripesql.pgwire.catalog;

import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.SqlFunctions;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.pgwire.types.PgInterval;
import org.stripesql.pgwire.types.TextFormat;

/**
 * The functions whose results are sets or arrays: {@code generate_series} (a table function, as in
 * {@code FROM generate_series(1, 32) pos(n)}) and {@code current_schemas} (an array of names).
 */
public final class SetFunctions {
  /** The most values generate_series makes as one list value (in a select list). */
  static final int MAX_LIST_SERIES = 1_000_000;

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
    if (start == null || step == null) {
      return new Series(1, 0, 1, SqlTypeName.INTEGER);   // NULL arguments (and planning) make no rows
    }
    long from = ((Number) start).intValue();
    long to = stop == null ? from - 1 : ((Number) stop).intValue();
    long by = ((Number) step).intValue();
    if (by == 0) {
      throw new PgSqlException("22023", "step size cannot equal zero");
    }
    return new Series(from, to, by, SqlTypeName.INTEGER);
  }

  /**
   * The timestamps from {@code start} to {@code stop} by a day-time {@code step}, one a row:
   * {@code generate_series(timestamp, timestamp, interval)}.
   */
  public static ScannableTable generate_series_timestamps(Object start, Object stop, Object step) {
    if (start == null || stop == null || step == null) {
      return new Series(1, 0, 1, SqlTypeName.TIMESTAMP);
    }
    long from = millis(start);
    long to = millis(stop);
    long by = millis(step);
    if (by == 0) {
      throw new PgSqlException("22023", "step size cannot equal zero");
    }
    return new Series(from, to, by, SqlTypeName.TIMESTAMP);
  }

  /** A timestamp or day-time interval argument as milliseconds (Calcite's internal form of both). */
  private static long millis(Object v) {
    if (v instanceof Timestamp t) {
      return SqlFunctions.toLong(t);
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    String s = v.toString();
    try {
      return TextFormat.timestamp(s).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (IllegalArgumentException e) {
      try {
        return PgInterval.parse(s).toMillis();   // a day-time interval, as Calcite writes its literal
      } catch (IllegalArgumentException e2) {
        throw new PgSqlException("42883", "generate_series takes timestamps and an interval, not " + v);
      }
    }
  }

  /** The integers from {@code start} to {@code stop} ({@code generate_series} in a select list). */
  public static List<Integer> int_series(Object start, Object stop) {
    return int_series(start, stop, 1);
  }

  public static List<Integer> int_series(Object start, Object stop, Object step) {
    if (start == null || stop == null || step == null) {
      return null;
    }
    int from = ((Number) start).intValue();
    int to = ((Number) stop).intValue();
    int by = ((Number) step).intValue();
    if (by == 0) {
      throw new PgSqlException("22023", "step size cannot equal zero");
    }
    long count = ((long) to - from) / by + 1;
    if (count > MAX_LIST_SERIES) {
      // held whole as a list value, unlike the table function: bounded so one statement cannot take the heap
      throw new PgSqlException("54000", "generate_series in a select list makes at most " + MAX_LIST_SERIES
          + " values; use it in FROM for more");
    }
    List<Integer> out = new ArrayList<>();
    for (long i = from; by > 0 ? i <= to : i >= to; i += by) {
      out.add((int) i);
    }
    return out;
  }

  /** {@code regexp_split_to_array(text, pattern)}. */
  public static List<String> regexp_split_to_array(Object text, Object pattern) {
    if (text == null || pattern == null) {
      return null;
    }
    return List.of(Pattern.compile(pattern.toString()).split(text.toString(), -1));
  }

  /** The elements of a json array, each as json ({@code json_array_elements}). */
  public static List<String> json_array_values(Object json) {
    return JsonFunctions.elements(json, false);
  }

  /** The elements of a json array, each as text ({@code json_array_elements_text}). */
  public static List<String> json_array_texts(Object json) {
    return JsonFunctions.elements(json, true);
  }

  /** {@code oidvector::regtype[]}: each type's name. */
  public static List<String> regtype_names(Object oids) {
    if (!(oids instanceof List<?> l)) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      out.add(PgFunctions.regtype_name(o));
    }
    return out;
  }

  /** PostgreSQL 15's keywords: word, category code and description, whether it can be a bare label. */
  public static ScannableTable pg_get_keywords() {
    return new Keywords();
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
    private final SqlTypeName type;

    Series(long from, long to, long by, SqlTypeName type) {
      this.from = from;
      this.to = to;
      this.by = by;
      this.type = type;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder().add("generate_series", type).build();
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
              current = new Object[] {type == SqlTypeName.INTEGER ? (Object) (int) next : (Object) next};
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
