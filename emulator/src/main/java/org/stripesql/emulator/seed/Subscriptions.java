package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The billing story's subscriptions: a customer, a status with its dates (30-day periods), and one or
 * two items on recurring prices, embedded as Stripe does and kept as the {@code subscription_items} rows.
 */
final class Subscriptions implements RowStory {
  private final Draws draws;
  private final Ids ids;
  private final Examples examples;
  private final DraftTables tables;
  private List<ObjectNode> recurringPrices;

  Subscriptions(Draws draws, Ids ids, Examples examples, DraftTables tables) {
    this.draws = draws;
    this.ids = ids;
    this.examples = examples;
    this.tables = tables;
  }

  @Override
  public void fill(ObjectNode o, SplittableRandom r, int index) {
    long anchor = draws.anchor();
    List<ObjectNode> customers = tables.get("customers");
    ObjectNode cus = customers.get(r.nextInt(customers.size()));
    o.put("customer", cus.path("id").asText());
    long created = draws.after(r, cus.path("created").asLong(), Draws.WINDOW);
    o.put("created", created);
    String status = Draws.weighted(r, "active", 50, "canceled", 20, "trialing", 10, "past_due", 8, "unpaid", 4,
        "incomplete", 4, "incomplete_expired", 4);
    o.put("status", status);
    o.put("start_date", created);
    o.put("billing_cycle_anchor", created);
    long periods = (anchor - created) / (30 * Draws.DAY);
    long start = created + periods * 30 * Draws.DAY;
    o.put("current_period_start", start);
    o.put("current_period_end", start + 30 * Draws.DAY);
    o.putNull("cancel_at");
    o.put("cancel_at_period_end", "active".equals(status) && r.nextInt(10) == 0);
    if ("canceled".equals(status) || "incomplete_expired".equals(status)) {
      long end = draws.after(r, created, Draws.WINDOW);
      o.put("canceled_at", end);
      o.put("ended_at", end);
    } else {
      o.putNull("canceled_at");
      o.putNull("ended_at");
    }
    if ("trialing".equals(status)) {
      o.put("trial_start", created);
      o.put("trial_end", Math.max(created + 14 * Draws.DAY, anchor + Draws.DAY));
    } else {
      o.putNull("trial_start");
      o.putNull("trial_end");
    }
    o.putNull("next_pending_invoice_item_invoice");
    o.put("collection_method", r.nextInt(5) == 0 ? "send_invoice" : "charge_automatically");
    o.put("days_until_due", "send_invoice".equals(o.path("collection_method").asText())
        ? JsonNodeFactory.instance.numberNode(30) : NullNode.getInstance());
    if (r.nextInt(4) == 0) {
      o.putObject("metadata").put("team", r.nextBoolean() ? "growth" : "core");
    } else {
      o.putObject("metadata");
    }
    List<ObjectNode> items = items(o, r, created);
    tables.childTable("subscription_items").put(o.path("id").asText(), items);
    o.set("items", ListObjects.of(items, "/v1/subscription_items?subscription=" + o.path("id").asText()));
    if (o.has("plan")) {
      o.remove("plan");
    }
    if (o.has("quantity")) {
      o.remove("quantity");
    }
  }

  private List<ObjectNode> items(ObjectNode subscription, SplittableRandom r, long created) {
    List<ObjectNode> prices = recurringPrices();
    List<ObjectNode> items = new ArrayList<>();
    int n = 1 + (r.nextInt(4) == 0 ? 1 : 0);
    for (int k = 0; k < n && !prices.isEmpty(); k++) {
      ObjectNode item = examples.copyOf("subscription_item");
      item.put("id", ids.newId("subscription_item", r));
      item.put("object", "subscription_item");
      item.put("created", created);
      item.put("subscription", subscription.path("id").asText());
      item.set("price", prices.get(r.nextInt(prices.size())).deepCopy());
      if (item.has("plan")) {
        item.remove("plan");
      }
      item.put("quantity", 1 + r.nextInt(3));
      items.add(item);
    }
    return items;
  }

  private List<ObjectNode> recurringPrices() {
    if (recurringPrices == null) {
      recurringPrices = new ArrayList<>();
      for (ObjectNode p : tables.rows("prices")) {
        if ("recurring".equals(p.path("type").asText())) {
          recurringPrices.add(p);
        }
      }
    }
    return recurringPrices;
  }
}
