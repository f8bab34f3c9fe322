package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns an object schema into columns: scalars typed, expandable references as the referenced id,
 * nested objects flattened into {@code parent_child} columns down to {@link #MAX_DEPTH} levels, and
 * everything else (arrays, maps, polymorphic values, deeper objects, embedded lists) as JSON text.
 */
final class ColumnFlattener {
  /** A path of at most this many property names becomes a column of its own. */
  static final int MAX_DEPTH = 3;

  private final SpecSchemas schemas;
  private final boolean withRemarks;

  ColumnFlattener(SpecSchemas schemas, boolean withRemarks) {
    this.schemas = schemas;
    this.withRemarks = withRemarks;
  }

  /** Columns of an object schema, {@code id} first, then in the spec's property order. */
  List<ApiColumn> columns(JsonNode objectSchema) {
    List<ApiColumn> out = new ArrayList<>();
    addProperties(objectSchema, List.of(), false, out);
    out.sort((a, b) -> Boolean.compare(!a.name().equals("id"), !b.name().equals("id")));
    return uniqueNames(out);
  }

  /** Columns for rows of several possible object types: the union of their columns, first seen first. */
  List<ApiColumn> unionColumns(List<JsonNode> objectSchemas) {
    Map<String, ApiColumn> byName = new LinkedHashMap<>();
    for (JsonNode s : objectSchemas) {
      for (ApiColumn c : columns(s)) {
        ApiColumn seen = byName.get(c.name());
        if (seen == null) {
          // a column that only some variants have is null for the others
          byName.put(c.name(), new ApiColumn(c.name(), c.type(), objectSchemas.size() > 1 || c.nullable(),
              c.path(), c.ref(), c.remarks(), c.values()));
        } else if (seen.type() != c.type() || !seen.path().equals(c.path())) {
          byName.put(c.name(), new ApiColumn(c.name(), ColumnType.JSON, true, seen.path(), null, seen.remarks()));
        } else if (seen.values() != null || c.values() != null) {
          // a variant without an enum there may hold anything; otherwise any variant's value
          List<String> union = null;
          if (seen.values() != null && c.values() != null) {
            Set<String> both = new TreeSet<>(seen.values());
            both.addAll(c.values());
            union = new ArrayList<>(both);
          }
          byName.put(c.name(), new ApiColumn(seen.name(), seen.type(), seen.nullable(), seen.path(), seen.ref(),
              seen.remarks(), union));
        }
      }
    }
    return new ArrayList<>(byName.values());
  }

  private void addProperties(JsonNode objectSchema, List<String> prefix, boolean parentNullable,
      List<ApiColumn> out) {
    JsonNode resolved = schemas.resolve(objectSchema);
    Set<String> required = new HashSet<>();
    resolved.path("required").forEach(r -> required.add(r.asText()));
    Iterator<Map.Entry<String, JsonNode>> it = resolved.path("properties").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> path = new ArrayList<>(prefix);
      path.add(e.getKey());
      boolean nullable = parentNullable || !required.contains(e.getKey())
          || SpecSchemas.isNullable(e.getValue()) || SpecSchemas.isNullable(schemas.resolve(e.getValue()));
      addProperty(e.getValue(), path, nullable, out);
    }
  }

  private void addProperty(JsonNode schema, List<String> path, boolean nullable, List<ApiColumn> out) {
    String name = String.join("_", path);
    String remarks = withRemarks ? description(schema) : null;
    String target = schemas.expandableTarget(schema);
    if (target != null) {
      out.add(new ApiColumn(name, ColumnType.VARCHAR, nullable, path, target, remarks));
      return;
    }
    JsonNode resolved = schemas.resolve(schema);
    if (resolved.has("anyOf") || resolved.has("oneOf")) {
      out.add(new ApiColumn(name, ColumnType.JSON, nullable, path, null, remarks));
      return;
    }
    String type = SpecSchemas.type(resolved);
    String format = resolved.path("format").asText("");
    switch (type) {
      case "string":
        out.add(new ApiColumn(name, "decimal".equals(format) ? ColumnType.DECIMAL : ColumnType.VARCHAR,
            nullable, path, null, remarks, enumValues(resolved)));
        return;
      case "integer":
        out.add(new ApiColumn(name, "unix-time".equals(format) ? ColumnType.TIMESTAMP : ColumnType.BIGINT,
            nullable, path, null, remarks));
        return;
      case "number":
        out.add(new ApiColumn(name, ColumnType.DOUBLE, nullable, path, null, remarks));
        return;
      case "boolean":
        out.add(new ApiColumn(name, ColumnType.BOOLEAN, nullable, path, null, remarks));
        return;
      default:
        break;
    }
    boolean flatten = path.size() < MAX_DEPTH && SpecSchemas.hasProperties(resolved)
        && !SpecSchemas.isListObject(resolved) && !resolved.has("additionalProperties");
    if (flatten) {
      addProperties(resolved, path, nullable, out);
    } else {
      out.add(new ApiColumn(name, ColumnType.JSON, nullable, path, null, remarks));
    }
  }

  /** The enum a string schema declares, sorted; null when it declares none. */
  static List<String> enumValues(JsonNode schema) {
    if (!schema.path("enum").isArray()) {
      return null;
    }
    Set<String> values = new TreeSet<>();
    schema.path("enum").forEach(v -> {
      if (v.isTextual()) {
        values.add(v.asText());
      }
    });
    return new ArrayList<>(values);
  }

  private static String description(JsonNode schema) {
    String d = schema.path("description").asText("");
    return d.isEmpty() ? null : d;
  }

  /**
   * Flattening can make two paths meet in one name ({@code a_b.c} and {@code a.b_c}); the later one
   * gets a numeric suffix so names never collide.
   */
  private static List<ApiColumn> uniqueNames(List<ApiColumn> columns) {
    Set<String> seen = new HashSet<>();
    List<ApiColumn> out = new ArrayList<>(columns.size());
    for (ApiColumn c : columns) {
      String name = c.name();
      for (int n = 2; !seen.add(name); n++) {
        name = c.name() + "_" + n;
      }
      out.add(name.equals(c.name()) ? c
          : new ApiColumn(name, c.type(), c.nullable(), c.path(), c.ref(), c.remarks(), c.values()));
    }
    return out;
  }
}
