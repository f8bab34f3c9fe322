package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The Events API's own filters ({@code GET /v1/events}): {@code type} is an event name or a group of
 * them with {@code *} wildcards ({@code charge.*}, {@code *.updated}); {@code types[]} lists exact names
 * (not both); {@code delivery_success} keeps events whose webhooks were all delivered (true) or the
 * others (false), read from {@code pending_webhooks}.
 */
final class EventFilters {
  static final String PATH = "/v1/events";
  /** The parameters read here rather than from the catalog's filters. */
  static final Set<String> PARAMS = Set.of("type", "types", "delivery_success");

  private EventFilters() {}

  /** The rows the Events API's own parameters keep; null when none is given. */
  static Predicate<JsonNode> predicate(Map<String, List<String>> q) {
    String type = QueryParams.single(q, "type");
    List<String> types = new ArrayList<>();
    q.forEach((k, v) -> {
      if (k.equals("types") || k.startsWith("types[")) {
        types.addAll(v);
      }
    });
    if (type != null && !types.isEmpty()) {
      throw ApiException.invalid("types", "You may pass either type or types, but not both.");
    }
    List<Predicate<JsonNode>> preds = new ArrayList<>();
    if (type != null) {
      Pattern p = wildcard(type);
      preds.add(e -> p.matcher(e.path("type").asText()).matches());
    }
    if (!types.isEmpty()) {
      Set<String> names = Set.copyOf(types);
      preds.add(e -> names.contains(e.path("type").asText()));
    }
    String delivered = QueryParams.single(q, "delivery_success");
    if (delivered != null) {
      if (!delivered.equals("true") && !delivered.equals("false")) {
        throw ApiException.invalid("delivery_success", "Invalid boolean: " + delivered);
      }
      boolean want = Boolean.parseBoolean(delivered);
      preds.add(e -> (e.path("pending_webhooks").asLong(0) == 0) == want);
    }
    return preds.isEmpty() ? null : e -> preds.stream().allMatch(p -> p.test(e));
  }

  /** An event name with {@code *} standing for any run of characters, dots included. */
  static Pattern wildcard(String type) {
    String[] parts = type.split("\\*", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      re.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(re.toString());
  }
}
