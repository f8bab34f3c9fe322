package org.stripesql.adapter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;

/**
 * The prepared statements of one connection (its Stripe schema holds it), by shape: the most recently
 * used {@value #SIZE}. A plan belongs to the connection's schema objects, so it is never shared.
 */
final class PlanCache {
  static final int SIZE = 64;

  /**
   * A prepared statement: its signature, the string literals it was planned with, and whether other
   * literals may be put into its stashed queries instead of planning again.
   */
  record Entry(CalciteSignature<?> signature, List<String> literals, boolean rebindable) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > SIZE;
    }
  };

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
