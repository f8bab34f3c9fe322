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
 * The filter parameters of a list call turned into one row predicate. Filters of kind RANGE, EQUALS and
 * IN that name a column filter for real; filters without a column and filters of kind OTHER are ignored.
 * With catalog checks (lenient mode) a parameter the table does not declare is refused, except its scan
 * parameters; strict mode has checked the request against the spec.
 */
final class ListFilters {
  private ListFilters() {}

  /**
   * {@code extra}: parameters the caller reads itself (a parent id given as a query parameter);
   * {@code catalogChecks}: refuse what the catalog does not declare (lenient mode's only check).
   */
  static Predicate<JsonNode> predicate(ApiTable t, Map<String, List<String>> q, Set<String> extra,
      boolean catalogChecks) {
    List<Predicate<JsonNode>> preds = new ArrayList<>();
    Map<String, List<String>> inValues = new LinkedHashMap<>();
    boolean statusRule = StatusFilter.appliesTo(t);
    boolean events = EventFilters.PATH.equals(t.path());
    boolean statusGiven = false;
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      String key = e.getKey();
      if (QueryParams.PAGING.contains(key) || QueryParams.isExpandKey(key) || extra.contains(key)) {
        continue;
      }
      int br = key.indexOf('[');
      // a member of an object parameter may filter on a column of its own (scope[type] on scope_type)
      boolean member = br > 0 && t.filter(key).isPresent();
      String base = br < 0 || member ? key : key.substring(0, br);
      String suffix = br < 0 || member ? "" : key.substring(br);
      if (events && EventFilters.PARAMS.contains(base)) {
        continue;
      }
      String value = QueryParams.last(e.getValue());
      ApiFilter f = t.filter(base).orElse(null);
      if (statusRule && "status".equals(base)) {
        add(preds, StatusFilter.given(t, f, key, suffix, value, catalogChecks));
        statusGiven = true;
        continue;
      }
      if (f == null) {
        if (!catalogChecks || t.scanParamsOrEmpty().containsKey(base) && suffix.isEmpty()) {
          continue;
        }
        throw ApiException.unknownParam(key);
      }
      switch (f.kind()) {
        case RANGE -> add(preds, RangeFilter.parse(key, suffix, value, column(t, f)));
        case EQUALS -> add(preds, EqualsFilter.parse(f, key, suffix, value, column(t, f), catalogChecks));
        case IN -> {
          if (catalogChecks) {
            InFilter.checkKey(key, suffix);
          }
          inValues.computeIfAbsent(base, k -> new ArrayList<>()).addAll(e.getValue());
        }
        case OTHER -> {
          // accepted, not applied
        }
      }
    }
    if (events) {
      add(preds, EventFilters.predicate(q));
    }
    inValues.forEach((base, values) -> add(preds, InFilter.of(column(t, t.filter(base).orElseThrow()), values)));
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
