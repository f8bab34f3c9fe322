package org.stripesql.emulator.reports;

import java.util.List;
import java.util.Map;

/** Writes a report's rows as Stripe's files are: a header of column names, then one line per row (RFC 4180). */
final class ReportCsvWriter {
  private ReportCsvWriter() {}

  static String write(List<String> columns, List<Map<String, String>> rows) {
    StringBuilder out = new StringBuilder();
    line(out, columns, null);
    for (Map<String, String> row : rows) {
      line(out, columns, row);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> columns, Map<String, String> row) {
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String v = row == null ? columns.get(i) : row.get(columns.get(i));
      if (v != null) {
        out.append(quoted(v));
      }
    }
    out.append("\r\n");
  }

  private static String quoted(String v) {
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
      return v;
    }
    return '"' + v.replace("\"", "\"\"") + '"';
  }
}
