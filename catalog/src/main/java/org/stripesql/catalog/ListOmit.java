package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * Objects a table's list leaves out, so they are not rows even where another request (a retrieve by id,
 * a list narrowed by a parameter) would return them: objects of a test clock ({@code test_clock} set),
 * a customer's canceled subscriptions.
 *
 * @param column the column that tells
 * @param values the values that leave an object out; null for any non-null value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"column", "values"})
public record ListOmit(String column, List<String> values) {
  public ListOmit {
    Objects.requireNonNull(column, "column");
    values = values == null ? null : List.copyOf(values);
  }

  /** Whether a row holding {@code value} in the column is left out. */
  public boolean omits(Object value) {
    return value != null && (values == null || values.contains(value.toString()));
  }
}
