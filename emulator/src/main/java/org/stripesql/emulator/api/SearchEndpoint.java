package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.data.DataSet;

/**
 * A table's Search API endpoint ({@code /v1/charges/search?query=...}): the rows the {@link SearchQuery}
 * matches that the {@link SearchIndex} finds, in Stripe order, a page at a time with {@code next_page} tokens.
 */
final class SearchEndpoint implements Endpoint {
  private static final Set<String> PARAMS = Set.of("query", "limit", "page");

  private final ApiTable table;
  private final DataSet data;
  private final Expander expander;
  private final Strictness strictness;
  private final SearchIndex index;

  SearchEndpoint(ApiTable table, DataSet data, Expander expander, Strictness strictness, SearchIndex index) {
    this.table = table;
    this.data = data;
    this.expander = expander;
    this.strictness = strictness;
    this.index = index;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    for (String k : r.query().keySet()) {
      if (strictness.catalogChecks() && !PARAMS.contains(k) && !QueryParams.isExpandKey(k)) {
        throw ApiException.unknownParam(k);
      }
    }
    List<String> expand = Expander.listPaths(r.query());
    expander.validate(table, expand);
    int limit = QueryParams.limit(r.query());
    Predicate<JsonNode> p = SearchQuery.parse(r.single("query"), table);
    int offset = 0;
    String page = r.single("page");
    if (page != null && !page.isEmpty()) {
      offset = SearchPages.decode(page);
    }
    List<ObjectNode> matches = new ArrayList<>();
    for (ObjectNode row : data.list(table.name())) {
      if (index.finds(data, row) && p.test(row)) {
        matches.add(row);
      }
    }
    int end = Math.min(matches.size(), offset + limit);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("object", "search_result");
    ArrayNode arr = out.putArray("data");
    for (int i = Math.min(offset, end); i < end; i++) {
      arr.add(expander.expand(matches.get(i), table, expand));
    }
    boolean hasMore = end < matches.size();
    out.put("has_more", hasMore);
    if (hasMore) {
      out.put("next_page", SearchPages.encode(end));
    } else {
      out.putNull("next_page");
    }
    out.put("url", table.search().path());
    return out;
  }
}
