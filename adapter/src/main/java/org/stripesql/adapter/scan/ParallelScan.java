package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.query.FanOut;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.TimeRange;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.FilterKind;

/**
 * The parallel reading of a query's calls, for {@link StripeRows} when MaxConcurrency allows more than
 * one request in flight: a single list with a {@code created} range in time slices, fanned-out values,
 * per-owner lists, a child table's parents and retrieves side by side, each through an
 * {@link OrderedMerger} that keeps the sequential order of the rows (converted on the reading threads),
 * so StripeRows' filters see them as they would one call after another.
 */
final class ParallelScan {
  /** The range parameter time slices cut. */
  static final String CREATED = "created";

  /** One retrieve: the concrete path and what turns its object into a row. */
  record Retrieval<T>(String path, Function<JsonNode, T> row) {}

  private final StripeClient client;
  private final ScanBudget budget;

  ParallelScan(StripeClient client, ScanBudget budget) {
    this.client = client;
    this.budget = budget;
  }

  /** Whether requests may be made side by side (MaxConcurrency above 1). */
  boolean enabled() {
    return client.settings().maxConcurrency() > 1;
  }

  /**
   * The objects of a top-level table's list calls with {@code params}: one call per fanned-out value, or
   * one, read in time slices when it can be.
   */
  Iterator<Object[]> list(ApiTable table, ListQuery query, Map<String, List<String>> params, FanOut fan,
      Function<JsonNode, Object[]> row) {
    if (fan == null && sliceable(table, query)) {
      return sliced(table, query, params, row);
    }
    List<Segment<Object[]>> calls = lists(table, table.path(), params, fan, query, row, false);
    return merge(calls.iterator(), table.path(), false, query);
  }

  /**
   * The objects of the per-owner lists of a table Stripe answers per owner: for each owner (pulled lazily),
   * the table's calls with {@code ownerParam} set to it.
   */
  Iterator<Object[]> perOwner(ApiTable table, ListQuery query, Map<String, List<String>> params, FanOut fan,
      String ownerParam, Iterator<String> owners, Function<JsonNode, Object[]> row) {
    Iterator<Segment<Object[]>> calls = flat(owners,
        owner -> lists(table, table.path(), with(params, ownerParam, owner), fan, query, row, false));
    return merge(calls, table.path(), false, query);
  }

  /** The rows of a child table's lists, one per parent (and fanned-out value), in the parents' order. */
  Iterator<Object[]> children(ApiTable table, ListQuery query, Map<String, List<String>> params, FanOut fan,
      Iterator<String> parents, Function<String, Function<JsonNode, Object[]>> rowOfParent) {
    Iterator<Segment<Object[]>> calls = flat(parents, parent -> {
      Map<String, List<String>> q = new LinkedHashMap<>(params);
      q.putAll(ListParams.parentParams(table, parent));
      return lists(table, ListParams.childPath(table, parent), q, fan, query, rowOfParent.apply(parent), true);
    });
    return merge(calls, table.path(), false, query);
  }

  /**
   * The rows of retrieve calls to {@code endpoint} (a path template), in the calls' order; an id Stripe
   * does not know, or a deleted object's stub, gives no row.
   */
  <T> Iterator<T> retrieves(String endpoint, Iterator<Retrieval<T>> calls, long rowsWanted) {
    Iterator<Segment<T>> segments = flat(calls,
        c -> List.of(new RetrieveSegment<>(client, endpoint, c.path(), c.row(), budget)));
    return new OrderedMerger<>(segments, false, () -> client.concurrency(endpoint), budget, rowsWanted, 1);
  }

  /**
   * Whether a list can be read in time slices: a LIST table whose endpoint declares {@code created} as a
   * range and pages with a cursor, when the query does not fix one second.
   */
  static boolean sliceable(ApiTable table, ListQuery query) {
    boolean ranged = false;
    for (ApiFilter f : table.filters()) {
      ranged |= f.kind() == FilterKind.RANGE && CREATED.equals(f.param()) && CREATED.equals(f.column());
    }
    TimeRange r = query.ranges().getOrDefault(CREATED, TimeRange.ALL);
    return ranged && table.declares(CREATED) && PagingIterator.pages(table) && PagingIterator.sendsLimit(table)
        && !r.isPoint() && !r.isEmpty();
  }

  private Iterator<Object[]> sliced(ApiTable table, ListQuery query, Map<String, List<String>> base,
      Function<JsonNode, Object[]> row) {
    Map<String, List<String>> params = new LinkedHashMap<>(base);
    params.keySet().removeIf(k -> k.equals(CREATED) || k.startsWith(CREATED + "["));
    TimeRange r = query.ranges().getOrDefault(CREATED, TimeRange.ALL);
    // asked when slicing starts (the first page was not all), once per account and process; not waited for
    SlicePlanner planner = new SlicePlanner(() -> AccountStart.ifKnown(AccountStart.of(client)),
        () -> client.concurrency(table.path()));
    SliceReader<Object[]> whole = SliceReader.whole(call(table, table.path(), params, query, row, false), CREATED,
        planner, r.gte(), r.lte() == null ? null : r.lte() + 1);
    return merge(List.<Segment<Object[]>>of(whole).iterator(), table.path(), true, query);
  }

  /** One list call per fanned-out value, or one call. */
  private <T> List<Segment<T>> lists(ApiTable table, String path, Map<String, List<String>> params, FanOut fan,
      ListQuery query, Function<JsonNode, T> row, boolean notFoundIsEmpty) {
    List<Segment<T>> calls = new ArrayList<>();
    for (String value : fan == null ? Collections.<String>singletonList(null) : fan.values()) {
      Map<String, List<String>> q = value == null ? params : with(params, fan.param(), value);
      calls.add(new SliceReader<>(call(table, path, q, query, row, notFoundIsEmpty)));
    }
    return calls;
  }

  private <T> Iterator<T> merge(Iterator<? extends Segment<T>> segments, String endpoint, boolean firstPageAlone,
      ListQuery query) {
    return new OrderedMerger<>(segments, firstPageAlone, () -> client.concurrency(endpoint), budget,
        query.fetchOrMax(), pageLimit(query));
  }

  private <T> SliceReader.Call<T> call(ApiTable table, String path, Map<String, List<String>> params, ListQuery query,
      Function<JsonNode, T> row, boolean notFoundIsEmpty) {
    return new SliceReader.Call<>(client, table, table.path(), path, params, pageLimit(query), row, notFoundIsEmpty,
        budget);
  }

  private static int pageLimit(ListQuery query) {
    return (int) Math.min(PagingIterator.MAX_PAGE, query.fetchOrMax());
  }

  private static Map<String, List<String>> with(Map<String, List<String>> params, String key, String value) {
    Map<String, List<String>> q = new LinkedHashMap<>(params);
    q.put(key, List.of(value));
    return q;
  }

  /** The segments {@code f} makes of each item, the items pulled only as segments are wanted. */
  private static <X, T> Iterator<Segment<T>> flat(Iterator<X> items, Function<X, List<? extends Segment<T>>> f) {
    return new Iterator<>() {
      private final Deque<Segment<T>> pending = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (pending.isEmpty() && items.hasNext()) {
          pending.addAll(f.apply(items.next()));
        }
        return !pending.isEmpty();
      }

      @Override
      public Segment<T> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.poll();
      }
    };
  }
}
