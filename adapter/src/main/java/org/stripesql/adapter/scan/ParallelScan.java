package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
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
 * a child table's parents and lists of ids side by side, each through an {@link OrderedMerger} that keeps
 * the sequential order of rows.
 */
final class ParallelScan {
  /** The range parameter time slices cut. */
  static final String CREATED = "created";

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

  /** The rows of a LIST table's list calls: time-sliced, one call per fanned-out value, or one call. */
  Iterator<Object[]> list(ApiTable table, ListQuery query, Function<JsonNode, Object[]> row) {
    Map<String, List<String>> base = ListParams.of(table, query);
    FanOut fan = ListParams.fanOut(table, query, base);
    if (fan == null && sliceable(table, query)) {
      return sliced(table, query, base, row);
    }
    if (fan == null) {
      return map(new PagingIterator(client, table.path(), base, query.fetchOrMax(), budget, table), row);
    }
    List<SliceReader> calls = new ArrayList<>();
    for (String value : fan.values()) {
      calls.add(new SliceReader(call(table, table.path(), with(base, fan.param(), value), query, row, false)));
    }
    return merge(calls.iterator(), table.path(), false, query);
  }

  /** The rows of a child table's lists, one per parent (and fanned-out value), in the parents' order. */
  Iterator<Object[]> children(ApiTable table, ListQuery query, Iterator<String> parents,
      Function<String, Function<JsonNode, Object[]>> rowOfParent) {
    Map<String, List<String>> base = ListParams.of(table, query);
    FanOut fan = ListParams.fanOut(table, query, base);
    Iterator<SliceReader> calls = new Iterator<>() {
      private final List<SliceReader> pending = new ArrayList<>();

      @Override
      public boolean hasNext() {
        while (pending.isEmpty() && parents.hasNext()) {
          String parent = parents.next();
          Map<String, List<String>> q = new LinkedHashMap<>(base);
          q.putAll(ListParams.parentParams(table, parent));
          String path = ListParams.childPath(table, parent);
          for (String value : fan == null ? Collections.<String>singletonList(null) : fan.values()) {
            Map<String, List<String>> params = value == null ? q : with(q, fan.param(), value);
            pending.add(new SliceReader(call(table, path, params, query, rowOfParent.apply(parent), true)));
          }
        }
        return !pending.isEmpty();
      }

      @Override
      public SliceReader next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.remove(0);
      }
    };
    return merge(calls, table.path(), false, query);
  }

  /** The rows of retrieve calls, one per id, in the ids' order; an id Stripe does not know gives no row. */
  Iterator<Object[]> retrieves(ApiTable table, List<String> ids, Function<JsonNode, Object[]> row) {
    String template = table.retrievePath();
    String placeholder = template.substring(template.lastIndexOf('{'));
    List<Segment> calls = new ArrayList<>();
    for (String id : ids) {
      calls.add(new RetrieveSegment(client, template, template.replace(placeholder, id), row, budget));
    }
    return new OrderedMerger(calls.iterator(), false, () -> client.concurrency(template), budget, ids.size(), 1);
  }

  /**
   * Whether a list can be read in time slices: a LIST table whose endpoint filters {@code created} by
   * range, when the query does not fix one second.
   */
  static boolean sliceable(ApiTable table, ListQuery query) {
    boolean ranged = false;
    for (ApiFilter f : table.filters()) {
      ranged |= f.kind() == FilterKind.RANGE && CREATED.equals(f.param()) && CREATED.equals(f.column());
    }
    TimeRange r = query.ranges().getOrDefault(CREATED, TimeRange.ALL);
    return ranged && !r.isPoint() && !r.isEmpty();
  }

  private Iterator<Object[]> sliced(ApiTable table, ListQuery query, Map<String, List<String>> base,
      Function<JsonNode, Object[]> row) {
    Map<String, List<String>> params = new LinkedHashMap<>(base);
    params.keySet().removeIf(k -> k.equals(CREATED) || k.startsWith(CREATED + "["));
    TimeRange r = query.ranges().getOrDefault(CREATED, TimeRange.ALL);
    // asked when slicing starts (the first page was not all): once per account and process
    SlicePlanner planner = new SlicePlanner(() -> AccountStart.get(AccountStart.of(client)));
    SliceReader whole = new SliceReader(call(table, table.path(), params, query, row, false), CREATED, planner,
        r.gte(), r.lte() == null ? null : r.lte() + 1);
    return merge(List.of(whole).iterator(), table.path(), true, query);
  }

  private Iterator<Object[]> merge(Iterator<? extends Segment> segments, String endpoint, boolean firstPageAlone,
      ListQuery query) {
    return new OrderedMerger(segments, firstPageAlone, () -> client.concurrency(endpoint), budget,
        query.fetchOrMax(), pageLimit(query));
  }

  private SliceReader.Call call(ApiTable table, String path, Map<String, List<String>> params, ListQuery query,
      Function<JsonNode, Object[]> row, boolean notFoundIsEmpty) {
    return new SliceReader.Call(client, table, table.path(), path, params, pageLimit(query), row, notFoundIsEmpty,
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

  private static Iterator<Object[]> map(Iterator<JsonNode> it, Function<JsonNode, Object[]> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Object[] next() {
        return f.apply(it.next());
      }
    };
  }
}
