package org.stripesql.adapter.report;

import java.util.Objects;

/**
 * One bound a statement puts on a report run's interval: {@code interval_start >= value} (or {@code >}) for
 * its start, {@code interval_end <= value} (or {@code <}) for its end. The value is a literal's
 * milliseconds, or a statement parameter ({@code ?0}) read when the statement runs.
 *
 * @param op     {@code >=}, {@code >}, {@code <=} or {@code <}
 * @param millis the literal's time in milliseconds since the epoch (UTC), or null for a parameter
 * @param param  the statement parameter's index, or null for a literal
 */
public record IntervalBound(String op, Long millis, Integer param) {
  public IntervalBound {
    Objects.requireNonNull(op, "op");
    if ((millis == null) == (param == null)) {
      throw new IllegalArgumentException("a bound is a literal or a parameter");
    }
  }

  /**
   * The second this bound puts the interval's edge at, for a value in milliseconds: a start at the first
   * whole second the bound allows, an end at the last.
   */
  long edgeSeconds(long valueMillis) {
    long floor = Math.floorDiv(valueMillis, 1000L);
    boolean whole = Math.floorMod(valueMillis, 1000L) == 0;
    return switch (op) {
      case ">=" -> whole ? floor : floor + 1;
      case ">" -> floor + 1;
      case "<=" -> floor;
      case "<" -> whole ? floor - 1 : floor;
      default -> throw new IllegalStateException(op);
    };
  }

  String describe() {
    return op + (param != null ? "?" + param : ReportQuery.formatSeconds(Math.floorDiv(millis, 1000L))
        + (Math.floorMod(millis, 1000L) == 0 ? "" : "." + String.format("%03d", Math.floorMod(millis, 1000L))));
  }
}
