package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading a write's form-encoded parameters as Stripe takes them: scalars, {@code metadata[key]=value}
 * (an empty value removes the key), and Stripe's errors for unknown, missing and malformed parameters.
 */
final class FormParams {
  private final Map<String, List<String>> form;

  FormParams(Map<String, List<String>> form) {
    this.form = form;
  }

  /** Refuses any parameter outside {@code allowed} (and {@code metadata[...]}, {@code expand[]}). */
  FormParams allow(Set<String> allowed) {
    for (String key : form.keySet()) {
      String base = key.contains("[") ? key.substring(0, key.indexOf('[')) : key;
      if (!allowed.contains(base) && !base.equals("metadata") && !base.equals("expand")) {
        throw ApiException.unknownParam(key);
      }
    }
    return this;
  }

  String string(String key) {
    return QueryParams.single(form, key);
  }

  /** The parameters' keys, as sent. */
  Set<String> keys() {
    return form.keySet();
  }

  /** Every value of a key, in order; empty when it is absent. */
  List<String> all(String key) {
    return form.getOrDefault(key, List.of());
  }

  boolean has(String key) {
    return form.containsKey(key);
  }

  String required(String key) {
    String v = string(key);
    if (v == null || v.isEmpty()) {
      throw ApiException.missingParam(key);
    }
    return v;
  }

  /** A whole number parameter, or {@code otherwise} when absent. */
  long integer(String key, long otherwise) {
    String v = string(key);
    if (v == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(key, "Invalid integer: " + v);
    }
  }

  Boolean bool(String key) {
    String v = string(key);
    if (v == null) {
      return null;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw ApiException.invalid(key, "Invalid boolean: " + v);
    }
    return Boolean.valueOf(v);
  }

  /**
   * Applies {@code metadata[key]} parameters to a copy of the object's metadata; returns the keys'
   * previous values (null where a key was new), or null when no metadata was given.
   */
  ObjectNode applyMetadata(ObjectNode object) {
    ObjectNode previous = null;
    JsonNode old = object.path("metadata");
    ObjectNode md = old.isObject() ? ((ObjectNode) old).deepCopy() : JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, List<String>> e : form.entrySet()) {
      String k = e.getKey();
      if (!k.startsWith("metadata[") || !k.endsWith("]")) {
        continue;
      }
      String key = k.substring("metadata[".length(), k.length() - 1);
      String value = QueryParams.last(e.getValue());
      if (previous == null) {
        previous = JsonNodeFactory.instance.objectNode();
      }
      previous.set(key, md.has(key) ? md.get(key) : JsonNodeFactory.instance.nullNode());
      if (value.isEmpty()) {
        md.remove(key);
      } else {
        md.put(key, value);
      }
    }
    if (previous != null) {
      object.set("metadata", md);
    }
    return previous;
  }
}
