package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.data.DataSet;

/**
 * The list endpoint of a CHILD table: one parent's rows, the parent id in the path
 * ({@code /v1/customers/{customer}/sources}) or in a query parameter ({@code /v1/invoiceitems?invoice=});
 * {@code parent} null when no table lists the parents ({@code /v1/tax/calculations/{calculation}/line_items}).
 */
final class ChildListEndpoint implements Endpoint {
  private final ApiTable table;
  private final ApiTable parent;
  private final DataSet data;
  private final ListPager pager;
  private final Strictness strictness;

  ChildListEndpoint(ApiTable table, ApiTable parent, DataSet data, ListPager pager, Strictness strictness) {
    this.table = table;
    this.parent = parent;
    this.data = data;
    this.pager = pager;
    this.strictness = strictness;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    String parentId;
    Set<String> extra = Set.of();
    if (table.parent().pathParam() != null) {
      parentId = r.pathParams().get(0);
      if (parent == null) {
        // no table lists the parents (tax calculations): the ones the data set made children for exist
        if (!data.hasParent(table.name(), parentId)) {
          String what = table.column(table.parent().column()).map(c -> c.ref()).orElse(table.parent().column());
          throw ApiException.noSuch(what == null ? table.parent().column() : what, parentId, "id");
        }
      } else if (data.get(parent.name(), parentId).isEmpty()) {
        throw ApiException.noSuchRow(parent, parentId, "id");
      }
    } else {
      String qp = table.parent().queryParam();
      extra = Set.of(qp);
      parentId = r.single(qp);
      if (parentId == null || parentId.isEmpty()) {
        throw ApiException.missingParam(qp);
      }
      if (data.get(parent.name(), parentId).isEmpty()) {
        throw strictness.noSuchRow(parent, parentId, qp);
      }
    }
    return pager.page(table, data.children(table.name(), parentId), r.query(), r.path(), extra);
  }
}
