package org.stripesql.adapter.pushdown;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.stripesql.adapter.StripeQuery;
import org.stripesql.catalog.ApiTable;

/**
 * What the translated predicates ask of Stripe so far; merges constraints (intersects ranges, id sets,
 * equalities) and then becomes a {@link StripeQuery}. A contradiction makes it match nothing.
 */
final class PushedRequest {
  private final ApiTable table;
  private final Map<String, long[]> ranges = new TreeMap<>();   // param -> {gte, lte}, inclusive seconds
  private final Map<String, String> equals = new TreeMap<>();
  private String fanOutParam;
  private Set<String> fanOutValues;
  private Set<String> ids;
  private Set<String> parents;
  private boolean none;

  PushedRequest(ApiTable table) {
    this.table = table;
  }

  void lowerBound(String param, long gteSeconds) {
    long[] r = ranges.computeIfAbsent(param, p -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
    r[0] = Math.max(r[0], gteSeconds);
  }

  void upperBound(String param, long lteSeconds) {
    long[] r = ranges.computeIfAbsent(param, p -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
    r[1] = Math.min(r[1], lteSeconds);
  }

  void equal(String param, String value) {
    String before = equals.putIfAbsent(param, value);
    if (before != null && !before.equals(value)) {
      none = true;
    }
  }

  boolean canFanOut() {
    return fanOutParam == null;
  }

  void fanOut(String param, List<String> values) {
    fanOutParam = param;
    fanOutValues = new LinkedHashSet<>(values);
  }

  void ids(List<String> values) {
    ids = intersect(ids, values);
  }

  void parents(List<String> values) {
    parents = intersect(parents, values);
  }

  void matchNothing() {
    none = true;
  }

  private static Set<String> intersect(Set<String> current, List<String> values) {
    Set<String> next = new LinkedHashSet<>(values);
    if (current != null) {
      next.retainAll(current);
    }
    return next;
  }

  boolean hasIds() {
    return ids != null;
  }

  /** The query for what was pushed, starting from the table's full scan. */
  StripeQuery toQuery(StripeQuery fullScan) {
    if (none || (ids != null && ids.isEmpty()) || (parents != null && parents.isEmpty())
        || (fanOutValues != null && fanOutValues.isEmpty())) {
      return new StripeQuery(table.name(), StripeQuery.Mode.NONE, null, null, null, null, null, null, null);
    }
    for (long[] r : ranges.values()) {
      if (r[0] > r[1]) {
        return new StripeQuery(table.name(), StripeQuery.Mode.NONE, null, null, null, null, null, null, null);
      }
    }
    if (ids != null) {
      return new StripeQuery(table.name(), StripeQuery.Mode.RETRIEVE, null, null, null, new ArrayList<>(ids),
          null, null, null);
    }
    SortedMap<String, List<String>> params = new TreeMap<>(fullScan.params());
    if (fanOutParam != null && equals.containsKey(fanOutParam)) {
      // an equality and an IN on one parameter: the equality wins if the IN allows it
      String v = equals.get(fanOutParam);
      if (!fanOutValues.contains(v)) {
        return new StripeQuery(table.name(), StripeQuery.Mode.NONE, null, null, null, null, null, null, null);
      }
      fanOutParam = null;
      fanOutValues = null;
    }
    equals.forEach((k, v) -> params.put(k, List.of(v)));
    ranges.forEach((param, r) -> {
      if (r[0] == r[1]) {
        params.put(param, List.of(Long.toString(r[0])));
        return;
      }
      if (r[0] != Long.MIN_VALUE) {
        params.put(param + "[gte]", List.of(Long.toString(r[0])));
      }
      if (r[1] != Long.MAX_VALUE) {
        params.put(param + "[lte]", List.of(Long.toString(r[1])));
      }
    });
    if (fanOutParam != null) {
      params.remove(fanOutParam);   // replaces a scan parameter such as status=all
    }
    Map<String, List<String>> sorted = new LinkedHashMap<>(params);
    return new StripeQuery(table.name(), StripeQuery.Mode.LIST, new TreeMap<>(sorted), fanOutParam,
        fanOutValues == null ? null : new ArrayList<>(fanOutValues), null,
        parents == null ? fullScan.parentIds() : new ArrayList<>(parents), null, null);
  }
}
