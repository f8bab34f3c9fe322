package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/** Reads schemas of an OpenAPI description: resolves {@code $ref}s and classifies {@code anyOf}s. */
final class SpecSchemas {
  private static final String REF_PREFIX = "#/components/schemas/";
  private final JsonNode components;

  SpecSchemas(JsonNode spec) {
    this.components = spec.path("components").path("schemas");
  }

  /** The component schema with this name, or a missing node. */
  JsonNode component(String name) {
    return components.path(name);
  }

  /** The component name a {@code $ref} names, or null when the node is not a reference. */
  static String refName(JsonNode schema) {
    String ref = schema.path("$ref").asText(null);
    return ref != null && ref.startsWith(REF_PREFIX) ? ref.substring(REF_PREFIX.length()) : null;
  }

  /** Follows {@code $ref}s, and unwraps an {@code anyOf} of one schema (Stripe's way to say "nullable ref"). */
  JsonNode resolve(JsonNode schema) {
    JsonNode s = schema;
    for (int hops = 0; hops < 16; hops++) {
      String ref = refName(s);
      if (ref != null) {
        s = components.path(ref);
        continue;
      }
      JsonNode anyOf = s.path("anyOf");
      if (anyOf.isArray() && anyOf.size() == 1) {
        s = anyOf.get(0);
        continue;
      }
      return s;
    }
    return MissingNode.getInstance();
  }

  /** Whether a schema, before resolution, says it may be null (OpenAPI 3.0's nullable, or 3.1's type "null"). */
  static boolean isNullable(JsonNode schema) {
    if (schema.path("type").isArray()) {
      for (JsonNode t : schema.path("type")) {
        if ("null".equals(t.asText())) {
          return true;
        }
      }
    }
    return schema.path("nullable").asBoolean(false);
  }

  /**
   * A schema's JSON type: its {@code type}, or the one type besides {@code null} of a type list
   * (OpenAPI 3.1); the empty string when it has none or several.
   */
  static String type(JsonNode schema) {
    JsonNode type = schema.path("type");
    if (!type.isArray()) {
      return type.asText("");
    }
    String only = "";
    for (JsonNode t : type) {
      if (!"null".equals(t.asText())) {
        if (!only.isEmpty()) {
          return "";
        }
        only = t.asText();
      }
    }
    return only;
  }

  /**
   * For an expandable reference ({@code anyOf: [string, $ref X, ...]}), the object type of the first
   * referenced resource ({@code customer}); null when the schema is not one.
   */
  String expandableTarget(JsonNode schema) {
    JsonNode anyOf = schema.path("anyOf");
    if (!anyOf.isArray() || anyOf.size() < 2 || !"string".equals(anyOf.get(0).path("type").asText())) {
      return null;
    }
    for (int i = 1; i < anyOf.size(); i++) {
      String ref = refName(anyOf.get(i));
      if (ref == null) {
        return null;
      }
    }
    String first = refName(anyOf.get(1));
    return component(first).path("x-resourceId").asText(first);
  }

  /** The schemas an {@code anyOf} (or {@code oneOf}) lists, resolved. */
  List<JsonNode> alternatives(JsonNode schema) {
    List<JsonNode> out = new ArrayList<>();
    (schema.has("anyOf") ? schema.path("anyOf") : schema.path("oneOf")).forEach(a -> out.add(resolve(a)));
    return out;
  }

  /** Whether a resolved schema is an object with named properties (flattenable). */
  static boolean hasProperties(JsonNode resolved) {
    return resolved.path("properties").isObject() && resolved.path("properties").size() > 0;
  }

  /** Whether a resolved schema is a Stripe list object ({@code data}, {@code has_more}). */
  static boolean isListObject(JsonNode resolved) {
    JsonNode p = resolved.path("properties");
    return p.has("data") && p.has("has_more");
  }
}
