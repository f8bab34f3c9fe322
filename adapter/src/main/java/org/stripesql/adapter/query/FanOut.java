package org.stripesql.adapter.query;

import java.util.List;
import java.util.Objects;

/**
 * A list parameter that takes each of several values in turn, one list call per value (a pushed IN).
 *
 * @param param    the parameter
 * @param values   its values, one list call each
 * @param distinct whether the calls may return the same object more than once (a value Stripe reads
 *                 as a pattern, such as event type {@code charge.*}), so rows are de-duplicated by id
 */
public record FanOut(String param, List<String> values, boolean distinct) {
  public FanOut {
    Objects.requireNonNull(param, "param");
    values = List.copyOf(values);
  }

  /** Calls that return disjoint sets of objects (exact values of one column). */
  public FanOut(String param, List<String> values) {
    this(param, values, false);
  }

  /** As EXPLAIN shows it: {@code status in [active, trialing]}. */
  String describe() {
    return param + " in " + values + (distinct ? " distinct" : "");
  }
}
