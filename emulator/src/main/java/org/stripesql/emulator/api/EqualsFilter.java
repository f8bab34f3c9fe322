package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.emulator.data.JsonPaths;

/** An EQUALS filter: a boolean, integer, enum or string value the column must equal. */
final class EqualsFilter {
  private EqualsFilter() {}

  /**
   * The rows the parameter keeps; null when it names no column (accepted, not applied).
   * {@code catalogChecks}: refuse a value of the wrong type or outside the catalog's enum.
   */
  static Predicate<JsonNode> parse(ApiFilter f, String key, String suffix, String value, ApiColumn c,
      boolean catalogChecks) {
    if (!suffix.isEmpty()) {
      throw ApiException.unknownParam(key);
    }
    if (catalogChecks) {
      check(f, key, value);
    }
    if (c == null || c.path().isEmpty()) {
      return null;
    }
    if ("integer".equals(f.valueType())) {
      Long want = integer(value);
      return row -> {
        JsonNode v = JsonPaths.valueOrId(row, c.path());
        return want != null && v != null && v.isNumber() && v.asLong() == want;
      };
    }
    return row -> {
      JsonNode v = JsonPaths.valueOrId(row, c.path());
      return v != null && v.isValueNode() && v.asText().equals(value);
    };
  }

  private static Long integer(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void check(ApiFilter f, String key, String value) {
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
  }
}
