package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.stripesql.catalog.ApiTable;

/**
 * The billing story's invoices: four in five bill a subscription's items, the rest a few prices by hand;
 * a status with its amounts and transitions; the lines kept as the {@code invoice_lines} rows. Also the
 * upcoming invoice's lines of each customer with a live subscription.
 */
final class Invoices implements RowStory {
  private final Draws draws;
  private final LineItems lineItems;
  private final DraftTables tables;
  private final Map<String, ObjectNode> index = new HashMap<>();
  private List<ObjectNode> indexed;

  Invoices(Draws draws, LineItems lineItems, DraftTables tables) {
    this.draws = draws;
    this.lineItems = lineItems;
    this.tables = tables;
  }

  @Override
  public void fill(ObjectNode o, SplittableRandom r, int i) {
    List<ObjectNode> subs = tables.get("subscriptions");
    List<ObjectNode> customers = tables.get("customers");
    ObjectNode sub = r.nextInt(5) < 4 && subs != null && !subs.isEmpty() ? subs.get(r.nextInt(subs.size()))
        : null;
    ObjectNode cus;
    long created;
    List<ObjectNode> lines = new ArrayList<>();
    String id = o.path("id").asText();
    if (sub != null) {
      cus = findById(customers, sub.path("customer").asText());
      created = draws.after(r, sub.path("created").asLong(), Draws.WINDOW);
      for (JsonNode item : sub.path("items").path("data")) {
        lines.add(lineItems.line(r, (ObjectNode) item.path("price"), item.path("quantity").asLong(1),
            sub.path("id").asText(), item.path("id").asText(), created, created + 30 * Draws.DAY));
      }
      o.put("subscription", sub.path("id").asText());
      o.put("billing_reason", "subscription_cycle");
    } else {
      cus = customers.get(r.nextInt(customers.size()));
      created = draws.after(r, cus.path("created").asLong(), Draws.WINDOW);
      List<ObjectNode> prices = tables.rows("prices");
      int n = 1 + r.nextInt(3);
      for (int k = 0; k < n && !prices.isEmpty(); k++) {
        lines.add(lineItems.line(r, prices.get(r.nextInt(prices.size())), 1 + r.nextInt(3), null, null,
            created, created));
      }
      o.putNull("subscription");
      o.put("billing_reason", "manual");
    }
    tables.childTable("invoice_lines").put(id, lines);
    long total = lines.stream().mapToLong(l -> l.path("amount").asLong()).sum();
    String cur = lines.isEmpty() ? cus.path("currency").asText("usd") : lines.get(0).path("currency").asText();
    o.put("customer", cus.path("id").asText());
    o.put("customer_email", cus.path("email").asText());
    o.put("customer_name", cus.path("name").asText());
    o.put("created", created);
    o.put("currency", cur);
    String status = Draws.weighted(r, "paid", 60, "open", 15, "draft", 10, "void", 8, "uncollectible", 7);
    o.put("status", status);
    boolean paid = "paid".equals(status);
    o.put("paid", paid);
    o.put("subtotal", total);
    o.put("total", total);
    o.put("amount_due", total);
    o.put("amount_paid", paid ? total : 0);
    o.put("amount_remaining", paid || "void".equals(status) ? 0 : total);
    o.put("attempted", !"draft".equals(status));
    o.put("attempt_count", "draft".equals(status) ? 0 : 1 + (paid ? 0 : r.nextInt(3)));
    o.put("number", "draft".equals(status) ? null
        : cus.path("invoice_prefix").asText("INV") + "-" + String.format("%04d", i + 1));
    o.put("receipt_number", paid && r.nextBoolean() ? String.format("%04d-%04d", r.nextInt(10000), i + 1) : null);
    boolean sendInvoice = r.nextInt(5) == 0;
    o.put("collection_method", sendInvoice ? "send_invoice" : "charge_automatically");
    if (sendInvoice) {
      o.put("due_date", created + 30 * Draws.DAY);
    } else {
      o.putNull("due_date");
    }
    o.put("period_start", created - 30 * Draws.DAY);
    o.put("period_end", created);
    o.put("webhooks_delivered_at", created);
    o.put("next_payment_attempt", "open".equals(status)
        ? JsonNodeFactory.instance.numberNode(created + 3 * Draws.DAY) : NullNode.getInstance());
    ObjectNode st = o.putObject("status_transitions");
    st.put("finalized_at", "draft".equals(status) ? null : created + 3600);
    st.put("marked_uncollectible_at", "uncollectible".equals(status) ? created + 7 * Draws.DAY : null);
    st.put("paid_at", paid ? created + 3600 : null);
    st.put("voided_at", "void".equals(status) ? created + 2 * Draws.DAY : null);
    o.set("lines", ListObjects.of(lines, "/v1/invoices/" + id + "/lines"));
    if (r.nextInt(6) == 0) {
      o.putObject("metadata").put("order_ref", "ORD-" + (1000 + i));
    }
  }

  /** The row with this id; the list's index is built once, so a large scale stays linear. */
  private ObjectNode findById(List<ObjectNode> l, String id) {
    if (indexed != l) {
      index.clear();
      l.forEach(o -> index.putIfAbsent(o.path("id").asText(), o));
      indexed = l;
    }
    ObjectNode o = index.get(id);
    if (o == null) {
      throw new IllegalStateException("no row " + id);
    }
    return o;
  }

  /** The next period's lines of every active, trialing or past-due subscription, by customer id. */
  Map<String, List<ObjectNode>> upcomingLines(ApiTable t) {
    SplittableRandom r = draws.rng(t.name());
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    for (ObjectNode c : tables.get("customers")) {
      out.put(c.path("id").asText(), new ArrayList<>());
    }
    for (ObjectNode sub : tables.rows("subscriptions")) {
      String status = sub.path("status").asText();
      if (!Set.of("active", "trialing", "past_due").contains(status)) {
        continue;
      }
      long start = sub.path("current_period_end").asLong();
      for (JsonNode item : sub.path("items").path("data")) {
        out.get(sub.path("customer").asText()).add(lineItems.line(r, (ObjectNode) item.path("price"),
            item.path("quantity").asLong(1), sub.path("id").asText(), item.path("id").asText(), start,
            start + 30 * Draws.DAY));
      }
    }
    return out;
  }
}
