package org.stripesql.adapter.scan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stripesql.adapter.query.FanOut;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.TimeRange;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;

/**
 * The HTTP query parameters of a {@link ListQuery}'s list calls, before paging: the table's own scan
 * parameters (such as {@code status=all}) unless the query sets that parameter, equalities as
 * {@code param=value}, ranges as {@code param[gte]}/{@code param[lte]} (one second as {@code param=s}).
 * A fanned-out parameter is left out; each call adds its own value.
 */
final class ListParams {
  private ListParams() {}

  static Map<String, List<String>> of(ApiTable table, ListQuery query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    table.scanParamsOrEmpty().forEach((k, v) -> params.put(k, List.of(v)));
    query.equalities().forEach((k, v) -> params.put(k, List.of(v)));
    query.ranges().forEach((param, range) -> putRange(params, param, range));
    if (query.fanOut() != null) {
      params.remove(query.fanOut().param());   // replaces a scan parameter such as status=all
    }
    return params;
  }

  /**
   * The parameter a table's list calls take once per value: the query's fan-out (a pushed IN), else a
   * required enum parameter that {@code params} does not set; null when there is none.
   */
  static FanOut fanOut(ApiTable table, ListQuery query, Map<String, List<String>> params) {
    if (query.fanOut() != null) {
      return query.fanOut();
    }
    for (ApiFilter f : table.filters()) {
      if (f.isRequired() && !params.containsKey(f.param()) && f.values() != null) {
        return new FanOut(f.param(), f.values());
      }
    }
    return null;
  }

  /** The path of a child table's list for one parent: the parent id in the path, when the path has it. */
  static String childPath(ApiTable child, String parentId) {
    String pathParam = child.parent().pathParam();
    return pathParam == null ? child.path() : child.path().replace("{" + pathParam + "}", parentId);
  }

  /** The parameters that name the parent of a child table's list when the path does not. */
  static Map<String, List<String>> parentParams(ApiTable child, String parentId) {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    if (child.parent().pathParam() == null) {
      extra.put(child.parent().queryParam(), List.of(parentId));
    }
    return extra;
  }

  private static void putRange(Map<String, List<String>> params, String param, TimeRange range) {
    if (range.isPoint()) {
      params.put(param, List.of(Long.toString(range.gte())));
      return;
    }
    if (range.gte() != null) {
      params.put(param + "[gte]", List.of(Long.toString(range.gte())));
    }
    if (range.lte() != null) {
      params.put(param + "[lte]", List.of(Long.toString(range.lte())));
    }
  }
}
