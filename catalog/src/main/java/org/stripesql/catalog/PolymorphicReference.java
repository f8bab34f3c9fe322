package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * A reference column whose id may name objects of several types ({@code default_source}: a card, a
 * bank account, a source...). It is no foreign key: no one table holds every value.
 *
 * @param column  the column
 * @param objects the object types its ids may name, in the spec's order
 */
@JsonPropertyOrder({"column", "objects"})
public record PolymorphicReference(String column, List<String> objects) {
  public PolymorphicReference {
    Objects.requireNonNull(column, "column");
    objects = List.copyOf(objects);
  }
}
