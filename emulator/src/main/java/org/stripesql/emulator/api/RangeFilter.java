package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.emulator.data.JsonPaths;

/** A RANGE filter ({@code created}, {@code created[gte]}...): an integer compared with the column. */
final class RangeFilter {
  private RangeFilter() {}

  /** The rows the parameter keeps; null when it names no column (accepted, not applied). */
  static Predicate<JsonNode> parse(String key, String suffix, String value, ApiColumn c) {
    String op = switch (suffix) {
      case "" -> "eq";
      case "[gt]" -> "gt";
      case "[gte]" -> "gte";
      case "[lt]" -> "lt";
      case "[lte]" -> "lte";
      default -> throw ApiException.unknownParam(key);
    };
    long bound = QueryParams.parseLong(key, value);
    if (c == null || c.path().isEmpty()) {
      return null;
    }
    return row -> {
      JsonNode v = JsonPaths.valueOrId(row, c.path());
      if (v == null || !v.isNumber()) {
        return false;
      }
      long x = v.asLong();
      return switch (op) {
        case "gt" -> x > bound;
        case "gte" -> x >= bound;
        case "lt" -> x < bound;
        case "lte" -> x <= bound;
        default -> x == bound;
      };
    };
  }
}
