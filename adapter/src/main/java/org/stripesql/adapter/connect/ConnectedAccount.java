package org.stripesql.adapter.connect;

import org.stripesql.adapter.client.StripeClient;

/**
 * One connected account a schema reads: its id, the name it shows (null when not known) and the client
 * that reads it (its {@code Stripe-Account}, or its own OAuth token).
 */
public record ConnectedAccount(String id, String name, StripeClient client) {}
