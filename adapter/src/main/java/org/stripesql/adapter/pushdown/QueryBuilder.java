package org.stripesql.adapter.pushdown;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.stripesql.adapter.query.FanOut;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.NoRowsQuery;
import org.stripesql.adapter.query.RetrieveQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.adapter.query.TimeRange;

/**
 * Collects what the translated predicates ask of Stripe, merging constraints (intersecting ranges, id
 * sets, equalities), then builds the {@link StripeQuery}. A contradiction makes it match nothing.
 */
final class QueryBuilder {
  private final String table;
  private final Map<String, TimeRange> ranges = new TreeMap<>();
  private final Map<String, String> equals = new TreeMap<>();
  private String fanOutParam;
  private Set<String> fanOutValues;
  private Set<String> ids;
  private Set<String> parents;
  private boolean none;

  QueryBuilder(String table) {
    this.table = table;
  }

  void lowerBound(String param, long gteSeconds) {
    ranges.put(param, ranges.getOrDefault(param, TimeRange.ALL).atLeast(gteSeconds));
  }

  void upperBound(String param, long lteSeconds) {
    ranges.put(param, ranges.getOrDefault(param, TimeRange.ALL).atMost(lteSeconds));
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

  boolean hasIds() {
    return ids != null;
  }

  private static Set<String> intersect(Set<String> current, List<String> values) {
    Set<String> next = new LinkedHashSet<>(values);
    if (current != null) {
      next.retainAll(current);
    }
    return next;
  }

  /** The query for what was collected. */
  StripeQuery build() {
    if (none || (ids != null && ids.isEmpty()) || (parents != null && parents.isEmpty())
        || (fanOutValues != null && fanOutValues.isEmpty())
        || ranges.values().stream().anyMatch(TimeRange::isEmpty)) {
      return new NoRowsQuery(table);
    }
    if (ids != null) {
      return new RetrieveQuery(table, new ArrayList<>(ids), null);
    }
    FanOut fanOut = fanOutParam == null ? null : new FanOut(fanOutParam, new ArrayList<>(fanOutValues));
    if (fanOut != null && equals.containsKey(fanOutParam)) {
      // an equality and an IN on one parameter: the equality wins if the IN allows it
      if (!fanOutValues.contains(equals.get(fanOutParam))) {
        return new NoRowsQuery(table);
      }
      fanOut = null;
    }
    return new ListQuery(table, new TreeMap<>(equals), new TreeMap<>(ranges), fanOut,
        parents == null ? null : new ArrayList<>(parents), null);
  }
}
