package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * A query parameter of a list endpoint that narrows the rows it returns.
 *
 * @param param     the Stripe parameter name
 * @param kind      how it filters
 * @param column    the column it filters on, or null when it filters on something that is not a column
 * @param valueType the JSON type of a value: {@code string}, {@code integer} or {@code boolean}
 * @param values    for an enum parameter, the values Stripe accepts; null otherwise
 * @param required  true when Stripe refuses a list call without it ({@code type} of payment methods):
 *                  a scan then makes one call per enum value; null (omitted) when optional
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"param", "kind", "column", "valueType", "values", "required"})
public record ApiFilter(String param, FilterKind kind, String column, String valueType, List<String> values,
    Boolean required) {
  public ApiFilter {
    Objects.requireNonNull(param, "param");
    Objects.requireNonNull(kind, "kind");
    values = values == null ? null : List.copyOf(values);
    required = Boolean.TRUE.equals(required) ? Boolean.TRUE : null;
  }

  public ApiFilter(String param, FilterKind kind, String column, String valueType, List<String> values) {
    this(param, kind, column, valueType, values, null);
  }

  public boolean isRequired() {
    return Boolean.TRUE.equals(required);
  }

  public ApiFilter asRequired() {
    return new ApiFilter(param, kind, column, valueType, values, true);
  }
}
