package org.stripesql.adapter.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * List calls of a table: its list endpoint with equality parameters, time ranges and at most one
 * fanned-out parameter; for a child table, the nested list of each parent.
 *
 * @param table      the table's name
 * @param equalities list parameters and their values ({@code customer=cus_1})
 * @param ranges     range parameters ({@code created}) and their bounds
 * @param fanOut     a parameter listed once per value; null when there is none
 * @param parentIds  for a child table: the parents whose children to list; null walks every parent
 * @param fetch      at most this many rows; null for all
 */
public record ListQuery(String table, SortedMap<String, String> equalities, SortedMap<String, TimeRange> ranges,
    FanOut fanOut, List<String> parentIds, Long fetch) implements StripeQuery {
  public ListQuery {
    Objects.requireNonNull(table, "table");
    equalities = Collections.unmodifiableSortedMap(new TreeMap<>(equalities));
    ranges = Collections.unmodifiableSortedMap(new TreeMap<>(ranges));
    parentIds = parentIds == null ? null : List.copyOf(parentIds);
  }

  /** Every row: no pushed parameter. */
  public static ListQuery all(String table) {
    return new ListQuery(table, new TreeMap<>(), new TreeMap<>(), null, null, null);
  }

  /** The number of parameters that narrow the list (equalities and bounded ranges). */
  public int narrowingParams() {
    int n = equalities.size();
    for (TimeRange r : ranges.values()) {
      n += r.gte() != null || r.lte() != null ? 1 : 0;
    }
    return n;
  }

  public ListQuery withParentIds(List<String> ids) {
    return new ListQuery(table, equalities, ranges, fanOut, ids, fetch);
  }

  @Override
  public ListQuery withFetch(Long newFetch) {
    return new ListQuery(table, equalities, ranges, fanOut, parentIds, newFetch);
  }

  @Override
  public String describe() {
    List<String> parts = new ArrayList<>();
    parts.add("LIST");
    equalities.forEach((k, v) -> parts.add(k + "=" + v));
    for (Map.Entry<String, TimeRange> r : ranges.entrySet()) {
      String text = r.getValue().describe(r.getKey());
      if (!text.isEmpty()) {
        parts.add(text);
      }
    }
    if (fanOut != null) {
      parts.add(fanOut.describe());
    }
    if (parentIds != null) {
      parts.add("parents=" + parentIds);
    }
    return StripeQuery.withFetchText(String.join(" ", parts), fetch);
  }
}
