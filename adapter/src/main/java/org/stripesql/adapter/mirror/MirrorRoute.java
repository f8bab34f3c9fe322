package org.stripesql.adapter.mirror;

import org.apache.calcite.schema.Table;

/**
 * Where a statement planned now reads one mirrored table: the store's table, or Stripe (store null), with
 * what EXPLAIN says about it (the copy's age and the bound, or why it is read live).
 */
public record MirrorRoute(Table store, String note) {
  public boolean fromStore() {
    return store != null;
  }

  /**
   * What the store's table was made of (a Connect platform's: which accounts' copies it reads), so a plan
   * made with another is planned again; empty for a table that is always the same.
   */
  public String version() {
    return store instanceof Versioned v ? v.version() : "";
  }

  /** A store table whose make-up can change between statements. */
  public interface Versioned {
    String version();
  }
}
