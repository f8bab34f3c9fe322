package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.emulator.data.JsonPaths;

/** An EQUALS filter: a boolean, integer, enum or string value the column must equal. */
final class EqualsFilter {
  private EqualsFilter() {}

  /** The rows the parameter keeps; null when it names no column (accepted, not applied). */
  static Predicate<JsonNode> parse(ApiFilter f, String key, String suffix, String value, ApiColumn c) {
    if (!suffix.isEmpty()) {
      throw ApiException.unknownParam(key);
    }
    switch (f.valueType() == null ? "string" : f.valueType()) {
      case "boolean" -> {
        if (!value.equals("true") && !value.equals("false")) {
          throw ApiException.invalid(key, "Invalid boolean: " + value);
        }
      }
      case "integer" -> QueryParams.parseLong(key, value);
      default -> {
        if (f.values() != null && !f.values().contains(value)) {
          throw ApiException.invalid(key, "Invalid " + key + ": must be one of " + QueryParams.oneOf(f.values()));
        }
      }
    }
    if (c == null || c.path().isEmpty()) {
      return null;
    }
    boolean integer = "integer".equals(f.valueType());
    return row -> {
      JsonNode v = JsonPaths.valueOrId(row, c.path());
      if (v == null) {
        return false;
      }
      if (integer) {
        return v.isNumber() && v.asLong() == Long.parseLong(value.trim());
      }
      return v.isValueNode() && v.asText().equals(value);
    };
  }
}
