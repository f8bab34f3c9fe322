package org.stripesql.adapter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;

/**
 * The prepared statements of one connection (its Stripe schema holds it), by shape: the most recently
 * used {@value #SIZE}. A plan belongs to the connection's schema objects, so it is never shared.
 */
final class PlanCache {
  static final int SIZE = 64;

  /**
   * A prepared statement: its signature, the string literals it was planned with, whether other literals
   * may be put into its stashed queries instead of planning again, and the routes its mirrored tables took.
   */
  record Entry(CalciteSignature<?> signature, List<String> literals, boolean rebindable,
      List<MirrorRoutes.Decision> routes) {}

  /** No shape: a statement that is not a query, or depends on the time. */
  private static final Optional<StatementShape> NONE = Optional.empty();

  private final Map<String, Entry> entries = lru();
  /** Shapes by statement text: a statement sent again is not parsed again to find its shape. */
  private final Map<String, Optional<StatementShape>> shapes = lru();

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > SIZE;
      }
    };
  }

  /** The shape of {@code sql}, found by {@code parse} the first time; null when it has none. */
  StatementShape shape(String sql, Supplier<StatementShape> parse) {
    Optional<StatementShape> known;
    synchronized (this) {
      known = shapes.get(sql);
    }
    if (known == null) {
      StatementShape s = parse.get();   // outside the lock: parsing takes a while
      known = s == null ? NONE : Optional.of(s);
      synchronized (this) {
        shapes.put(sql, known);
      }
    }
    return known.orElse(null);
  }

  synchronized Entry get(String key) {
    return entries.get(key);
  }

  synchronized void put(String key, Entry entry) {
    entries.put(key, entry);
  }

  synchronized int size() {
    return entries.size();
  }
}
