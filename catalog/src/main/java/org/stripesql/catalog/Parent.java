package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * The parent of a child table.
 *
 * <p>The parent id goes either into the path ({@code /v1/invoices/{invoice}/lines}) or into a required
 * query parameter ({@code /v1/subscription_items?subscription=sub_..}); exactly one of {@code pathParam}
 * and {@code queryParam} is set.
 *
 * @param table      the parent table, whose rows' ids the child list needs; null when no table lists the
 *                   parents ({@code /v1/tax/calculations/{calculation}/line_items}: tax calculations
 *                   cannot be listed), so a query must name them in the parent column
 * @param pathParam  the placeholder in the child path ({@code invoice}), or null
 * @param queryParam the query parameter that carries the parent id ({@code subscription}), or null
 * @param column     the child table's column that holds the parent id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"table", "pathParam", "queryParam", "column"})
public record Parent(String table, String pathParam, String queryParam, String column) {
  public Parent {
    Objects.requireNonNull(column, "column");
    if ((pathParam == null) == (queryParam == null)) {
      throw new IllegalArgumentException("a parent has a path parameter or a query parameter, not both or neither");
    }
  }

  /** Whether a table lists the parents, so a scan can walk them; else a query must name them. */
  @JsonIgnore
  public boolean listed() {
    return table != null;
  }
}
