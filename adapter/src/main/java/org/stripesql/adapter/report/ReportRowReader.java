package org.stripesql.adapter.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ReportType;

/**
 * Turns a report file's records into the rows of its table: the header says where each column is (a
 * column the file lacks is null), values are typed (an empty cell is null: amounts as BigDecimal, counts as
 * Long, times as Long milliseconds, UTC), and the parameter columns hold the run's parameters.
 */
final class ReportRowReader {
  private final ApiTable table;
  private final ReportCsv csv;
  private final String what;
  private final int[] source;
  private final Object[] intervalValues;

  /**
   * @param csv          the file, before its header
   * @param what         the run, for messages ("report run frr_1 of balance.summary.1")
   * @param run          the run's parameters, which its parameter columns hold
   */
  ReportRowReader(ApiTable table, ReportCsv csv, String what, RunParameters run) throws IOException {
    this.table = table;
    this.csv = csv;
    this.what = what;
    String[] header = csv.next();
    if (header == null) {
      throw new ReportException("the result file of " + what + " is empty: no header line", ReportException.GENERAL,
          null);
    }
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      at.putIfAbsent(header[i].trim(), i);
    }
    List<ApiColumn> cols = table.columns();
    source = new int[cols.size()];
    intervalValues = new Object[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      String name = cols.get(i).name();
      source[i] = cols.get(i).path().isEmpty() ? -1 : at.getOrDefault(name, -1);
      if (!cols.get(i).path().isEmpty()) {
        continue;
      }
      if (name.equals(ReportType.INTERVAL_START) && run.intervalStart() != null) {
        intervalValues[i] = run.intervalStart() * 1000L;
      } else if (name.equals(ReportType.INTERVAL_END) && run.intervalEnd() != null) {
        intervalValues[i] = run.intervalEnd() * 1000L;
      } else if (name.equals(ReportType.PAYOUT)) {
        intervalValues[i] = run.payout();
      }
    }
  }

  /** The next row, or null at the end of the file. */
  Object[] next() throws IOException {
    long line = csv.line();
    String[] record = csv.next();
    if (record == null) {
      return null;
    }
    Object[] row = Arrays.copyOf(intervalValues, intervalValues.length);
    List<ApiColumn> cols = table.columns();
    for (int i = 0; i < source.length; i++) {
      int s = source[i];
      if (s >= 0 && s < record.length && !record[s].isEmpty()) {
        row[i] = value(cols.get(i), record[s], line);
      }
    }
    return row;
  }

  private Object value(ApiColumn column, String text, long line) {
    try {
      return switch (column.type()) {
        case DECIMAL -> new BigDecimal(text.trim());
        case BIGINT -> Long.valueOf(text.trim());
        case TIMESTAMP -> millis(text.trim());
        case DOUBLE -> Double.valueOf(text.trim());
        case BOOLEAN -> Boolean.valueOf(text.trim());
        default -> text;
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new ReportException("the result file of " + what + " has '" + text + "' in column " + column.name()
          + " on line " + line + ", which is no " + column.type().name().toLowerCase(Locale.ROOT),
          ReportException.GENERAL, e);
    }
  }

  /** {@code 2025-01-31 23:59:59} or {@code 2025-01-31} (UTC, as the run has no time zone) in milliseconds. */
  static long millis(String text) {
    if (text.length() == 10) {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    String t = text.replace(' ', 'T');
    if (t.endsWith("Z")) {
      t = t.substring(0, t.length() - 1);
    }
    return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
