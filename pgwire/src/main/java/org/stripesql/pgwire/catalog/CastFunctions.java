package org.stripesql.pgwire.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Casts PostgreSQL has and Calcite's CAST lacks: a boolean to an integer (1 or 0) with any other value
 * converted as CAST would ({@code livemode::int}), and an int2vector or oidvector to its text
 * ({@code ix.indkey::varchar} is {@code 1 2}).
 */
public final class CastFunctions {
  private CastFunctions() {
  }

  private static long integer(Object v, long min, long max, String type) {
    long n;
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    } else if (v instanceof Number num) {
      BigDecimal d = num instanceof BigDecimal bd ? bd : new BigDecimal(num.toString());
      n = d.setScale(0, RoundingMode.HALF_EVEN).longValue();
    } else {
      String s = v.toString().trim();
      try {
        n = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new PgSqlException("22P02", "invalid input syntax for type " + type + ": \"" + s + "\"");
      }
    }
    if (n < min || n > max) {
      throw new PgSqlException("22003", type + " out of range");
    }
    return n;
  }

  public static Short int2_of(Object v) {
    return v == null ? null : (short) integer(v, Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
  }

  public static Integer int4_of(Object v) {
    return v == null ? null : (int) integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
  }

  public static Long int8_of(Object v) {
    return v == null ? null : integer(v, Long.MIN_VALUE, Long.MAX_VALUE, "bigint");
  }

  /** An int2vector's or oidvector's text: its elements separated by spaces. */
  public static String vector_text(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> l) {
      StringBuilder b = new StringBuilder();
      for (Object o : l) {
        b.append(b.length() > 0 ? " " : "").append(o);
      }
      return b.toString();
    }
    return v.toString();
  }
}
