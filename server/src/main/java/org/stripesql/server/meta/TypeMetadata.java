package org.stripesql.server.meta;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.calcite.avatica.Meta;

/**
 * {@code getTypeInfo} as the types SQL accepts by the names it lists ({@code CAST(x AS VARCHAR)}), one per
 * JDBC type, ordered by DATA_TYPE. Calcite also lists internal types (UTINYINT reported as SMALLINT,
 * INTERVAL_DAY_HOUR, COLUMN_LIST, ...) whose names no statement accepts and that would make a tool map a
 * JDBC type to the wrong name.
 */
final class TypeMetadata {
  static final Set<String> SQL_TYPES = Set.of("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DECIMAL",
      "FLOAT", "REAL", "DOUBLE", "DATE", "TIME", "TIMESTAMP", "CHAR", "VARCHAR", "BINARY", "VARBINARY");

  private TypeMetadata() {}

  static Meta.MetaResultSet sqlTypes(Meta.MetaResultSet rs) {
    if (rs.signature == null || rs.firstFrame == null) {
      return rs;
    }
    int name = MetaRows.index(rs.signature, "TYPE_NAME");
    int dataType = MetaRows.index(rs.signature, "DATA_TYPE");
    int prefix = MetaRows.index(rs.signature, "LITERAL_PREFIX");
    List<Object[]> rows = new ArrayList<>();
    for (Object[] row : MetaRows.rows(rs)) {
      if (SQL_TYPES.contains(String.valueOf(row[name]))) {
        Object[] copy = row.clone();
        if (prefix >= 0 && String.valueOf(copy[name]).endsWith("BINARY")) {
          copy[prefix] = "X'";   // Calcite says ' for VARBINARY: that literal is a string
        }
        rows.add(copy);
      }
    }
    rows.sort(Comparator.comparingInt(r -> ((Number) r[dataType]).intValue()));
    return MetaRows.withRows(rs, rows);
  }
}
