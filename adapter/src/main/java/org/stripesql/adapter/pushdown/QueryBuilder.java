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
import org.stripesql.adapter.query.QueryParameters;
import org.stripesql.adapter.query.RetrieveQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.adapter.query.TimeRange;

/**
 * Collects what the translated predicates ask of Stripe, merging constraints (intersecting ranges, id
 * sets, equalities), then builds the {@link StripeQuery}. A contradiction makes it match nothing.
 */
final class QueryBuilder {
  private final String table;
  private final boolean retrieveWithParents;
  private final Map<String, TimeRange> ranges = new TreeMap<>();
  private final Map<String, String> equals = new TreeMap<>();
  private String fanOutParam;
  private Set<String> fanOutValues;
  private boolean fanOutDistinct;
  private Set<String> ids;
  private Set<String> parents;
  private boolean none;
  private boolean selective;

  /**
   * @param retrieveWithParents whether the table's retrieve endpoint has the parent id in its path, so a
   *                            retrieve carries the parents the query names
   */
  QueryBuilder(String table, boolean retrieveWithParents) {
    this.table = table;
    this.retrieveWithParents = retrieveWithParents;
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

  void fanOut(String param, List<String> values, boolean distinct) {
    fanOutParam = param;
    fanOutValues = new LinkedHashSet<>(values);
    fanOutDistinct = distinct;
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

  /** The list names ids, parents or references: it reads few rows without the Search API's help. */
  void markSelective() {
    selective = true;
  }

  /**
   * Whether the list reads only part of the table: ids, parents, references, or a time range with a
   * lower bound (Stripe lists newest first, so an upper bound alone still reads the table's whole past).
   */
  boolean isSelective() {
    return selective || ids != null || ranges.values().stream().anyMatch(r -> r.gte() != null);
  }

  boolean hasIds() {
    return ids != null;
  }

  /** Ids that are all literals (no statement parameter). */
  boolean hasLiteralIds() {
    return ids != null && ids.stream().noneMatch(QueryParameters::isPlaceholder);
  }

  boolean hasParents() {
    return parents != null;
  }

  /** Whether an equality or the fan-out sets the parameter. */
  boolean constrains(String param) {
    return equals.containsKey(param) || param.equals(fanOutParam);
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
      List<String> parentIds = retrieveWithParents && parents != null ? new ArrayList<>(parents) : null;
      return new RetrieveQuery(table, new ArrayList<>(ids), parentIds, null);
    }
    FanOut fanOut = fanOutParam == null ? null
        : new FanOut(fanOutParam, new ArrayList<>(fanOutValues), fanOutDistinct);
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
