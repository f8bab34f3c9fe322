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
            case VARCHAR, JSON -> b.append('"').append(((String) v).replace("\"", "\"\"")).append('"');
            case DECIMAL -> b.append(((BigDecimal) v).toPlainString());
            case TIMESTAMP -> b.append(LocalDateTime.ofEpochSecond(Math.floorDiv((Long) v, 1000), 0, ZoneOffset.UTC)
                .toString().replace('T', ' '));
            default -> b.append(v);
          }
        }
        b.append(',');
      }
      b.append(version).append('\n');
      w.write(b.toString());
    }
  }
}
