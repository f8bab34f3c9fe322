package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;

/** Invoice line items of a price and quantity, for a subscription item or by hand. */
final class LineItems {
  private final Ids ids;
  private final Examples examples;

  LineItems(Ids ids, Examples examples) {
    this.ids = ids;
    this.examples = examples;
  }

  /** A line; {@code subscriptionId} and {@code subscriptionItemId} are null for a line added by hand. */
  ObjectNode line(SplittableRandom r, ObjectNode price, long quantity, String subscriptionId,
      String subscriptionItemId, long periodStart, long periodEnd) {
    ObjectNode l = examples.copyOf("line_item");
    l.put("id", ids.newId("line_item", r));
    l.put("object", "line_item");
    l.put("livemode", false);
    long unit = price.path("unit_amount").asLong();
    l.put("amount", unit * quantity);
    l.put("currency", price.path("currency").asText("usd"));
    l.put("description", quantity + " × " + price.path("nickname").asText("item"));
    l.put("quantity", quantity);
    l.set("price", price.deepCopy());
    if (l.has("plan")) {
      l.remove("plan");
    }
    l.put("subscription", subscriptionId);
    if (l.has("subscription_item") || subscriptionItemId != null) {
      l.put("subscription_item", subscriptionItemId);
    }
    l.put("type", subscriptionId != null ? "subscription" : "invoiceitem");
    if (l.has("invoice_item")) {
      l.putNull("invoice_item");
    }
    ObjectNode period = l.putObject("period");
    period.put("end", periodEnd);
    period.put("start", periodStart);
    l.put("proration", false);
    return l;
  }
}
