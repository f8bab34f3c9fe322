package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;

/**
 * The filter parameters of a list call, validated against the catalog and turned into one row predicate.
 * Filters of kind RANGE, EQUALS and IN that name a column filter for real; filters without a column
 * and filters of kind OTHER are accepted and ignored. A parameter the table does not declare is refused,
 * except its scan parameters; a required filter must be given.
 */
final class ListFilters {
  private ListFilters() {}

  /** {@code extra}: parameters the caller reads itself (a parent id given as a query parameter). */
  static Predicate<JsonNode> predicate(ApiTable t, Map<String, List<String>> q, Set<String> extra) {
    List<Predicate<JsonNode>> preds = new ArrayList<>();
    Map<String, List<String>> inValues = new LinkedHashMap<>();
    boolean statusRule = StatusFilter.appliesTo(t);
    boolean statusGiven = false;
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      String key = e.getKey();
      if (QueryParams.PAGING.contains(key) || QueryParams.isExpandKey(key) || extra.contains(key)) {
        continue;
      }
      int br = key.indexOf('[');
      String base = br < 0 ? key : key.substring(0, br);
      String suffix = br < 0 ? "" : key.substring(br);
      String value = QueryParams.last(e.getValue());
      ApiFilter f = t.filter(base).orElse(null);
      if (statusRule && "status".equals(base) && f != null) {
        add(preds, StatusFilter.given(t, f, key, suffix, value));
        statusGiven = true;
        continue;
      }
      if (f == null) {
        if (t.scanParamsOrEmpty().containsKey(base) && suffix.isEmpty()) {
          continue;
        }
        throw ApiException.unknownParam(key);
      }
      switch (f.kind()) {
        case RANGE -> add(preds, RangeFilter.parse(key, suffix, value, column(t, f)));
        case EQUALS -> add(preds, EqualsFilter.parse(f, key, suffix, value, column(t, f)));
        case IN -> {
          InFilter.checkKey(key, suffix);
          inValues.computeIfAbsent(base, k -> new ArrayList<>()).addAll(e.getValue());
        }
        case OTHER -> {
          // accepted, not applied
        }
      }
    }
    inValues.forEach((base, values) -> add(preds, InFilter.of(column(t, t.filter(base).orElseThrow()), values)));
    for (ApiFilter f : t.filters()) {
      if (f.isRequired() && q.keySet().stream().noneMatch(k -> k.equals(f.param())
          || k.startsWith(f.param() + "["))) {
        throw ApiException.missingParam(f.param());
      }
    }
    if (statusRule && !statusGiven) {
      add(preds, StatusFilter.absent(t));
    }
    return row -> {
      for (Predicate<JsonNode> p : preds) {
        if (!p.test(row)) {
          return false;
        }
      }
      return true;
    };
  }

  private static ApiColumn column(ApiTable t, ApiFilter f) {
    return f.column() == null ? null : t.column(f.column()).orElse(null);
  }

  private static void add(List<Predicate<JsonNode>> preds, Predicate<JsonNode> p) {
    if (p != null) {
      preds.add(p);
    }
  }
}
