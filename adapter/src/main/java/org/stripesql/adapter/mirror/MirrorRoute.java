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
}
