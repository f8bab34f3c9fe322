package org.stripesql.emulator.reports;

import java.time.ZoneId;
import java.util.List;

/**
 * A report run's parameters as the emulator computes it: the interval in unix seconds ({@code start} null
 * for a type that takes none), the payout of a single payout's report (else null), the filters (null: none),
 * the columns to write and the time zone of the columns that are not in UTC.
 */
public record RunRequest(String reportType, Long start, long end, String payout, String currency,
    String reportingCategory, List<String> columns, ZoneId timezone) {
  public RunRequest {
    columns = List.copyOf(columns);
  }
}
