package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;

/**
 * The objects of one Stripe list or search endpoint, fetched a page at a time as the consumer
 * advances: at most one page (100 objects) is held, so memory does not grow with the list. List pages
 * follow {@code starting_after} from the last object of the previous page; search pages follow the
 * {@code next_page} token, exactly as Stripe documents. An endpoint that declares no cursor
 * ({@code /v1/account/capabilities}) answers its whole list at once.
 */
final class PagingIterator implements Iterator<JsonNode> {
  static final int MAX_PAGE = 100;
  private static final Set<String> PAGING = Set.of("limit", "starting_after", "ending_before");

  private final StripeClient client;
  private final String endpoint;
  private final String path;
  private final Map<String, List<String>> params;
  private final ScanBudget budget;
  private long remaining;
  private Iterator<JsonNode> page = Collections.emptyIterator();
  private final boolean search;
  private final ApiTable table;
  private String cursor;
  private boolean hasMore = true;
  /** Whether the endpoint declares {@code limit}, and a cursor to page with; Stripe refuses undeclared ones. */
  private final boolean sendsLimit;
  private final boolean pages;
  private Set<String> fields;

  /**
   * @param fetch at most this many objects in all (a pushed LIMIT), or {@code Long.MAX_VALUE}
   * @param table the table read: which paging parameters its endpoint declares, and the column behind a
   *              parameter Stripe rejects; may be null
   */
  PagingIterator(StripeClient client, String path, Map<String, List<String>> params, long fetch, ScanBudget budget,
      ApiTable table) {
    this(client, path, path, params, fetch, budget, false, table);
  }

  /** {@code endpoint}: the path's template ({@code /v1/invoices/{invoice}/lines}), whose rate budget it uses. */
  PagingIterator(StripeClient client, String endpoint, String path, Map<String, List<String>> params, long fetch,
      ScanBudget budget, ApiTable table) {
    this(client, endpoint, path, params, fetch, budget, false, table);
  }

  /** Pages of a search endpoint: {@code params} carries the {@code query}. */
  static PagingIterator search(StripeClient client, String path, Map<String, List<String>> params, long fetch,
      ScanBudget budget, ApiTable table) {
    return new PagingIterator(client, path, path, params, fetch, budget, true, table);
  }

  private PagingIterator(StripeClient client, String endpoint, String path, Map<String, List<String>> params,
      long fetch, ScanBudget budget, boolean search, ApiTable table) {
    this.table = table;
    this.search = search;
    this.client = client;
    this.endpoint = endpoint;
    this.path = path;
    this.params = params;
    this.remaining = fetch;
    this.budget = budget;
    this.sendsLimit = search || sendsLimit(table);
    this.pages = search || pages(table);
  }

  /** Whether a list of the table takes {@code limit}: Stripe refuses a parameter its endpoint does not declare. */
  static boolean sendsLimit(ApiTable table) {
    return table == null || table.declares("limit");
  }

  /** Whether a list of the table pages with {@code starting_after}; one that does not answers the whole list. */
  static boolean pages(ApiTable table) {
    return table == null || table.declares("starting_after");
  }

  /** The column a Stripe parameter filters ({@code created[gte]} is {@code created}), or null. */
  static String columnFor(ApiTable table, String param) {
    if (param == null) {
      return null;
    }
    for (ApiFilter f : table.filters()) {
      if ((param.equals(f.param()) || param.startsWith(f.param() + "[")) && f.column() != null) {
        return f.column();
      }
    }
    String base = param.contains("[") ? param.substring(0, param.indexOf('[')) : param;
    return table.column(base).isPresent() ? base : null;
  }

  /**
   * Whether Stripe refused the list because a filter's value names no object ({@code resource_missing}
   * on a parameter this call set, not a cursor): then nothing matches it.
   */
  static boolean namesMissingFilterValue(StripeApiException e, Map<String, List<String>> params) {
    return "resource_missing".equals(e.errorCode()) && e.param() != null && params.containsKey(e.param())
        && !PAGING.contains(e.param());
  }

  @Override
  public boolean hasNext() {
    while (!page.hasNext()) {
      if (!hasMore || remaining <= 0) {
        return false;
      }
      fetchPage();
    }
    return true;
  }

  @Override
  public JsonNode next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    remaining--;
    return page.next();
  }

  /** Reads only these top-level fields of the listed objects (null: all); before the first page. */
  PagingIterator reading(Set<String> objectFields) {
    this.fields = objectFields;
    return this;
  }

  private void fetchPage() {
    budget.beforeRequest();
    Map<String, List<String>> q = new LinkedHashMap<>(params);
    if (sendsLimit) {
      q.put("limit", List.of(Long.toString(Math.min(remaining, MAX_PAGE))));
    }
    if (cursor != null) {
      q.put(search ? "page" : "starting_after", List.of(cursor));
    }
    // A retried page asks for the same cursor: q is built once per page, before any attempt.
    JsonNode resp;
    try {
      resp = client.get(endpoint, path, q, budget, fields);
    } catch (StripeApiException e) {
      if (!search && namesMissingFilterValue(e, params)) {
        hasMore = false;   // customer=cus_typo: no object refers to it, so the list is empty
        return;
      }
      throw table == null ? e : e.withColumn(table.name(), columnFor(table, e.param()));
    }
    JsonNode data = resp.path("data");
    List<JsonNode> objects = new ArrayList<>(data.size());
    data.forEach(objects::add);
    hasMore = resp.path("has_more").asBoolean(false) && !objects.isEmpty();
    if (search) {
      cursor = resp.path("next_page").asText(null);
    } else if (!objects.isEmpty()) {
      cursor = objects.get(objects.size() - 1).path("id").asText(null);
    }
    if (cursor == null || !pages) {
      hasMore = false;   // without a cursor there is nothing to continue from: the answer was the whole list
    }
    page = objects.iterator();
  }
}
