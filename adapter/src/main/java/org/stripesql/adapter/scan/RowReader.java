package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.function.Function;

/**
 * What turns a listed object into a row, with the object's top-level fields it reads (null: all), so a
 * list call can ask the client to parse only those.
 */
record RowReader<T>(Function<JsonNode, T> convert, Set<String> fields) implements Function<JsonNode, T> {
  @Override
  public T apply(JsonNode object) {
    return convert.apply(object);
  }

  /** The fields {@code row} reads, when it says; null (all) otherwise. */
  static Set<String> fieldsOf(Function<JsonNode, ?> row) {
    return row instanceof RowReader<?> r ? r.fields() : null;
  }
}
