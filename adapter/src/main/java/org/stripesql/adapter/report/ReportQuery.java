package org.stripesql.adapter.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stripesql.catalog.ReportType;

/**
 * What a report table's scan runs: the report type, the bounds the statement puts on the run's interval
 * (none: the type's whole available range, {@code data_available_start} to {@code data_available_end}) and
 * the run parameters that filter rows ({@code currency=usd}). Its {@link #describe()} is what EXPLAIN prints.
 *
 * @param reportType  Stripe's id of the report type
 * @param hasStart    whether the type's runs take {@code interval_start} (an ending balance takes only an end)
 * @param hasEnd      whether they take {@code interval_end} (a single payout's report takes no interval)
 * @param hasPayout   whether they take {@code payout}, which the statement must then give
 * @param start       lower bounds of {@code interval_start}: the run starts at the greatest
 * @param end         upper bounds of {@code interval_end}: the run ends at the least
 * @param payout      the payout a statement's {@code payout = '...'} names, or null
 * @param payoutParam the statement parameter of its {@code payout = ?}, or null
 * @param filters     run parameters by name, sorted
 */
public record ReportQuery(String reportType, boolean hasStart, boolean hasEnd, boolean hasPayout,
    List<IntervalBound> start, List<IntervalBound> end, String payout, Integer payoutParam,
    Map<String, String> filters) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  public ReportQuery {
    start = List.copyOf(start);
    end = List.copyOf(end);
    filters = Collections.unmodifiableMap(new TreeMap<>(filters));
  }

  /** A run over the type's whole available range, with no filter. */
  public static ReportQuery unbound(ReportType type) {
    return new ReportQuery(type.id(), type.declares(ReportType.INTERVAL_START), type.declares(ReportType.INTERVAL_END),
        type.declares(ReportType.PAYOUT), List.of(), List.of(), null, null, Map.of());
  }

  /** Whether the statement set nothing: the whole available range, every row. */
  public boolean isUnbound() {
    return start.isEmpty() && end.isEmpty() && payout == null && payoutParam == null && filters.isEmpty();
  }

  /**
   * As EXPLAIN prints it: {@code report=balance.summary.1 interval_start>=2025-01-01 00:00:00
   * interval_end=data_available_end currency=usd}.
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    parts.add("report=" + reportType);
    if (hasStart) {
      parts.add(edges("interval_start", start, "data_available_start"));
    }
    if (hasEnd) {
      parts.add(edges("interval_end", end, "data_available_end"));
    }
    if (hasPayout) {
      parts.add("payout=" + (payout != null ? payout : payoutParam != null ? "?" + payoutParam : "none"));
    }
    filters.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(" ", parts);
  }

  private static String edges(String column, List<IntervalBound> bounds, String otherwise) {
    if (bounds.isEmpty()) {
      return column + "=" + otherwise;
    }
    List<String> each = new ArrayList<>();
    bounds.forEach(b -> each.add(column + b.describe()));
    return String.join(" ", each);
  }

  static String formatSeconds(long seconds) {
    return TIME.format(Instant.ofEpochSecond(seconds));
  }
}
