package org.stripesql.adapter.query;

/**
 * An inclusive range of unix seconds for a range parameter ({@code created}); either end may be open
 * (null). Stripe takes it as {@code param[gte]} and {@code param[lte]}.
 */
public record TimeRange(Long gte, Long lte) {
  /** No bound at all. */
  public static final TimeRange ALL = new TimeRange(null, null);

  /** The range narrowed to at least {@code seconds}. */
  public TimeRange atLeast(long seconds) {
    return new TimeRange(gte == null ? seconds : Math.max(gte, seconds), lte);
  }

  /** The range narrowed to at most {@code seconds}. */
  public TimeRange atMost(long seconds) {
    return new TimeRange(gte, lte == null ? seconds : Math.min(lte, seconds));
  }

  /** Whether no second is in the range. */
  public boolean isEmpty() {
    return gte != null && lte != null && gte > lte;
  }

  /** Whether the range is one second. */
  public boolean isPoint() {
    return gte != null && gte.equals(lte);
  }

  /** As Stripe's parameters read: {@code created[gte]=1 created[lte]=2}, or {@code created=5} for one second. */
  String describe(String param) {
    if (isPoint()) {
      return param + "=" + gte;
    }
    StringBuilder b = new StringBuilder();
    if (gte != null) {
      b.append(param).append("[gte]=").append(gte);
    }
    if (lte != null) {
      b.append(b.length() > 0 ? " " : "").append(param).append("[lte]=").append(lte);
    }
    return b.toString();
  }
}
