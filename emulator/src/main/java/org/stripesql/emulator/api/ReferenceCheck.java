package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.FilterKind;
import org.stripesql.emulator.data.DataSet;
import org.stripesql.emulator.data.JsonPaths;

/**
 * Strict mode's answer to a list filtered on an object that does not exist ({@code customer=cus_typo}):
 * Stripe's 400 resource_missing naming the parameter, instead of an empty list. An id exists when the
 * data set stores an object or a deleted stub with it, or when a row of the listed table refers to it.
 */
final class ReferenceCheck {
  private ReferenceCheck() {}

  /** Throws for the first EQUALS filter on a reference column whose id does not exist. */
  static void check(DataSet data, ApiTable t, Map<String, List<String>> q, List<ObjectNode> rows) {
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      ApiFilter f = t.filter(e.getKey()).orElse(null);
      if (f == null || f.kind() != FilterKind.EQUALS || f.column() == null) {
        continue;
      }
      ApiColumn c = t.column(f.column()).orElse(null);
      if (c == null || c.ref() == null || c.path().isEmpty()) {
        continue;
      }
      String id = QueryParams.last(e.getValue());
      if (!exists(data, c, id, rows)) {
        throw ApiException.noSuchParam(c.ref(), id, e.getKey());
      }
    }
  }

  private static boolean exists(DataSet data, ApiColumn c, String id, List<ObjectNode> rows) {
    if (data.anyById(id).isPresent() || data.isDeleted(id)) {
      return true;
    }
    for (ObjectNode row : rows) {
      JsonNode v = JsonPaths.valueOrId(row, c.path());
      if (v != null && id.equals(v.asText())) {
        return true;
      }
    }
    return false;
  }
}
