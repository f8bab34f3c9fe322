package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The Search API endpoint of a table ({@code /v1/charges/search}) and the search fields it supports.
 *
 * @param path       the search endpoint
 * @param fields     the query-language fields Stripe documents for the resource, each with the column it reads
 * @param eventTypes the event types (with Stripe's {@code *} wildcard) whose {@code data.object} may be
 *                   one of the table's objects ({@code customer.subscription.*} for subscriptions): what
 *                   changed recently, which the search index may not show yet
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"path", "eventTypes", "fields"})
public record Search(String path, List<SearchField> fields, List<String> eventTypes) {
  public Search {
    fields = fields == null ? List.of() : List.copyOf(fields);
    eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
  }

  public Search(String path, List<SearchField> fields) {
    this(path, fields, null);
  }

  /**
   * A field of Stripe's search query language.
   *
   * @param field  the name in a query ({@code email}, {@code amount}, {@code metadata})
   * @param column the column it corresponds to
   * @param kind   {@code string} (exact {@code :} and substring {@code ~}), {@code number}
   *               ({@code :}, {@code <}, {@code >}...), {@code timestamp}, {@code token} (exact only)
   *               or {@code metadata} ({@code metadata['key']:'value'})
   */
  @JsonPropertyOrder({"field", "column", "kind"})
  public record SearchField(String field, String column, String kind) {}
}
