package org.stripesql.pgwire.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code percentile_cont(f) WITHIN GROUP (ORDER BY x)} and {@code percentile_disc}, which Calcite parses
 * but cannot run, as aggregate functions of the values and the fraction: the continuous one interpolates
 * between the two nearest values, the discrete one is the first value whose position reaches the fraction.
 */
public final class Percentiles {
  private Percentiles() {
  }

  /** The values seen and the fraction asked for. */
  public static final class Values {
    private final List<Double> values = new ArrayList<>();
    private Double fraction;
  }

  static Values add(Values acc, Object value, Object fraction) {
    if (fraction == null || value == null) {
      return acc;
    }
    double f = ((Number) fraction).doubleValue();
    if (f < 0 || f > 1) {
      throw new PgSqlException("22003", "percentile value " + f + " is not between 0 and 1");
    }
    acc.fraction = f;
    acc.values.add(((Number) value).doubleValue());
    return acc;
  }

  /** {@code percentile_cont}. */
  public static final class Cont {
    public Values init() {
      return new Values();
    }

    public Values add(Values acc, Object value, Object fraction) {
      return Percentiles.add(acc, value, fraction);
    }

    public Double result(Values acc) {
      if (acc.values.isEmpty()) {
        return null;
      }
      List<Double> v = new ArrayList<>(acc.values);
      v.sort(null);
      double at = acc.fraction * (v.size() - 1);
      int below = (int) Math.floor(at);
      int above = (int) Math.ceil(at);
      return v.get(below) + (at - below) * (v.get(above) - v.get(below));
    }
  }

  /** {@code percentile_disc}. */
  public static final class Disc {
    public Values init() {
      return new Values();
    }

    public Values add(Values acc, Object value, Object fraction) {
      return Percentiles.add(acc, value, fraction);
    }

    public Double result(Values acc) {
      if (acc.values.isEmpty()) {
        return null;
      }
      List<Double> v = new ArrayList<>(acc.values);
      v.sort(null);
      int i = (int) Math.ceil(acc.fraction * v.size()) - 1;
      return v.get(Math.max(0, i));
    }
  }
}
