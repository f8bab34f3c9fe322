package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Notes the columns whose property carries a format the generator does not know (a newer description's
 * {@code date-time}, {@code int64} as a string): such a column keeps its plain type (a string is text, an
 * integer a number), which is never wrong, and the note says its values are not read as that format.
 */
final class UnknownFormats {
  /** The formats the generator reads, by JSON type; {@code binary} is a file's bytes, text here. */
  private static final Map<String, Set<String>> KNOWN = Map.of(
      "integer", Set.of("unix-time"), "string", Set.of("decimal", "binary"));

  private final TableSchemas schemas;
  private final SkipLog skips;

  UnknownFormats(TableSchemas schemas, SkipLog skips) {
    this.schemas = schemas;
    this.skips = skips;
  }

  void check(List<ApiTable> tables) {
    for (ApiTable t : tables) {
      for (ApiColumn c : t.columns()) {
        if (c.path().isEmpty()) {
          continue;
        }
        for (JsonNode property : schemas.properties(t, c.path())) {
          JsonNode resolved = schemas.schemas().resolve(property);
          String format = resolved.path("format").asText("");
          String type = SpecSchemas.type(resolved);
          if (!format.isEmpty() && !KNOWN.getOrDefault(type, Set.of()).contains(format)) {
            skips.add("GET " + t.path() + " column " + c.name(), "format '" + format + "' is unknown to stripe-sql:"
                + " the column is " + c.type() + ", the values as Stripe sends them");
            break;
          }
        }
      }
    }
  }
}
