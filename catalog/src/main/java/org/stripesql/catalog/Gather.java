package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * How a column reads a field Stripe moved into the entries of an embedded list: the value is the
 * {@code combine} of {@code field} over the entries at the column's {@code path}. Since 2025-03-31.basil a
 * subscription's {@code current_period_start} lives on each of its items ({@code items.data[]}); the
 * subscriptions table keeps the column, as the earliest start of its items ({@link FieldMoves}).
 *
 * @param field   the field inside each entry ({@code ["current_period_start"]})
 * @param combine how the entries' values make one: the smallest or the largest
 * @param movedIn the API version that moved it, for messages and docs
 */
@JsonPropertyOrder({"field", "combine", "movedIn"})
public record Gather(List<String> field, Combine combine, String movedIn) {
  /** How the entries' values make the column's value; nulls are skipped. */
  public enum Combine { MIN, MAX }

  public Gather {
    field = List.copyOf(field);
    Objects.requireNonNull(combine, "combine");
  }

  /** {@code items.data[].current_period_start (the earliest)}, with the list's path. */
  public String describe(List<String> listPath) {
    return String.join(".", listPath) + "[]." + String.join(".", field)
        + (combine == Combine.MIN ? " (the smallest)" : " (the largest)");
  }
}
