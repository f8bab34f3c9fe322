package org.stripesql.adapter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.stripesql.adapter.pushdown.StripeFilterTranslator;
import org.stripesql.adapter.query.FanOut;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.QueryParameters;
import org.stripesql.adapter.query.RetrieveQuery;
import org.stripesql.adapter.query.SearchClause;
import org.stripesql.adapter.query.SearchQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;

/**
 * Puts other string values into the {@link StripeQuery}s a cached plan stashed: ids, parent ids,
 * equality, fan-out and search values, each the literal of the statement it was planned for. A new value
 * must suit where it goes as the old one did (the same {@link StripeFilterTranslator#valueShape}), else
 * the statement is planned afresh. Reasoning: docs/parallel-scans.md.
 */
final class QueryRebinder {
  private QueryRebinder() {}

  /** Whether every value is used by a stashed query: then each literal went into a request, not the plan. */
  static boolean usesAll(Map<String, Object> stash, List<String> values) {
    Set<String> used = new HashSet<>();
    for (Object o : stash.values()) {
      if (o instanceof StripeQuery q) {
        rebind(q, v -> {
          if (!QueryParameters.isPlaceholder(v)) {
            used.add(v);
          }
          return v;
        });
      }
    }
    return used.containsAll(values);
  }

  /** The stash with each value replaced as {@code replacement} says, or empty when a new value does not fit. */
  static Optional<Map<String, Object>> rebind(Map<String, Object> stash, Map<String, String> replacement,
      List<Catalog> catalogs) {
    if (replacement.values().stream().anyMatch(QueryParameters::isPlaceholder)) {
      return Optional.empty();   // pushdown sends no such literal: plan it
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : stash.entrySet()) {
      Object v = e.getValue();
      if (v instanceof StripeQuery q) {
        StripeQuery n = rebind(q, old -> QueryParameters.isPlaceholder(old) ? old : replacement.getOrDefault(old, old));
        ApiTable table = table(q.table(), catalogs);
        if (table == null || !fits(n, table) || !sameShape(q, n, table)) {
          return Optional.empty();
        }
        v = n;
      }
      out.put(e.getKey(), v);
    }
    return Optional.of(out);
  }

  static StripeQuery rebind(StripeQuery q, Function<String, String> f) {
    if (q instanceof RetrieveQuery r) {
      return new RetrieveQuery(r.table(), map(r.ids(), f), r.parentIds() == null ? null : map(r.parentIds(), f),
          r.fetch());
    }
    if (q instanceof SearchQuery s) {
      List<SearchClause> clauses = new ArrayList<>();
      for (SearchClause c : s.clauses()) {
        clauses.add(c.quoted() ? new SearchClause(c.field(), c.metadataKey(), c.op(), f.apply(c.value()), true) : c);
      }
      return new SearchQuery(s.table(), clauses, (ListQuery) rebind(s.fallback(), f), s.lagWindowSeconds(),
          s.fetch());
    }
    if (q instanceof ListQuery l) {
      TreeMap<String, String> equalities = new TreeMap<>();
      l.equalities().forEach((k, v) -> equalities.put(k, f.apply(v)));
      FanOut fan = l.fanOut() == null ? null
          : new FanOut(l.fanOut().param(), map(l.fanOut().values(), f), l.fanOut().distinct());
      return new ListQuery(l.table(), equalities, new TreeMap<>(l.ranges()), fan,
          l.parentIds() == null ? null : map(l.parentIds(), f), l.fetch());
    }
    return q;   // a NoRowsQuery holds no value
  }

  private static ApiTable table(String name, List<Catalog> catalogs) {
    return catalogs.stream().map(c -> c.table(name)).flatMap(Optional::stream).findFirst().orElse(null);
  }

  /**
   * Whether each value of {@code now} plans as the value it replaced in {@code before}: the same
   * {@link StripeFilterTranslator#valueShape} for its column (an enum value exact for one literal and
   * left to a residual for another, a parameter-only value, a value no object holds change the query).
   */
  private static boolean sameShape(StripeQuery before, StripeQuery now, ApiTable table) {
    if (before instanceof SearchQuery b && now instanceof SearchQuery n) {
      for (int i = 0; i < b.clauses().size(); i++) {
        SearchClause c = b.clauses().get(i);
        if (c.metadataKey() == null && !sameShape(table, c.field(), c.value(), n.clauses().get(i).value())) {
          return false;
        }
      }
      return sameShape(b.fallback(), n.fallback(), table);
    }
    if (before instanceof ListQuery b && now instanceof ListQuery n) {
      for (Map.Entry<String, String> e : b.equalities().entrySet()) {
        if (!sameShape(table, columnOf(table, e.getKey()), e.getValue(), n.equalities().get(e.getKey()))) {
          return false;
        }
      }
      if (b.fanOut() != null) {
        String column = columnOf(table, b.fanOut().param());
        for (int i = 0; i < b.fanOut().values().size(); i++) {
          if (!sameShape(table, column, b.fanOut().values().get(i), n.fanOut().values().get(i))) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static boolean sameShape(ApiTable table, String column, String before, String now) {
    return before.equals(now) || column != null && StripeFilterTranslator.valueShape(table, column, before)
        .equals(StripeFilterTranslator.valueShape(table, column, now));
  }

  /** The column a list parameter filters, or null. */
  private static String columnOf(ApiTable table, String param) {
    return table.filter(param).map(ApiFilter::column).orElse(null);
  }

  /** Whether every equality and fan-out value is one the parameter accepts, when it declares its values. */
  private static boolean fits(StripeQuery q, ApiTable table) {
    if (!(q instanceof ListQuery l)) {
      return true;
    }
    for (Map.Entry<String, String> e : l.equalities().entrySet()) {
      if (!accepts(table, e.getKey(), e.getValue())) {
        return false;
      }
    }
    if (l.fanOut() != null) {
      for (String v : l.fanOut().values()) {
        if (!accepts(table, l.fanOut().param(), v)) {
          return false;
        }
      }
    }
    return true;
  }

  /** A string parameter taking the value: a boolean or number came from no string literal. */
  private static boolean accepts(ApiTable table, String param, String value) {
    for (ApiFilter f : table.filters()) {
      if (f.param().equals(param)) {
        return (f.valueType() == null || "string".equals(f.valueType()))
            && (f.values() == null || f.values().contains(value));
      }
    }
    return true;
  }

  private static List<String> map(List<String> values, Function<String, String> f) {
    List<String> out = new ArrayList<>(values.size());
    values.forEach(v -> out.add(f.apply(v)));
    return out;
  }
}
