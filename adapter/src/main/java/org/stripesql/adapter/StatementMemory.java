package org.stripesql.adapter;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.DataContext;
import org.stripesql.adapter.client.SqlStateProvider;

/**
 * The memory one statement execution may hold in rows kept by its operators (sorts, groups, join
 * tables, set operations, windows: {@link HeldRows}), estimated from the rows themselves as they reach
 * the operator. Past the budget the statement fails with SQLSTATE 53200 (out of memory) instead of the
 * process running out of heap. Charges are never given back during the execution (an operator keeps its
 * rows until it is closed), so the count is an upper bound of what the execution holds at once.
 */
public final class StatementMemory {
  /** The budget when the host sets none: a quarter of the JVM's heap. */
  public static final long DEFAULT_BYTES = Runtime.getRuntime().maxMemory() / 4;
  /** SQLSTATE of a statement over its budget: PostgreSQL's out_of_memory. */
  public static final String OUT_OF_MEMORY = "53200";
  private static final Map<DataContext, StatementMemory> BY_EXECUTION =
      Collections.synchronizedMap(new WeakHashMap<>());
  private static volatile long limitBytes = DEFAULT_BYTES;
  private static volatile String setting = "--max-statement-memory";

  private final long limit;
  private final AtomicLong held = new AtomicLong();

  StatementMemory(long limit) {
    this.limit = limit;
  }

  /**
   * Sets the budget of every statement of the process; {@code settingName} is what the error names
   * (the host's flag).
   */
  static void limit(long bytes, String settingName) {
    if (bytes <= 0) {
      throw new IllegalArgumentException(settingName + " must be positive, not " + bytes);
    }
    limitBytes = bytes;
    setting = settingName;
  }

  static long limit() {
    return limitBytes;
  }

  /** The budget of statement execution {@code root}, created on its first charge. */
  static StatementMemory of(DataContext root) {
    long l = limitBytes;
    return root == null ? new StatementMemory(l) : BY_EXECUTION.computeIfAbsent(root, r -> new StatementMemory(l));
  }

  /** Counts {@code bytes} more held; fails the statement past the budget. */
  void charge(long bytes) {
    long now = held.addAndGet(bytes);
    if (now > limit) {
      throw new OverBudgetException("the statement holds more than " + megabytes(limit) + " of rows in sorts,"
          + " groups, join tables or set operations and was stopped; narrow it (a WHERE, fewer columns, a LIMIT,"
          + " fewer groups) or raise " + setting);
    }
  }

  /** Bytes charged so far. */
  long held() {
    return held.get();
  }

  static String megabytes(long bytes) {
    return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : bytes + " bytes";
  }

  /** An estimate of the heap a row (an {@code Object[]} or a single value) takes. */
  static long sizeOf(Object v) {
    if (v == null) {
      return 8;
    }
    if (v instanceof Object[] row) {
      long n = 16 + 8L * row.length;
      for (Object o : row) {
        n += o == null ? 0 : sizeOf(o);
      }
      return n;
    }
    if (v instanceof String s) {
      return 48 + s.length();
    }
    if (v instanceof Number) {
      return v instanceof BigDecimal d ? 40 + d.unscaledValue().bitLength() / 8 : 16;
    }
    if (v instanceof byte[] b) {
      return 16 + b.length;
    }
    if (v instanceof List<?> list) {
      long n = 40 + 8L * list.size();
      for (Object o : list) {
        n += sizeOf(o);
      }
      return n;
    }
    if (v instanceof Collection<?> c) {
      return 48 + 40L * c.size();
    }
    if (v instanceof Map<?, ?> m) {
      long n = 48 + 32L * m.size();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        n += sizeOf(e.getKey()) + sizeOf(e.getValue());
      }
      return n;
    }
    return 24;
  }

  /** A statement over its memory budget. */
  public static final class OverBudgetException extends RuntimeException implements SqlStateProvider {
    private static final long serialVersionUID = 1L;

    OverBudgetException(String message) {
      super(message);
    }

    @Override
    public String sqlState() {
      return OUT_OF_MEMORY;
    }
  }
}
