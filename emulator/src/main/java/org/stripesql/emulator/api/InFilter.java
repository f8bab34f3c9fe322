package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.emulator.data.JsonPaths;

/** An IN filter ({@code ids[]=a&ids[]=b}, {@code ids[0]}, or plain): the column equals one of the values. */
final class InFilter {
  private InFilter() {}

  /** Refuses a key whose suffix is neither none, {@code []} nor an index. */
  static void checkKey(String key, String suffix) {
    if (!suffix.isEmpty() && !suffix.equals("[]") && !suffix.matches("\\[\\d+]")) {
      throw ApiException.unknownParam(key);
    }
  }

  /** The rows whose column holds one of the values (of every key of the parameter); null without a column. */
  static Predicate<JsonNode> of(ApiColumn c, List<String> values) {
    if (c == null || c.path().isEmpty()) {
      return null;
    }
    Set<String> set = Set.copyOf(values);
    return row -> {
      JsonNode v = JsonPaths.valueOrId(row, c.path());
      return v != null && set.contains(v.asText());
    };
  }
}
