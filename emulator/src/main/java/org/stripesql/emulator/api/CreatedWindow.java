package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.FilterKind;

/**
 * The stretch of a list in Stripe order (newest first) that a request's {@code created} bounds can
 * select, found by binary search: a page of an old time slice then tests its own rows, not every newer
 * and older one. The filters still decide which rows of the stretch are listed.
 */
final class CreatedWindow {
  static final String CREATED = "created";

  private CreatedWindow() {}

  /** {@code [from, to)} of {@code rows} (sorted by {@code DataSet.STRIPE_ORDER}) whose created can pass. */
  static int[] of(ApiTable t, Map<String, List<String>> q, List<ObjectNode> rows) {
    int[] all = {0, rows.size()};
    ApiFilter f = t.filter(CREATED).orElse(null);
    ApiColumn c = f == null || f.kind() != FilterKind.RANGE || f.column() == null ? null
        : t.column(f.column()).orElse(null);
    if (c == null || !c.path().equals(List.of(CREATED)) || EventFilters.PATH.equals(t.path())) {
      return all;
    }
    long newest = Long.MAX_VALUE;
    long oldest = Long.MIN_VALUE;
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(CREATED) || e.getValue().isEmpty()) {
        continue;
      }
      long b;
      try {
        b = Long.parseLong(QueryParams.last(e.getValue()).trim());
      } catch (NumberFormatException ex) {
        return all;   // the filter refuses it
      }
      switch (key.substring(CREATED.length())) {
        case "" -> {
          newest = Math.min(newest, b);
          oldest = Math.max(oldest, b);
        }
        case "[gt]" -> oldest = Math.max(oldest, b == Long.MAX_VALUE ? b : b + 1);
        case "[gte]" -> oldest = Math.max(oldest, b);
        case "[lt]" -> newest = Math.min(newest, b == Long.MIN_VALUE ? b : b - 1);
        case "[lte]" -> newest = Math.min(newest, b);
        default -> {
          // not a bound
        }
      }
    }
    int from = firstAtMost(rows, newest);
    int to = oldest == Long.MIN_VALUE ? rows.size() : firstAtMost(rows, oldest - 1);
    return new int[] {from, Math.max(from, to)};
  }

  /** The first index whose created is at most {@code bound} (rows newest first). */
  private static int firstAtMost(List<ObjectNode> rows, long bound) {
    int lo = 0;
    int hi = rows.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (rows.get(mid).path(CREATED).asLong(0) > bound) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
