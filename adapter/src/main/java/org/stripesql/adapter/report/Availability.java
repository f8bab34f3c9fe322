package org.stripesql.adapter.report;

/**
 * The range a report type has data for, as its {@code GET /v1/reporting/report_types/{id}} says, in unix
 * seconds; {@code fetchedAt} is when it was read (System.nanoTime).
 */
record Availability(long dataAvailableStart, long dataAvailableEnd, long fetchedAt) {
  String describe() {
    return "from " + ReportQuery.formatSeconds(dataAvailableStart) + " to " + ReportQuery.formatSeconds(dataAvailableEnd)
        + " (UTC)";
  }
}
