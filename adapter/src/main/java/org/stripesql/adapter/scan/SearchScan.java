package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.SearchQuery;
import org.stripesql.adapter.query.TimeRange;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.FilterKind;

/**
 * Runs a {@link SearchQuery}: the search's objects, made exact for the index lag by also listing the
 * objects created within the lag window and retrieving those the Events API shows changed within it,
 * each object once, the fresh copy first. An account without Search, or whose key cannot read the Events
 * API (the lag window needs it), reads the exact fallback list instead, noted once per account. The
 * guarantee and its cost are in docs/design.md.
 */
final class SearchScan {
  private static final Logger LOG = LoggerFactory.getLogger(SearchScan.class);
  /** Accounts whose search endpoints answered that Search is not available to them. */
  private static final Set<String> WITHOUT_SEARCH = ConcurrentHashMap.newKeySet();
  /** Accounts whose key may not read {@code /v1/events} (403), or that have no Events API (404). */
  private static final Set<String> WITHOUT_EVENTS = ConcurrentHashMap.newKeySet();
  private static final String EVENTS_PATH = "/v1/events";

  /** What the search needs of the table's other reads. */
  interface Reads {
    /** The rows of the table's list calls for a query. */
    Iterator<Object[]> list(ListQuery query);

    /** The rows of the objects with these ids, fresh; missing and deleted ones left out. */
    Iterator<Object[]> retrieve(List<String> ids);
  }

  private final ApiTable table;
  private final ApiTable events;
  private final StripeClient client;
  private final ScanBudget budget;
  private final Clock clock;
  private final Reads reads;
  private final Function<JsonNode, Object[]> row;
  private final int idColumn;

  /**
   * {@code events}: the catalog's events table, or null when it has none (then changes are not read);
   * {@code row}: the row of a search result.
   */
  SearchScan(ApiTable table, ApiTable events, StripeClient client, ScanBudget budget, Clock clock, Reads reads,
      Function<JsonNode, Object[]> row) {
    this.table = table;
    this.events = events;
    this.client = client;
    this.budget = budget;
    this.clock = clock;
    this.reads = reads;
    this.row = row;
    this.idColumn = table.columnIndex("id");
  }

  Iterator<Object[]> rows(SearchQuery query) {
    String account = client.accountKey();
    boolean lag = query.lagWindowSeconds() > 0 && events != null && !table.search().eventTypes().isEmpty();
    if (WITHOUT_SEARCH.contains(account) || lag && WITHOUT_EVENTS.contains(account)) {
      return reads.list(query.fallback());
    }
    Set<String> seen = new HashSet<>();
    boolean[] eventsUnreadable = {false};
    List<Iterator<Object[]>> parts = new ArrayList<>();
    if (query.lagWindowSeconds() > 0) {
      long since = clock.instant().getEpochSecond() - query.lagWindowSeconds();
      ListQuery recent = createdSince(query.fallback(), since);
      if (recent != null) {
        parts.add(StripeRows.peek(reads.list(recent), o -> seen.add(id(o))));
      }
      parts.add(StripeRows.lazy(() -> {
        try {
          return reads.retrieve(changedSince(since, seen));
        } catch (StripeApiException e) {
          if (!eventsUnreadable(e)) {
            throw e;
          }
          eventsUnreadable[0] = true;
          if (WITHOUT_EVENTS.add(account)) {
            LOG.warn("Stripe's Events API cannot be read with this key or account ({}); a search cannot see the"
                + " objects its index has not caught up with, so searches of this account read the list endpoint"
                + " instead (exact, more requests), from now on; grant the key rak_event_read to search again",
                e.getMessage());
          }
          return Collections.emptyIterator();
        }
      }));
    }
    // once the events could not be read, the exact list: every row the parts above did not return yet
    parts.add(StripeRows.lazy(() -> StripeRows.filter(eventsUnreadable[0] ? reads.list(query.fallback())
        : searchOrFallback(query, account), o -> seen.add(id(o)))));
    return new StripeRows.FlatMap<>(parts.iterator(), it -> it);
  }

  /** A 403 (the key may not read events: {@code rak_event_read}) or a 404 (no Events API) on {@code /v1/events}. */
  static boolean eventsUnreadable(StripeApiException e) {
    return e.httpStatus() == 403 || e.httpStatus() == 404;
  }

  /** The fallback list narrowed to objects created at or after {@code since}; null when it cannot be. */
  private ListQuery createdSince(ListQuery list, long since) {
    for (ApiFilter f : table.filters()) {
      if (f.kind() == FilterKind.RANGE && "created".equals(f.column())) {
        Map<String, TimeRange> ranges = new TreeMap<>(list.ranges());
        TimeRange r = ranges.getOrDefault(f.param(), TimeRange.ALL).atLeast(since);
        if (r.isEmpty()) {
          return null;
        }
        ranges.put(f.param(), r);
        return new ListQuery(list.table(), list.equalities(), new TreeMap<>(ranges), list.fanOut(), list.parentIds(),
            null);
      }
    }
    return null;
  }

  /**
   * The ids of the table's objects that events since {@code since} show changed, not yet in {@code seen};
   * all of them join {@code seen}, so a stale search hit of one is skipped even when it is now deleted.
   */
  private List<String> changedSince(long since, Set<String> seen) {
    Set<String> ids = new LinkedHashSet<>();
    if (events == null || table.search().eventTypes().isEmpty()) {
      return List.of();
    }
    for (String type : table.search().eventTypes()) {
      Map<String, List<String>> params = new LinkedHashMap<>();
      params.put("created[gte]", List.of(Long.toString(since)));
      params.put("type", List.of(type));
      Iterator<JsonNode> it = new PagingIterator(client, EVENTS_PATH, params, Long.MAX_VALUE, budget, events);
      while (it.hasNext()) {
        JsonNode object = it.next().path("data").path("object");
        if (table.object().equals(object.path("object").asText()) && object.hasNonNull("id")) {
          ids.add(object.path("id").asText());
        }
      }
    }
    ids.removeAll(seen);
    seen.addAll(ids);
    return new ArrayList<>(ids);
  }

  /** The search, or the fallback list when its first page says the account has no Search. */
  private Iterator<Object[]> searchOrFallback(SearchQuery query, String account) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    q.put("query", List.of(query.queryText()));
    Iterator<JsonNode> search = PagingIterator.search(client, table.search().path(), q, query.fetchOrMax(), budget,
        table);
    try {
      search.hasNext();   // the first page
    } catch (StripeApiException e) {
      if (!searchUnavailable(e)) {
        throw e;
      }
      if (WITHOUT_SEARCH.add(account)) {
        LOG.warn("Stripe's Search API is not available to this account ({}); reading {} with its list endpoint"
            + " instead, from now on for every search of this account", e.getMessage(), table.name());
      }
      return reads.list(query.fallback());
    }
    return StripeRows.map(search, row);
  }

  /** A 404 on the search path, or a 400 saying Search is not available (as for accounts in some countries). */
  static boolean searchUnavailable(StripeApiException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return e.httpStatus() == 404 || e.httpStatus() == 400 && message.contains("not available");
  }

  /** Forgets which accounts lack Search (tests). */
  static void forgetAccounts() {
    WITHOUT_SEARCH.clear();
    WITHOUT_EVENTS.clear();
  }

  private String id(Object[] r) {
    return String.valueOf(r[idColumn]);
  }
}
