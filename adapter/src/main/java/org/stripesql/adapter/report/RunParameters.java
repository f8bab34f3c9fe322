package org.stripesql.adapter.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of one report run as a statement resolved them: type, interval in unix seconds (none, or no
 * start, for a type that takes none), the payout of a single payout's report, and filters. Equal parameters
 * give an equal file: the cache's key.
 */
record RunParameters(String reportType, Long intervalStart, Long intervalEnd, String payout,
    Map<String, String> filters) {
  RunParameters {
    filters = Collections.unmodifiableMap(new TreeMap<>(filters));
  }

  /** The form of {@code POST /v1/reporting/report_runs}, naming the columns to write, in order. */
  Map<String, List<String>> form(List<String> columns) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    form.put("report_type", List.of(reportType));
    if (intervalStart != null) {
      form.put("parameters[interval_start]", List.of(Long.toString(intervalStart)));
    }
    if (intervalEnd != null) {
      form.put("parameters[interval_end]", List.of(Long.toString(intervalEnd)));
    }
    if (payout != null) {
      form.put("parameters[payout]", List.of(payout));
    }
    filters.forEach((k, v) -> form.put("parameters[" + k + "]", List.of(v)));
    for (int i = 0; i < columns.size(); i++) {
      form.put("parameters[columns][" + i + "]", List.of(columns.get(i)));
    }
    return form;
  }

  /** "balance.summary.1 from 2025-01-01 00:00:00 to 2025-02-01 00:00:00 (UTC), currency=usd". */
  String describe() {
    List<String> parts = new ArrayList<>();
    filters.forEach((k, v) -> parts.add(k + "=" + v));
    return reportType + (intervalStart == null ? "" : " from " + ReportQuery.formatSeconds(intervalStart))
        + (intervalEnd == null ? "" : " to " + ReportQuery.formatSeconds(intervalEnd) + " (UTC)")
        + (payout == null ? "" : " of payout " + payout) + (parts.isEmpty() ? "" : ", " + String.join(", ", parts));
  }
}
