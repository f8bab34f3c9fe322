package org.stripesql.adapter.mirror;

import java.util.Locale;
import org.stripesql.adapter.config.Operand;
import org.stripesql.adapter.config.StripeConfigException;
import org.stripesql.adapter.config.StripeSchemaConfig;

/**
 * One connection's freshness settings for mirrored tables: the schema's operands MirrorMaxLagSeconds and
 * MirrorWhenStale, each overridden by the connection (a JDBC connection property of the same name, or
 * PostgreSQL's {@code SET stripesql.mirror_max_lag_seconds} / {@code stripesql.mirror_when_stale}), so a
 * dashboard may accept a copy five minutes old while a reconciliation reads live only. Thread-safe.
 */
public final class MirrorSession {
  /** The names a connection sets them by (case, underscores and a {@code stripesql.} prefix ignored). */
  public static final String MAX_LAG = "MirrorMaxLagSeconds";
  public static final String WHEN_STALE = "MirrorWhenStale";

  /** What a query does when the mirror cannot answer within the bound. */
  public enum WhenStale { LIVE, ERROR }

  private final Double schemaMaxLag;
  private final WhenStale schemaWhenStale;
  private volatile Double maxLag;
  private volatile WhenStale whenStale;

  public MirrorSession(Double schemaMaxLagSeconds, WhenStale schemaWhenStale) {
    this.schemaMaxLag = schemaMaxLagSeconds;
    this.schemaWhenStale = schemaWhenStale;
  }

  /** The session of a schema with these operands. */
  public static MirrorSession of(StripeSchemaConfig config) {
    return new MirrorSession(config.mirrorMaxLagSeconds(), whenStale(config.mirrorWhenStale()));
  }

  private static WhenStale whenStale(String v) {
    return WhenStale.valueOf(v.toUpperCase(Locale.ROOT));
  }

  /** The bound in seconds this connection accepts; null: each table's own (the mirror's refresh bound). */
  public Double maxLagSeconds() {
    Double v = maxLag;
    return v != null ? v : schemaMaxLag;
  }

  public WhenStale whenStale() {
    WhenStale v = whenStale;
    return v != null ? v : schemaWhenStale;
  }

  /** Whether {@code name} is one of these settings. */
  public static boolean isSetting(String name) {
    return operand(name) != null;
  }

  /**
   * Sets one of these settings for this connection; null, empty or {@code default} goes back to the schema's.
   * Returns false when {@code name} is none of them.
   *
   * @throws IllegalArgumentException for a value the setting does not take, naming it
   */
  public boolean set(String name, String value) {
    Operand o = operand(name);
    if (o == null) {
      return false;
    }
    String v = value == null ? "" : value.trim();
    boolean reset = v.isEmpty() || v.equalsIgnoreCase("default");
    String checked;
    try {
      checked = reset ? null : o.type().check(o, v);
    } catch (StripeConfigException e) {
      throw new IllegalArgumentException(e.getMessage().replaceFirst("^operand ", "setting "), e);
    }
    if (o == Operand.MIRROR_MAX_LAG_SECONDS) {
      maxLag = checked == null ? null : Double.valueOf(checked);
    } else {
      whenStale = checked == null ? null : whenStale(checked);
    }
    return true;
  }

  /** The value now in force, as {@code SHOW} prints it. */
  public String show(String name) {
    Operand o = operand(name);
    if (o == Operand.MIRROR_MAX_LAG_SECONDS) {
      Double v = maxLagSeconds();
      return v == null ? "default" : v.toString();
    }
    return o == null ? null : whenStale().name().toLowerCase(Locale.ROOT);
  }

  private static Operand operand(String name) {
    if (name == null) {
      return null;
    }
    String n = name.toLowerCase(Locale.ROOT).replace("_", "");
    if (n.startsWith("stripesql.")) {
      n = n.substring("stripesql.".length());
    }
    if (n.equals(MAX_LAG.toLowerCase(Locale.ROOT))) {
      return Operand.MIRROR_MAX_LAG_SECONDS;
    }
    return n.equals(WHEN_STALE.toLowerCase(Locale.ROOT)) ? Operand.MIRROR_WHEN_STALE : null;
  }

  @Override
  public String toString() {
    return "MirrorSession[maxLag=" + maxLagSeconds() + ", whenStale=" + whenStale() + "]";
  }
}
