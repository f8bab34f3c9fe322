package org.stripesql.adapter.mirror;

import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.catalog.Catalog;

/**
 * What a mirror is made of: the schema's operands (the Mirror operands among them), its catalog, the
 * client it reads Stripe with (the account's rate limiter and the schema's credential included), and the
 * connection's freshness settings ({@code mirror_status} says which way this connection reads each table).
 */
public record MirrorRequest(StripeSchemaConfig config, Catalog catalog, StripeClient client, MirrorSession session) {}
