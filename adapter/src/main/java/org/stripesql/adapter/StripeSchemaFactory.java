package org.stripesql.adapter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.stripesql.adapter.client.ClientSettings;
import org.stripesql.adapter.client.Credentials;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.config.InitiateOAuth;
import org.stripesql.adapter.config.Operand;
import org.stripesql.adapter.config.StripeConfigException;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.adapter.oauth.OAuthService;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.FieldMoves;

/**
 * Creates a {@link StripeSchema} from a {@code model.json} entry:
 * <pre>{"name": "stripe", "type": "custom", "factory": "org.stripesql.adapter.StripeSchemaFactory",
 *  "operand": {"OAuthAccessToken": "${env:STRIPE_API_KEY}"}}</pre>
 * See {@link Operand} for every operand.
 */
public final class StripeSchemaFactory implements SchemaFactory {
  static {
    StatementCheckpoint.install();   // QueryTimeout holds even while Calcite alone works
  }

  /** Calcite instantiates factories by reflection. */
  public StripeSchemaFactory() {}

  @Override
  public Schema create(SchemaPlus parentSchema, String name, Map<String, Object> operand) {
    StripeSchemaConfig config = StripeSchemaConfig.parse(name, operand);
    Catalog derived = catalog(config.openApiSpec());
    ClientSettings settings = ClientSettings.of(config, derived.apiVersion());
    // requests at another version than the catalog's: columns whose field Stripe moved read it where it is
    FieldMoves.Drift drift = FieldMoves.forRequests(derived, settings.stripeVersion());
    CatalogReport.once(name, config.openApiSpec() == null ? "built-in" : "from " + config.openApiSpec(), derived,
        settings.stripeVersion(), drift);
    Catalog catalog = drift.catalog();
    OAuthService oauth = OAuthService.create(config);
    Credentials credentials = config.initiateOAuth() == InitiateOAuth.OFF && config.accessToken() != null
        ? Credentials.ofKey(config.accessToken())
        : oauth.connectedAccounts() != null ? Credentials.ofKey(config.oauthClientSecret())   // the platform's own
        : oauth.credentials();
    StripeClient client = new StripeClient(settings, credentials);
    return new StripeSchema(config, catalog, client, oauth, Schemas.subSchemaExpression(parentSchema, name, null));
  }

  private static Catalog catalog(Path spec) {
    if (spec == null) {
      return Catalog.bundledWithDescriptions();
    }
    try {
      return DerivedCatalogs.of(spec);
    } catch (IOException | RuntimeException e) {
      throw new StripeConfigException("operand OpenApiSpec: cannot derive tables from " + spec + ": "
          + e.getMessage() + "; give a Stripe spec3.json, or remove the operand to use the built-in catalog", e);
    }
  }
}
