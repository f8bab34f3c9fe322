package org.stripesql.adapter.mirror;

import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.adapter.connect.ConnectedAccountSet;
import org.stripesql.catalog.Catalog;

/**
 * What a mirror is made of: the schema's operands (the Mirror operands among them), its catalog, the
 * client it reads Stripe with (the account's rate limiter and the schema's credential included), and the
 * connection's freshness settings ({@code mirror_status} says which way this connection reads each table);
 * with ConnectedAccounts, the platform's connected accounts (the catalog is then the platform's, without the
 * {@code account} column: each account's copy holds its own rows, and the mirror puts the account in front).
 */
public record MirrorRequest(StripeSchemaConfig config, Catalog catalog, StripeClient client, MirrorSession session,
    ConnectedAccountSet connected) {
  /** A request for one account's mirror (no ConnectedAccounts). */
  public MirrorRequest(StripeSchemaConfig config, Catalog catalog, StripeClient client, MirrorSession session) {
    this(config, catalog, client, session, null);
  }
}
