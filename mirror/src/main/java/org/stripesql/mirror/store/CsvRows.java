package org.stripesql.mirror.store;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.stripesql.catalog.ApiColumn;

/**
 * Rows as CSV for the databases' bulk loaders ({@code COPY}): strings quoted (quotes doubled), null as an
 * unquoted {@code \N}, timestamps as UTC wall time, the row's version last. Both DuckDB and PostgreSQL
 * read this form exactly; a bulk load is far faster than inserting row by row.
 */
final class CsvRows {
  /** The COPY options that read what {@link #write} writes. */
  static final String OPTIONS = "FORMAT csv, HEADER false, QUOTE '\"', ESCAPE '\"', NULL '\\N'";

  private CsvRows() {}

  static void write(Writer w, List<ApiColumn> cols, Iterable<Object[]> rows, long version) throws IOException {
    StringBuilder b = new StringBuilder(4096);
    for (Object[] row : rows) {
      b.setLength(0);
      for (int i = 0; i < cols.size(); i++) {
        Object v = row[i];
        if (v == null) {
          b.append("\\N");
        } else {
          switch (cols.get(i).type()) {
            case VARCHAR, JSON -> quoted(b, (String) v);
            case DECIMAL -> b.append(((BigDecimal) v).toPlainString());
            case TIMESTAMP -> timestamp(b, Math.floorDiv((Long) v, 1000));
            default -> b.append(v);
          }
        }
        b.append(',');
      }
      b.append(version).append('\n');
      w.append(b);
    }
  }

  private static void quoted(StringBuilder b, String s) {
    b.append('"');
    if (s.indexOf('"') < 0) {
      b.append(s);
    } else {
      b.append(s.replace("\"", "\"\""));
    }
    b.append('"');
  }

  /** {@code yyyy-MM-dd HH:mm:ss}, UTC, of unix seconds. */
  static void timestamp(StringBuilder b, long seconds) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      b.append(t.toString().replace('T', ' '));
      return;
    }
    pad(b, t.getYear(), 4).append('-');
    pad(b, t.getMonthValue(), 2).append('-');
    pad(b, t.getDayOfMonth(), 2).append(' ');
    pad(b, t.getHour(), 2).append(':');
    pad(b, t.getMinute(), 2).append(':');
    pad(b, t.getSecond(), 2);
  }

  private static StringBuilder pad(StringBuilder b, int value, int width) {
    for (int limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
      if (value < limit) {
        b.append('0');
      }
    }
    return b.append(value);
  }
}
