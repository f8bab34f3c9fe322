package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One example object per object type of a catalog, for the emulator to build its data set from:
 * Stripe's own fixture where {@code fixtures3.json} has one, otherwise an object synthesized from the
 * schema (every property present, typed, with neutral values).
 */
public final class ExampleObjects {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 4;
  private final SpecSchemas schemas;
  private final JsonNode fixtures;

  public ExampleObjects(JsonNode spec, JsonNode fixtures) {
    this.schemas = new SpecSchemas(spec);
    this.fixtures = fixtures.path("resources");
  }

  /**
   * Examples keyed by object type, sorted, for every object type the catalog's tables hold, and the parents
   * no table lists ({@code tax.calculation}), whose ids the emulator makes.
   */
  public ObjectNode forCatalog(Catalog catalog) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (ApiTable t : catalog.tables()) {
      for (String object : t.object().split("\\|")) {
        out.computeIfAbsent(object, this::example);
      }
      if (t.parent() != null && !t.parent().listed()) {
        t.column(t.parent().column()).map(ApiColumn::ref).ifPresent(ref -> out.computeIfAbsent(ref, this::example));
      }
    }
    ObjectNode node = NODES.objectNode();
    out.forEach(node::set);
    return node;
  }

  private JsonNode example(String objectType) {
    JsonNode fixture = fixtures.path(objectType);
    if (fixture.isObject()) {
      return fixture.deepCopy();
    }
    JsonNode schema = componentFor(objectType);
    return synthesize(schema, 0);
  }

  private JsonNode componentFor(String objectType) {
    JsonNode byName = schemas.component(objectType);
    return byName.isMissingNode() ? NODES.objectNode() : byName;
  }

  private JsonNode synthesize(JsonNode schema, int depth) {
    if (schemas.expandableTarget(schema) != null) {
      return SpecSchemas.isNullable(schema) ? NODES.nullNode() : NODES.textNode("ref_example");
    }
    JsonNode s = schemas.resolve(schema);
    if (s.has("anyOf")) {
      return SpecSchemas.isNullable(schema) || SpecSchemas.isNullable(s) ? NODES.nullNode()
          : synthesize(s.path("anyOf").get(0), depth + 1);
    }
    String type = s.path("type").asText("");
    switch (type) {
      case "string":
        if (s.path("enum").isArray() && s.path("enum").size() > 0) {
          return NODES.textNode(s.path("enum").get(0).asText());
        }
        return "decimal".equals(s.path("format").asText()) ? NODES.textNode("0") : NODES.textNode("example");
      case "integer":
        return "unix-time".equals(s.path("format").asText()) ? NODES.numberNode(1600000000L) : NODES.numberNode(0L);
      case "number":
        return NODES.numberNode(0.0);
      case "boolean":
        return NODES.booleanNode(false);
      case "array":
        return NODES.arrayNode();
      default:
        break;
    }
    if (!SpecSchemas.hasProperties(s) || depth >= MAX_DEPTH) {
      return SpecSchemas.hasProperties(s) ? NODES.nullNode() : NODES.objectNode();
    }
    ObjectNode o = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      boolean nullable = SpecSchemas.isNullable(e.getValue());
      o.set(e.getKey(), nullable && depth > 0 ? NODES.nullNode() : synthesize(e.getValue(), depth + 1));
    }
    return o;
  }

  /** Writes examples sorted and indented, so regenerating gives the same bytes. */
  public static String toJson(ObjectNode examples) throws IOException {
    return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(examples) + "\n";
  }
}
