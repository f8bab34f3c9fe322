package org.stripesql.pgwire.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.stripesql.pgwire.types.TextFormat;

/**
 * PostgreSQL's JSON operators and functions over json text ({@code metadata->>'plan'},
 * {@code json_extract_path_text(metadata, 'a', 'b')}): a key names an object's field, an integer an array's
 * element (negative from the end); a missing one, or JSON null under {@code ->>}, is SQL NULL.
 */
public final class JsonFunctions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFunctions() {
  }

  private static JsonNode parse(Object json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json.toString());
    } catch (JsonProcessingException e) {
      throw new PgSqlException("22P02", "invalid input syntax for type json");
    }
  }

  private static JsonNode step(JsonNode node, Object key) {
    if (node == null || key == null) {
      return null;
    }
    if (key instanceof Number n) {
      if (!node.isArray()) {
        return null;
      }
      int i = n.intValue() < 0 ? node.size() + n.intValue() : n.intValue();
      return i >= 0 && i < node.size() ? node.get(i) : null;
    }
    String k = key.toString();
    if (node.isArray() && k.matches("-?\\d+")) {
      return step(node, Integer.parseInt(k));
    }
    return node.isObject() ? node.get(k) : null;
  }

  private static String json(JsonNode node) {
    return node == null ? null : node.toString();
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString();
  }

  /** {@code json -> key}. */
  public static String json_object_field(Object json, Object key) {
    return json(step(parse(json), key));
  }

  /** {@code json ->> key}. */
  public static String json_object_field_text(Object json, Object key) {
    return text(step(parse(json), key));
  }

  private static JsonNode path(Object json, List<?> keys) {
    JsonNode n = parse(json);
    for (Object k : keys) {
      n = step(n, k);
    }
    return n;
  }

  private static List<?> keys(Object path) {
    if (path == null) {
      return null;
    }
    if (path instanceof List<?> l) {
      return l;
    }
    return new ArrayList<>(TextFormat.arrayElements(path.toString()));
  }

  /** {@code json #> path}, path a text array ({@code '{a,0,b}'}). */
  public static String json_path(Object json, Object path) {
    List<?> keys = keys(path);
    return keys == null ? null : json(path(json, keys));
  }

  /** {@code json #>> path}. */
  public static String json_path_text(Object json, Object path) {
    List<?> keys = keys(path);
    return keys == null ? null : text(path(json, keys));
  }

  public static String json_extract_path(Object json, Object k1) {
    return json(path(json, List.of(k1)));
  }

  public static String json_extract_path(Object json, Object k1, Object k2) {
    return json(path(json, List.of(k1, k2)));
  }

  public static String json_extract_path(Object json, Object k1, Object k2, Object k3) {
    return json(path(json, List.of(k1, k2, k3)));
  }

  public static String json_extract_path_text(Object json, Object k1) {
    return text(path(json, List.of(k1)));
  }

  public static String json_extract_path_text(Object json, Object k1, Object k2) {
    return text(path(json, List.of(k1, k2)));
  }

  public static String json_extract_path_text(Object json, Object k1, Object k2, Object k3) {
    return text(path(json, List.of(k1, k2, k3)));
  }

  /** A json array's elements, as json or (for strings) their text; null for SQL NULL. */
  static List<String> elements(Object json, boolean text) {
    JsonNode n = parse(json);
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      throw new PgSqlException("22023", "cannot extract elements from a " + (n.isObject() ? "object" : "scalar"));
    }
    List<String> out = new ArrayList<>();
    n.forEach(e -> out.add(text ? text(e) : json(e)));
    return out;
  }

  /** {@code json_typeof}: object, array, string, number, boolean or null. */
  public static String json_typeof(Object json) {
    JsonNode n = parse(json);
    if (n == null) {
      return null;
    }
    return n.isObject() ? "object" : n.isArray() ? "array" : n.isTextual() ? "string" : n.isNumber() ? "number"
        : n.isBoolean() ? "boolean" : "null";
  }

  /** {@code json_array_length}. */
  public static Integer json_array_length(Object json) {
    JsonNode n = parse(json);
    if (n != null && !n.isArray()) {
      throw new PgSqlException("22023", "cannot get array length of a non-array");
    }
    return n == null ? null : n.size();
  }
}
