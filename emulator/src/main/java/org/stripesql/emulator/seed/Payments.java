package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;

/**
 * The billing story's charges, each with the payment intent that made it (the {@code payment_intents}
 * rows), and, once payment methods exist, the customer's payment method each of them used.
 */
final class Payments {
  private static final String[] LAST4 = {"4242", "0005", "4444", "1881", "0077", "5556", "8431", "0019"};
  private static final String[] BRANDS = {"visa", "amex", "mastercard", "visa", "discover", "mastercard",
      "amex", "diners"};

  private final Catalog catalog;
  private final Draws draws;
  private final GenericRows generic;
  private final DraftTables tables;

  Payments(Catalog catalog, Draws draws, GenericRows generic, DraftTables tables) {
    this.catalog = catalog;
    this.draws = draws;
    this.generic = generic;
    this.tables = tables;
  }

  /** {@code n} charges of random customers; stores their payment intents as well. */
  List<ObjectNode> charges(ApiTable t, SplittableRandom r, int n) {
    List<ObjectNode> customers = tables.get("customers");
    ApiTable piTable = catalog.table("payment_intents").orElse(null);
    List<ObjectNode> intents = new ArrayList<>();
    List<ObjectNode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ObjectNode cus = customers.get(r.nextInt(customers.size()));
      long created = draws.after(r, cus.path("created").asLong(), Draws.WINDOW);
      ObjectNode ch = generic.row(t, "charge", r, created);
      String status = Draws.weighted(r, "succeeded", 80, "failed", 12, "pending", 8);
      long amount = Math.round(Math.exp(5 + r.nextDouble() * 7));
      if (r.nextInt(4) == 0) {
        amount = (amount / 100 + 1) * 100;
      }
      String cur = r.nextInt(3) == 0 ? Draws.currency(r) : cus.path("currency").asText("usd");
      boolean ok = "succeeded".equals(status);
      ch.put("amount", amount);
      ch.put("amount_captured", ok ? amount : 0);
      ch.put("amount_refunded", 0);
      ch.put("currency", cur);
      ch.put("customer", cus.path("id").asText());
      ch.put("status", status);
      ch.put("paid", ok);
      ch.put("captured", ok);
      ch.put("refunded", false);
      ch.put("disputed", false);
      ch.put("description", "Payment " + (i + 1) + " from " + cus.path("name").asText());
      ch.put("failure_code", "failed".equals(status) ? "card_declined" : null);
      ch.put("failure_message", "failed".equals(status) ? "Your card was declined." : null);
      ch.put("receipt_email", ok ? cus.path("email").asText() : null);
      ch.put("statement_descriptor", r.nextInt(4) == 0 ? "STRIPESQL DEMO" : null);
      ObjectNode bd = ch.withObjectProperty("billing_details");
      bd.put("name", cus.path("name").asText());
      bd.put("email", cus.path("email").asText());
      int card = r.nextInt(LAST4.length);
      JsonNode pmd = ch.path("payment_method_details").path("card");
      if (pmd instanceof ObjectNode c) {
        c.put("last4", LAST4[card]);
        c.put("brand", BRANDS[card]);
        c.put("exp_month", 1 + r.nextInt(12));
        c.put("exp_year", 2026 + r.nextInt(6));
      }
      ObjectNode md = ch.putObject("metadata");
      if (r.nextInt(5) == 0) {
        md.put("order_id", "order_" + (i + 1));
      }
      ch.putNull("invoice");
      ch.set("refunds", ListObjects.of(List.of(), "/v1/charges/" + ch.path("id").asText() + "/refunds"));
      ObjectNode pi = generic.row(piTable != null ? piTable : t, "payment_intent", r, created);
      String piId = pi.path("id").asText();
      pi.put("amount", amount);
      pi.put("amount_capturable", 0);
      pi.put("amount_received", ok ? amount : 0);
      pi.put("currency", cur);
      pi.put("customer", cus.path("id").asText());
      pi.put("description", ch.path("description").asText());
      pi.put("status", ok ? "succeeded" : "failed".equals(status) ? "requires_payment_method" : "processing");
      pi.put("client_secret", piId + "_secret_" + Draws.randomChars(r, 24, Draws.BASE62));
      pi.putNull("canceled_at");
      pi.putNull("invoice");
      pi.set("metadata", md.deepCopy());
      ch.put("payment_intent", piId);
      ch.put("created", draws.after(r, created, 5));
      pi.set("charges", ListObjects.of(List.of(ch), "/v1/charges?payment_intent=" + piId));
      intents.add(pi);
      out.add(ch);
    }
    tables.lists.put("payment_intents", intents);
    return out;
  }

  /** Charges and payment intents use one of their customer's payment methods, or none. */
  void linkPaymentMethods() {
    Map<String, List<ObjectNode>> byCustomer = tables.children.getOrDefault("customer_payment_methods", Map.of());
    SplittableRandom r = draws.rng("payment_method_links");
    Map<String, ObjectNode> intents = new HashMap<>();
    tables.rows("payment_intents").forEach(pi -> intents.put(pi.path("id").asText(), pi));
    for (ObjectNode ch : tables.rows("charges")) {
      List<ObjectNode> pms = byCustomer.getOrDefault(ch.path("customer").asText(), List.of());
      JsonNode pm = pms.isEmpty() ? NullNode.getInstance()
          : JsonNodeFactory.instance.textNode(Draws.pick(r, pms).path("id").asText());
      ch.set("payment_method", pm);
      ObjectNode pi = intents.get(ch.path("payment_intent").asText());
      if (pi != null) {
        pi.set("payment_method", pm);
      }
    }
  }
}
