package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.data.DataSet;

/** A singleton's endpoint ({@code /v1/balance}, {@code /v1/account}): its one object. */
final class SingletonEndpoint implements Endpoint {
  private final ApiTable table;
  private final DataSet data;
  private final Expander expander;
  private final Strictness strictness;

  SingletonEndpoint(ApiTable table, DataSet data, Expander expander, Strictness strictness) {
    this.table = table;
    this.data = data;
    this.expander = expander;
    this.strictness = strictness;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    List<String> expand = Expander.objectPaths(r.query(), strictness.catalogChecks());
    return expander.expand(data.list(table.name()).get(0), table, expand);
  }
}
