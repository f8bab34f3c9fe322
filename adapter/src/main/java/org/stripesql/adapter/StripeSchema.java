package org.stripesql.adapter;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.adapter.oauth.OAuthService;
import org.stripesql.adapter.scan.TableReader;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;

/** A Stripe account as a schema: one table per catalog entry, all read with one client. */
public final class StripeSchema extends AbstractSchema implements OAuthFunctions.Source {
  private final Catalog catalog;
  private final Map<String, Table> tables;
  private final OAuthService oauth;
  private final Multimap<String, Function> functions;

  /**
   * @param self the expression of this schema's SchemaPlus (for the OAuth table functions' generated code);
   *     null for a schema without them
   */
  StripeSchema(StripeSchemaConfig config, Catalog catalog, StripeClient client, OAuthService oauth, Expression self) {
    this.catalog = catalog;
    this.oauth = oauth;
    ImmutableMultimap.Builder<String, Function> f = ImmutableMultimap.builder();
    if (self != null) {
      OAuthFunctions.all(self).forEach(f::put);
    }
    this.functions = f.build();
    StripeTableScan.Pushdown pushdown = new StripeTableScan.Pushdown(config.pushdown(), config.maxFanOut(),
        config.useSearchApi(), config.searchLagWindowSeconds());
    TableReader reader = new TableReader(catalog, client, config.maxPagesPerQuery(), config.queryTimeout());
    Map<String, Table> m = new LinkedHashMap<>();
    for (ApiTable t : catalog.tables()) {
      m.put(t.name(), new StripeTable(t, pushdown, reader));
    }
    this.tables = Map.copyOf(m);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }

  /** The OAuth table functions (GetOAuthAuthorizationURL, GetOAuthAccessToken, RefreshOAuthAccessToken). */
  @Override
  protected Multimap<String, Function> getFunctionMultimap() {
    return functions;
  }

  /** Stripe Connect OAuth of this schema: tokens, refresh, the web flow. */
  @Override
  public OAuthService oauth() {
    return oauth;
  }

  public Catalog catalog() {
    return catalog;
  }
}
