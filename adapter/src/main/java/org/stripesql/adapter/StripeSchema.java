package org.stripesql.adapter;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.scan.ScanBudget;
import org.stripesql.adapter.scan.StripeRows;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.Table;

/** A Stripe account as a schema: one table per catalog entry, all read with one client. */
public final class StripeSchema extends AbstractSchema {
  private final StripeSchemaConfig config;
  private final Catalog catalog;
  private final StripeClient client;
  private final Map<String, org.apache.calcite.schema.Table> tables;

  StripeSchema(StripeSchemaConfig config, Catalog catalog, StripeClient client) {
    this.config = config;
    this.catalog = catalog;
    this.client = client;
    Map<String, org.apache.calcite.schema.Table> m = new LinkedHashMap<>();
    for (Table t : catalog.tables()) {
      m.put(t.name(), new StripeTable(t, this));
    }
    this.tables = Map.copyOf(m);
  }

  @Override
  protected Map<String, org.apache.calcite.schema.Table> getTableMap() {
    return tables;
  }

  public Catalog catalog() {
    return catalog;
  }

  public StripeSchemaConfig config() {
    return config;
  }

  StripeRows rows(ScanBudget budget) {
    return new StripeRows(catalog, client, budget);
  }
}
