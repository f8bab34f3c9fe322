package org.stripesql.emulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Reading and writing values at a column's path ({@code ["billing_details", "email"]}) inside an object. */
public final class JsonPaths {
  private JsonPaths() {}

  /** The node at the path, or null when a container on the way is missing or not an object. */
  public static JsonNode at(JsonNode root, List<String> path) {
    JsonNode n = root;
    for (String p : path) {
      if (n == null || !n.isObject()) {
        return null;
      }
      n = n.get(p);
    }
    return n;
  }

  /** The value at the path, or the referenced object's id when it holds an expanded object; null for null. */
  public static JsonNode valueOrId(JsonNode root, List<String> path) {
    JsonNode v = at(root, path);
    if (v != null && v.isObject() && v.has("id")) {
      v = v.get("id");
    }
    return v == null || v.isNull() ? null : v;
  }

  /** Sets the value at a path when every container on the way exists; returns whether it did. */
  public static boolean setAt(ObjectNode root, List<String> path, JsonNode value) {
    if (path.isEmpty()) {
      return false;
    }
    JsonNode n = root;
    for (int i = 0; i < path.size() - 1; i++) {
      n = n.get(path.get(i));
      if (n == null || !n.isObject()) {
        return false;
      }
    }
    ((ObjectNode) n).set(path.get(path.size() - 1), value);
    return true;
  }
}
