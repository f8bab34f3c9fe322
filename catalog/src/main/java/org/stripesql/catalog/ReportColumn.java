package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * A column of a report type's CSV file, as stripe-sql types it.
 *
 * @param name    the CSV header Stripe writes, also the SQL column name
 * @param type    VARCHAR, BIGINT (counts), DECIMAL (amounts in major units), TIMESTAMP (UTC times)
 * @param remarks what the column holds, after Stripe's documentation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "type", "remarks"})
public record ReportColumn(String name, ColumnType type, String remarks) {
  public ReportColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
