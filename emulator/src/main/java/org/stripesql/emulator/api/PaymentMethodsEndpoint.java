package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.data.DataSet;

/**
 * Strict mode's {@code GET /v1/payment_methods}: without {@code customer} the list is empty, as Stripe's
 * spec says ("If not provided, the response list will be empty"; today's docs: it lists Treasury payment
 * methods, of which the data set has none). With {@code customer}, the customer's payment methods.
 */
final class PaymentMethodsEndpoint implements Endpoint {
  static final String PATH = "/v1/payment_methods";

  private final ApiTable table;
  private final DataSet data;
  private final ListPager pager;

  PaymentMethodsEndpoint(ApiTable table, DataSet data, ListPager pager) {
    this.table = table;
    this.data = data;
    this.pager = pager;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    String customer = r.single("customer");
    return pager.page(table, customer == null ? List.of() : data.list(table.name()), r.query(), r.path(), Set.of());
  }
}
