package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SplittableRandom;

/** The billing story's products and their prices, one-time and recurring. */
final class ProductCatalogue {
  private static final String[] PRODUCT_WORDS = {"Basic", "Pro", "Team", "Enterprise", "Starter", "Premium",
      "Gold", "Silver", "Cloud", "Edge", "Studio", "Plus"};
  private static final String[] PRODUCT_NOUNS = {"Plan", "Seat", "T-shirt", "Mug", "Storage", "Support",
      "License", "Hoodie", "Sticker", "Course", "Backup", "API access"};

  private final Draws draws;
  private final DraftTables tables;

  ProductCatalogue(Draws draws, DraftTables tables) {
    this.draws = draws;
    this.tables = tables;
  }

  void product(ObjectNode o, SplittableRandom r, int i) {
    String name = PRODUCT_WORDS[i % PRODUCT_WORDS.length] + " " + PRODUCT_NOUNS[(i / PRODUCT_WORDS.length
        + i) % PRODUCT_NOUNS.length] + (i >= PRODUCT_WORDS.length * PRODUCT_NOUNS.length ? " " + i : "");
    o.put("name", name);
    o.put("description", "The " + name.toLowerCase() + " product");
    o.put("active", r.nextInt(10) < 8);
    o.put("shippable", r.nextInt(3) == 0);
    o.put("url", r.nextBoolean() ? "https://example.com/products/" + (i + 1) : null);
    if (o.has("updated")) {
      o.put("updated", draws.after(r, o.path("created").asLong(), 90 * Draws.DAY));
    }
    if (r.nextInt(3) == 0) {
      o.putObject("metadata").put("category", r.nextBoolean() ? "apparel" : "software");
    }
    if (o.has("default_price")) {
      o.putNull("default_price");   // the product's first price, once made
    }
  }

  /** A price of a product made before it; two in three recur monthly or yearly. */
  void price(ObjectNode o, SplittableRandom r, int i) {
    List<ObjectNode> products = tables.get("products");
    if (products != null && !products.isEmpty()) {
      ObjectNode p = products.get(r.nextInt(products.size()));
      o.put("product", p.path("id").asText());
      if (p.has("default_price") && p.path("default_price").isNull()) {
        p.put("default_price", o.path("id").asText());
      }
      o.put("created", draws.after(r, p.path("created").asLong(), 60 * Draws.DAY));
    }
    boolean recurring = r.nextInt(3) < 2;
    o.put("type", recurring ? "recurring" : "one_time");
    if (recurring) {
      ObjectNode rec = o.putObject("recurring");
      rec.putNull("aggregate_usage");
      rec.put("interval", r.nextInt(4) == 0 ? "year" : "month");
      rec.put("interval_count", 1);
      rec.put("usage_type", "licensed");
    } else {
      o.putNull("recurring");
    }
    long amount = 100L * (1 + r.nextInt(200)) - (r.nextBoolean() ? 1 : 0);
    o.put("unit_amount", amount);
    o.put("unit_amount_decimal", Long.toString(amount));
    o.put("currency", Draws.currency(r));
    o.put("active", r.nextInt(10) < 8);
    o.put("lookup_key", r.nextInt(3) == 0 ? "lookup_" + (i + 1) : null);
    o.put("nickname", r.nextBoolean() ? "Price " + (i + 1) : null);
  }
}
