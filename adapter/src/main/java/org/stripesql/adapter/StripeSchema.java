package org.stripesql.adapter;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.scan.ScanBudget;
import org.stripesql.adapter.scan.StripeRows;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.ApiTable;

/** A Stripe account as a schema: one table per catalog entry, all read with one client. */
public final class StripeSchema extends AbstractSchema {
  private final StripeSchemaConfig config;
  private final Catalog catalog;
  private final StripeClient client;
  private final Map<String, org.apache.calcite.schema.Table> tables;
  private final org.stripesql.adapter.oauth.OAuthService oauth;
  private final com.google.common.collect.Multimap<String, org.apache.calcite.schema.Function> functions;

  StripeSchema(StripeSchemaConfig config, Catalog catalog, StripeClient client) {
    this(config, catalog, client, org.stripesql.adapter.oauth.OAuthService.create(config), null);
  }

  /**
   * @param self the expression of this schema's SchemaPlus (for the OAuth table functions' generated code);
   *     null for a schema without them
   */
  StripeSchema(StripeSchemaConfig config, Catalog catalog, StripeClient client,
      org.stripesql.adapter.oauth.OAuthService oauth, org.apache.calcite.linq4j.tree.Expression self) {
    this.config = config;
    this.catalog = catalog;
    this.client = client;
    this.oauth = oauth;
    com.google.common.collect.ImmutableMultimap.Builder<String, org.apache.calcite.schema.Function> f =
        com.google.common.collect.ImmutableMultimap.builder();
    if (self != null) {
      org.stripesql.adapter.oauth.OAuthFunctions.all(self).forEach(f::put);
    }
    this.functions = f.build();
    Map<String, org.apache.calcite.schema.Table> m = new LinkedHashMap<>();
    for (ApiTable t : catalog.tables()) {
      m.put(t.name(), new StripeTable(t, this));
    }
    this.tables = Map.copyOf(m);
  }

  @Override
  protected Map<String, org.apache.calcite.schema.Table> getTableMap() {
    return tables;
  }

  /** The OAuth table functions (GetOAuthAuthorizationURL, GetOAuthAccessToken, RefreshOAuthAccessToken). */
  @Override
  protected com.google.common.collect.Multimap<String, org.apache.calcite.schema.Function> getFunctionMultimap() {
    return functions;
  }

  /** Stripe Connect OAuth of this schema: tokens, refresh, the web flow. */
  public org.stripesql.adapter.oauth.OAuthService oauth() {
    return oauth;
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
