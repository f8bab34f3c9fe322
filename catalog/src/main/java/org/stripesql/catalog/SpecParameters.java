package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of an operation as OpenAPI defines them: those of the path item and of the operation
 * (the operation's win for the same name and location), each {@code $ref} to
 * {@code #/components/parameters/} followed. Stripe's v1 description puts every parameter on the
 * operation; a newer one may not.
 */
final class SpecParameters {
  private static final String REF_PREFIX = "#/components/parameters/";

  private SpecParameters() {}

  /** Every parameter of the operation, in the order the spec lists them (the path item's first). */
  static List<JsonNode> of(JsonNode spec, JsonNode pathItem, JsonNode operation) {
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    for (JsonNode source : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
      for (JsonNode p : source) {
        JsonNode resolved = resolve(spec, p);
        byKey.put(resolved.path("in").asText() + " " + resolved.path("name").asText(), resolved);
      }
    }
    return new ArrayList<>(byKey.values());
  }

  /** The query parameters among them. */
  static List<JsonNode> query(List<JsonNode> params) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : params) {
      if ("query".equals(p.path("in").asText())) {
        out.add(p);
      }
    }
    return out;
  }

  private static JsonNode resolve(JsonNode spec, JsonNode p) {
    JsonNode node = p;
    for (int hops = 0; hops < 8; hops++) {
      String ref = node.path("$ref").asText("");
      if (!ref.startsWith(REF_PREFIX)) {
        return node;
      }
      node = spec.path("components").path("parameters").path(ref.substring(REF_PREFIX.length()));
    }
    return node;
  }
}
