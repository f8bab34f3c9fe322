package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the spec's schemas behind a table that is already derived: the object schemas of its rows, and the
 * property schema behind one of its columns. Used by the passes that run after the tables are made
 * ({@link CatalogKeys}, {@link TableRemarks}).
 */
final class TableSchemas {
  private static final String OBJECT_PREFIX = "$object";
  private final JsonNode paths;
  private final SpecSchemas schemas;

  TableSchemas(JsonNode spec, SpecSchemas schemas) {
    this.paths = spec.path("paths");
    this.schemas = schemas;
  }

  SpecSchemas schemas() {
    return schemas;
  }

  /** The resolved schema of the whole object the endpoint returns: a list item type, or the singleton. */
  List<JsonNode> objectSchemas(ApiTable t) {
    JsonNode response = schemas.resolve(paths.path(t.path()).path("get").path("responses").path("200")
        .path("content").path("application/json").path("schema"));
    if (t.kind() == TableKind.SINGLETON) {
      return List.of(response);
    }
    JsonNode items = response.path("properties").path("data").path("items");
    return SpecSchemas.refName(items) != null ? List.of(schemas.resolve(items)) : schemas.alternatives(items);
  }

  /** The schemas a column path starts from: the row objects, or for an exploded singleton its array entries. */
  private List<JsonNode> rowSchemas(ApiTable t, boolean objectLevel) {
    List<JsonNode> objects = objectSchemas(t);
    if (t.explode() == null || objectLevel) {
      return objects;
    }
    List<JsonNode> entries = new ArrayList<>();
    for (Explode.Source source : t.explode().arrays()) {
      for (JsonNode o : objects) {
        JsonNode s = o;
        for (String p : source.path()) {
          s = schemas.resolve(s.path("properties").path(p));
        }
        entries.add(schemas.resolve(s.path("items")));
      }
    }
    return entries;
  }

  /**
   * The property schemas (unresolved, as the spec writes them) at a path below the table's rows, one per
   * row schema that has it; for a polymorphic table several.
   */
  List<JsonNode> properties(ApiTable t, List<String> path) {
    boolean objectLevel = !path.isEmpty() && path.get(0).equals(OBJECT_PREFIX);
    List<String> rest = objectLevel ? path.subList(1, path.size()) : path;
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode row : rowSchemas(t, objectLevel)) {
      JsonNode node = at(row, rest);
      if (!node.isMissingNode()) {
        out.add(node);
      }
    }
    return out;
  }

  private JsonNode at(JsonNode row, List<String> path) {
    JsonNode node = row;
    for (String segment : path) {
      node = schemas.resolve(node).path("properties").path(segment);
      if (node.isMissingNode()) {
        return MissingNode.getInstance();
      }
    }
    return node;
  }
}
