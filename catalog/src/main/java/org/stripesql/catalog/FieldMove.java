package org.stripesql.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A field Stripe moved from an object into the entries of a list it embeds, in one API version: before
 * {@code version} objects of type {@code object} had {@code column} at the top level; from it on, each
 * entry of {@code list} has it at {@code gather.field}. {@link FieldMoves} lists the known ones.
 *
 * @param version the API version that moved it ({@code 2025-03-31.basil})
 * @param object  the object type ({@code subscription})
 * @param column  the field's name before, and the column's ({@code current_period_start})
 * @param list    the embedded list's path in the object ({@code ["items", "data"]})
 * @param gather  how the column reads the entries' values
 * @param source  Stripe's changelog entry
 */
public record FieldMove(String version, String object, String column, List<String> list, Gather gather,
    String source) {
  public FieldMove {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(column, "column");
    list = List.copyOf(list);
    Objects.requireNonNull(gather, "gather");
  }

  /** {@code subscription.current_period_start → items.data[].current_period_start (the smallest)}. */
  public String describe() {
    return object + "." + column + " → " + gather.describe(list);
  }
}
