package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.data.DataSet;

/**
 * One page of a list endpoint: the rows the filters keep, after {@code starting_after} or before
 * {@code ending_before}, at most {@code limit}, expanded, as Stripe's list object with {@code has_more}.
 */
final class ListPager {
  private final DataSet data;
  private final Expander expander;
  private final boolean catalogChecks;

  /** {@code catalogChecks}: check filters against the catalog (lenient mode). */
  ListPager(DataSet data, Expander expander, boolean catalogChecks) {
    this.data = data;
    this.expander = expander;
    this.catalogChecks = catalogChecks;
  }

  /**
   * {@code rows}: the candidates in Stripe order; {@code url}: the list's path; {@code extra}: parameters
   * the caller has read (a parent id), not filters.
   */
  JsonNode page(ApiTable t, List<ObjectNode> rows, Map<String, List<String>> q, String url, Set<String> extra) {
    int limit = QueryParams.limit(q);
    Predicate<JsonNode> filter = ListFilters.predicate(t, q, extra, catalogChecks);
    List<String> expand = Expander.listPaths(q);
    expander.validate(t, expand);
    String after = QueryParams.single(q, "starting_after");
    String before = QueryParams.single(q, "ending_before");
    if (after != null && before != null) {
      throw ApiException.invalid("ending_before",
          "You may only specify one of these parameters: ending_before, starting_after.");
    }
    List<ObjectNode> page = new ArrayList<>();
    boolean hasMore;
    if (before != null) {
      ObjectNode cursor = cursor(t, before, "ending_before");
      List<ObjectNode> preceding = new ArrayList<>();
      for (ObjectNode r : rows) {
        if (DataSet.STRIPE_ORDER.compare(r, cursor) < 0 && filter.test(r)) {
          preceding.add(r);
        }
      }
      hasMore = preceding.size() > limit;
      page.addAll(preceding.subList(Math.max(0, preceding.size() - limit), preceding.size()));
    } else {
      ObjectNode cursor = after == null ? null : cursor(t, after, "starting_after");
      hasMore = false;
      for (ObjectNode r : rows) {
        if (cursor != null && DataSet.STRIPE_ORDER.compare(r, cursor) <= 0) {
          continue;
        }
        if (filter.test(r)) {
          if (page.size() == limit) {
            hasMore = true;
            break;
          }
          page.add(r);
        }
      }
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("object", "list");
    ArrayNode arr = out.putArray("data");
    for (ObjectNode r : page) {
      arr.add(expander.expand(r, t, expand));
    }
    out.put("has_more", hasMore);
    out.put("url", url);
    return out;
  }

  private ObjectNode cursor(ApiTable t, String id, String param) {
    return data.get(t.name(), id).orElseThrow(() -> ApiException.noSuchRow(t, id, param));
  }
}
