package org.stripesql.server.meta;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;

/**
 * Reading and rewriting the rows of a metadata result whose rows are all in its first frame (as
 * {@code JdbcMeta} returns metadata: unlimited), and JDBC's search patterns.
 */
final class MetaRows {
  private MetaRows() {}

  /** The position of a column of the result, by name; -1 when it has none. */
  static int index(Meta.Signature signature, String name) {
    List<ColumnMetaData> columns = signature.columns;
    for (int i = 0; i < columns.size(); i++) {
      if (name.equalsIgnoreCase(columns.get(i).columnName) || name.equalsIgnoreCase(columns.get(i).label)) {
        return i;
      }
    }
    return -1;
  }

  /** The rows of the first frame, as arrays; empty when the result has none. */
  static List<Object[]> rows(Meta.MetaResultSet rs) {
    List<Object[]> out = new ArrayList<>();
    if (rs.firstFrame != null) {
      for (Object row : rs.firstFrame.rows) {
        if (row instanceof Object[] values) {
          out.add(values);
        } else if (row instanceof List<?> values) {
          out.add(values.toArray());
        }
      }
    }
    return out;
  }

  /** The same result (statement, columns) with these rows, all in one frame. */
  static Meta.MetaResultSet withRows(Meta.MetaResultSet rs, List<Object[]> rows) {
    return Meta.MetaResultSet.create(rs.connectionId, rs.statementId, rs.ownStatement, rs.signature,
        new Meta.Frame(0, true, new ArrayList<>(rows)), rs.updateCount);
  }

  /** Orders rows by the string values of the named columns, nulls first (JDBC's "ordered by" lists). */
  static Comparator<Object[]> by(Meta.Signature signature, String... columns) {
    Comparator<Object[]> c = (a, b) -> 0;
    for (String name : columns) {
      int i = index(signature, name);
      if (i >= 0) {
        c = c.thenComparing(r -> r[i] == null ? null : r[i].toString(),
            Comparator.nullsFirst(Comparator.naturalOrder()));
      }
    }
    return c;
  }

  /** Whether a value matches a JDBC search pattern ({@code %}, {@code _}, {@code \} escapes); null matches all. */
  static boolean matches(String pattern, String value) {
    if (pattern == null) {
      return true;
    }
    if (value == null) {
      return pattern.isEmpty();
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (ch == '\\' && i + 1 < pattern.length()) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (ch == '%') {
        regex.append(".*");
      } else if (ch == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
  }
}
