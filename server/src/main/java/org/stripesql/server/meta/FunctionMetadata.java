package org.stripesql.server.meta;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code getFunctions}: the schemas' own functions (a Stripe schema's OAuth table functions) and the
 * built-in functions SQL accepts, the latter without a schema since a statement calls them unqualified
 * (Calcite files them under its {@code metadata} schema). One row per name, in JDBC's order.
 */
final class FunctionMetadata {
  /** The schema under which Calcite lists its operator table's functions. */
  static final String BUILT_IN_SCHEMA = "metadata";
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private FunctionMetadata() {}

  static List<Object[]> rows(Connection connection, String catalog, String schemaPattern, String namePattern)
      throws SQLException {
    Map<String, Object[]> unique = new LinkedHashMap<>();
    int catalogColumn;
    int schema;
    int name;
    int specific;
    try (ResultSet rs = connection.getMetaData().getFunctions(catalog, null, namePattern)) {
      ResultSetMetaData md = rs.getMetaData();
      catalogColumn = column(md, "FUNCTION_CAT");
      schema = column(md, "FUNCTION_SCHEM");
      name = column(md, "FUNCTION_NAME");
      specific = column(md, "SPECIFIC_NAME");
      while (rs.next()) {
        Object[] row = new Object[md.getColumnCount()];
        for (int i = 0; i < row.length; i++) {
          row[i] = rs.getObject(i + 1);
        }
        if (!IDENTIFIER.matcher(String.valueOf(row[name])).matches()) {
          continue;   // operators and internal functions ($HISTOGRAM, ::) no statement calls by name
        }
        if (BUILT_IN_SCHEMA.equals(row[schema])) {
          row[schema] = null;
        }
        String s = (String) row[schema];
        if (!(schemaPattern == null || (schemaPattern.isEmpty() ? s == null : MetaRows.matches(schemaPattern, s)))) {
          continue;
        }
        unique.putIfAbsent(s + "\u0000" + row[name] + "\u0000" + row[specific], row);
      }
    }
    List<Object[]> rows = new ArrayList<>(unique.values());
    Comparator<Object[]> order = (a, b) -> 0;
    for (int i : new int[] {catalogColumn, schema, name, specific}) {
      order = order.thenComparing(r -> (String) r[i], Comparator.nullsFirst(Comparator.naturalOrder()));
    }
    rows.sort(order);
    return rows;
  }

  private static int column(ResultSetMetaData md, String name) throws SQLException {
    for (int i = 1; i <= md.getColumnCount(); i++) {
      if (name.equalsIgnoreCase(md.getColumnLabel(i))) {
        return i - 1;
      }
    }
    throw new SQLException("Calcite's getFunctions has no column " + name);
  }
}
