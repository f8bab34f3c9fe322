package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.TableKind;
import org.stripesql.emulator.data.DataSet;

/**
 * The retrieve endpoint of a table ({@code GET /v1/customers/{id}}); a child row must belong to the
 * parent in the path. A deleted object answers its stub ({@code {"id", "object", "deleted": true}}), as
 * Stripe does for the objects whose retrieve its spec answers with a {@code deleted_*} schema.
 */
final class RetrieveEndpoint implements Endpoint {
  private final ApiTable table;
  private final ApiTable parent;
  private final DataSet data;
  private final Expander expander;
  private final Strictness strictness;

  /** {@code parent}: the parent table of a CHILD table, else null. */
  RetrieveEndpoint(ApiTable table, ApiTable parent, DataSet data, Expander expander, Strictness strictness) {
    this.table = table;
    this.parent = parent;
    this.data = data;
    this.expander = expander;
    this.strictness = strictness;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    List<String> expand = Expander.objectPaths(r.query(), strictness.catalogChecks());
    expander.validate(table, expand);
    List<String> params = r.pathParams();
    String id = params.get(params.size() - 1);
    ObjectNode o;
    if (table.kind() == TableKind.CHILD && table.parent().pathParam() != null && params.size() >= 2) {
      String parentId = params.get(0);
      if (data.get(parent.name(), parentId).isEmpty()) {
        throw ApiException.noSuchRow(parent, parentId, "id");
      }
      o = data.get(table.name(), id).filter(x -> parentId.equals(data.parentOf(table.name(), id)))
          .orElseThrow(() -> ApiException.noSuchRow(table, id, "id"));
    } else {
      o = data.get(table.name(), id).or(() -> data.deleted(table.name(), id))
          .orElseThrow(() -> ApiException.noSuchRow(table, id, "id"));
    }
    return expander.expand(o, table, expand);
  }
}
