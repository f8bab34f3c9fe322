package org.stripesql.mirror.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ColumnType;

/**
 * The tables a differential run draws its statements from, with the values each column holds, read
 * through the plain live path (every operator in Calcite). Nothing here names a table or a value: the
 * catalog and the emulator's data decide.
 */
final class Sample {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_VALUES = 40;

  /** One table: its definition and, per column, distinct non-null values (TIMESTAMP as its SQL text). */
  record Table(ApiTable def, int rows, Map<String, List<Object>> values, Map<String, Map<String, List<String>>> json) {
    List<Object> values(String column) {
      return values.getOrDefault(column, List.of());
    }

    /** For a JSON column: simple paths ({@code $.plan}, {@code $[0].id}) and the scalar texts found there. */
    Map<String, List<String>> jsonPaths(String column) {
      return json.getOrDefault(column, Map.of());
    }

    List<ApiColumn> columns() {
      return def.columns();
    }

    String name() {
      return def.name();
    }
  }

  private final Map<String, Table> tables;

  private Sample(Map<String, Table> tables) {
    this.tables = tables;
  }

  List<Table> tables() {
    return List.copyOf(tables.values());
  }

  Table table(String name) {
    return tables.get(name);
  }

  /** Reads every row of each table once through {@code plain}. */
  static Sample read(Connection plain, List<ApiTable> defs) throws SQLException {
    Map<String, Table> out = new LinkedHashMap<>();
    for (ApiTable def : defs) {
      out.put(def.name(), readTable(plain, def));
    }
    return new Sample(out);
  }

  private static Table readTable(Connection plain, ApiTable def) throws SQLException {
    List<ApiColumn> cols = def.columns();
    List<Set<Object>> distinct = new ArrayList<>();
    cols.forEach(c -> distinct.add(new LinkedHashSet<>()));
    Map<String, Map<String, List<String>>> json = new LinkedHashMap<>();
    int rows = 0;
    try (Statement st = plain.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + Sql.ident(def.name()))) {
      while (rs.next()) {
        rows++;
        for (int i = 0; i < cols.size(); i++) {
          ColumnType type = cols.get(i).type();
          Object v = type == ColumnType.TIMESTAMP ? rs.getString(i + 1) : rs.getObject(i + 1);
          if (v == null) {
            continue;
          }
          if (distinct.get(i).size() < MAX_VALUES) {
            distinct.get(i).add(v);
          }
          if (type == ColumnType.JSON) {
            collectPaths((String) v, json.computeIfAbsent(cols.get(i).name(), k -> new LinkedHashMap<>()));
          }
        }
      }
    }
    Map<String, List<Object>> values = new LinkedHashMap<>();
    for (int i = 0; i < cols.size(); i++) {
      if (!distinct.get(i).isEmpty()) {
        values.put(cols.get(i).name(), List.copyOf(distinct.get(i)));
      }
    }
    return new Table(def, rows, values, json);
  }

  private static void collectPaths(String text, Map<String, List<String>> paths) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (Exception e) {
      return;
    }
    collect(n, "$", paths, 0);
  }

  private static void collect(JsonNode n, String path, Map<String, List<String>> paths, int depth) {
    if (depth > 2) {
      return;
    }
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          collect(e.getValue(), path + "." + e.getKey(), paths, depth + 1);
        }
      }
    } else if (n.isArray()) {
      if (!n.isEmpty()) {
        collect(n.get(0), path + "[0]", paths, depth + 1);
      }
    } else if (!path.equals("$")) {
      List<String> seen = paths.computeIfAbsent(path, k -> new ArrayList<>());
      String v = n.isNull() ? null : n.asText();
      if (v != null && seen.size() < 10 && !seen.contains(v)) {
        seen.add(v);
      }
    }
  }
}
