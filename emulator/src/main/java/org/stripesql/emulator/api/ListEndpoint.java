package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.data.DataSet;

/** The list endpoint of a LIST table ({@code GET /v1/customers}). */
final class ListEndpoint implements Endpoint {
  private final ApiTable table;
  private final DataSet data;
  private final ListPager pager;

  ListEndpoint(ApiTable table, DataSet data, ListPager pager) {
    this.table = table;
    this.data = data;
    this.pager = pager;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    return pager.page(table, data.list(table.name()), r.query(), r.path(), Set.of());
  }
}
