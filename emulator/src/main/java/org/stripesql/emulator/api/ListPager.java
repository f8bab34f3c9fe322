package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.data.DataSet;

/**
 * One page of a list endpoint: the rows the filters keep, after {@code starting_after} or before
 * {@code ending_before}, at most {@code limit}, expanded, as Stripe's list object with {@code has_more}.
 */
final class ListPager {
  private final DataSet data;
  private final Expander expander;
  private final Strictness strictness;

  ListPager(DataSet data, Expander expander, Strictness strictness) {
    this.data = data;
    this.expander = expander;
    this.strictness = strictness;
  }

  /**
   * {@code rows}: the candidates in Stripe order; {@code url}: the list's path; {@code extra}: parameters
   * the caller has read (a parent id), not filters.
   */
  JsonNode page(ApiTable t, List<ObjectNode> rows, Map<String, List<String>> q, String url, Set<String> extra) {
    int limit = q.containsKey("limit") ? QueryParams.limit(q) : strictness.defaultLimit(t.path());
    Predicate<JsonNode> filters = ListFilters.predicate(t, q, extra, strictness.catalogChecks());
    Predicate<JsonNode> filter = strictness.hidesTestClocks(t.path(), q)
        ? filters.and(row -> !row.path("test_clock").isTextual()) : filters;
    if (strictness.strict()) {
      ReferenceCheck.check(data, t, q, rows);
    } else {
      checkRequired(t, q);
    }
    List<String> expand = Expander.listPaths(q);
    expander.validate(t, expand);
    String after = QueryParams.single(q, "starting_after");
    String before = QueryParams.single(q, "ending_before");
    if (after != null && before != null) {
      throw ApiException.invalid(null,
          "Received both starting_after and ending_before parameters. Please pass in only one.");
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
      // rows are in Stripe order: start right after the cursor instead of walking up to it, and within
      // the created bounds
      int from = cursor == null ? 0 : Collections.binarySearch(rows, cursor, DataSet.STRIPE_ORDER);
      from = from < 0 ? -from - 1 : cursor == null ? 0 : from + 1;
      int[] window = CreatedWindow.of(t, q, rows);
      from = Math.max(from, window[0]);
      for (ObjectNode r : rows.subList(Math.min(from, window[1]), window[1])) {
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
      JsonNode e = expander.expand(r, t, expand);
      arr.add(e == r ? data.answerNode(r) : e);   // unexpanded: the stored object's JSON, written once
    }
    out.put("has_more", hasMore);
    out.put("url", url);
    return out;
  }

  /** Lenient mode's required filters: the catalog's, unless Stripe's spec says the parameter is optional. */
  private void checkRequired(ApiTable t, Map<String, List<String>> q) {
    for (ApiFilter f : t.filters()) {
      if (f.isRequired() && strictness.requires(t.path(), f.param())
          && q.keySet().stream().noneMatch(k -> k.equals(f.param()) || k.startsWith(f.param() + "["))) {
        throw ApiException.missingParam(f.param());
      }
    }
  }

  private ObjectNode cursor(ApiTable t, String id, String param) {
    return data.get(t.name(), id).orElseThrow(() -> strictness.noSuchRow(t, id, param));
  }
}
