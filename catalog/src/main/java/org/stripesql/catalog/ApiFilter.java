package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param required  true when Stripe refuses a list call without it: a scan makes one call per value of a
 *                  required enum parameter ({@code type} of payment methods in 2020-08-27); any other
 *                  required parameter ({@code ownership} of financial connections account owners, the
 *                  member {@code scope[type]} of apps secrets) must be fixed by the query in its column
 *                  ({@link #mustBeFixed()}); null (omitted) when optional
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

  /**
   * Whether a list call needs a value only the query can give: a required parameter that is no enum, or
   * a member of an object parameter ({@code scope[type]}), whose other members may have to go with it.
   */
  @JsonIgnore
  public boolean mustBeFixed() {
    return isRequired() && (values == null || isMember());
  }

  /** Whether the parameter is a member of an object parameter: {@code scope[type]}. */
  @JsonIgnore
  public boolean isMember() {
    return param.indexOf('[') > 0;
  }

  public ApiFilter asRequired() {
    return new ApiFilter(param, kind, column, valueType, values, true);
  }
}
