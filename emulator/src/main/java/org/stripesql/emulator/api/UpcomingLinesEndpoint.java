package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.data.DataSet;

/**
 * The upcoming invoice's lines ({@code /v1/invoices/upcoming/lines}) of a {@code customer}, or of the
 * customer of a {@code subscription}; 404 {@code invoice_upcoming_none} when nothing is due.
 */
final class UpcomingLinesEndpoint implements Endpoint {
  private final ApiTable table;
  private final ApiTable customers;
  private final DataSet data;
  private final ListPager pager;
  private final Strictness strictness;

  UpcomingLinesEndpoint(ApiTable table, ApiTable customers, DataSet data, ListPager pager, Strictness strictness) {
    this.table = table;
    this.customers = customers;
    this.data = data;
    this.pager = pager;
    this.strictness = strictness;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    String customerId = r.single(table.parent().queryParam());
    String sub = r.single("subscription");
    if ((customerId == null || customerId.isEmpty()) && sub != null) {
      Optional<ObjectNode> s = data.object("subscription", sub);
      if (s.isEmpty()) {
        throw strictness.strict() ? ApiException.noSuchParam("subscription", sub, "subscription")
            : ApiException.noSuch("subscription", sub, "subscription");
      }
      customerId = s.get().path("customer").asText();
    }
    if (customerId == null || customerId.isEmpty()) {
      throw ApiException.missingParam("customer");
    }
    if (data.get(customers.name(), customerId).isEmpty()) {
      throw strictness.noSuchRow(customers, customerId, "customer");
    }
    List<ObjectNode> lines = data.children(table.name(), customerId);
    if (lines.isEmpty()) {
      throw new ApiException(404, "invalid_request_error", "invoice_upcoming_none", null,
          "No upcoming invoices for customer: " + customerId);
    }
    return pager.page(table, lines, r.query(), r.path(), Set.of("customer"));
  }
}
