package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.spec.SpecOperations;

/**
 * The billing story's events: each about a random customer, charge, invoice, payment intent or
 * subscription, within the 29 days before the anchor (Stripe keeps events 30 days).
 */
final class Events {
  private static final String[][] KINDS = {{"customers", "customer.created", "customer.updated"},
      {"charges", "charge.succeeded", "charge.failed", "charge.refunded"},
      {"invoices", "invoice.paid", "invoice.finalized", "invoice.created"},
      {"payment_intents", "payment_intent.succeeded", "payment_intent.created"},
      {"subscriptions", "customer.subscription.created", "customer.subscription.updated"}};

  /** Seeded events lie within this span before the anchor, inside Stripe's 30-day retention. */
  private static final long RECENT = 29 * Draws.DAY;

  private final Draws draws;
  private final GenericRows generic;
  private final DraftTables tables;

  Events(Draws draws, GenericRows generic, DraftTables tables) {
    this.draws = draws;
    this.generic = generic;
    this.tables = tables;
  }

  List<ObjectNode> rows(ApiTable t, int n) {
    SplittableRandom r = draws.rng(t.name());
    List<ObjectNode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String[] k = KINDS[r.nextInt(KINDS.length)];
      List<ObjectNode> src = tables.rows(k[0]);
      ObjectNode e = generic.row(t, "event", r, 0);
      e.put("type", k[1 + r.nextInt(k.length - 1)]);
      if (!src.isEmpty()) {
        ObjectNode obj = src.get(r.nextInt(src.size()));
        long recent = Math.max(obj.path("created").asLong(), draws.anchor() - RECENT);
        e.put("created", draws.after(r, recent, RECENT));
        e.putObject("data").set("object", obj);
      } else {
        e.put("created", draws.anchor() - r.nextLong(RECENT));
      }
      e.put("api_version", SpecOperations.bundled().apiVersion());
      e.put("pending_webhooks", r.nextInt(4) == 0 ? 1 : 0);
      ObjectNode req = e.putObject("request");
      req.put("id", "req_" + Draws.randomChars(r, 14, Draws.BASE62));
      req.putNull("idempotency_key");
      out.add(e);
    }
    return out;
  }
}
