package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * A list that Stripe answers per owner: a full scan makes one list call without {@code param}, then one
 * per row of {@code table} with {@code param} set to that row's id ({@code /v1/payment_methods} lists a
 * customer's payment methods; without {@code customer} it lists none of them).
 *
 * @param table the table whose rows' ids the scan walks ({@code customers})
 * @param param the list parameter that takes each id ({@code customer})
 */
@JsonPropertyOrder({"table", "param"})
public record ScanPer(String table, String param) {
  public ScanPer {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(param, "param");
  }
}
