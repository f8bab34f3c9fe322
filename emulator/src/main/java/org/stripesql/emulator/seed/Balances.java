package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.stripesql.catalog.ApiTable;

/**
 * The billing story's money movements: a balance transaction for every charge (with Stripe's fee) and
 * every refund, and the balance they add up to, available or pending by currency.
 */
final class Balances {
  private final Draws draws;
  private final Examples examples;
  private final GenericRows generic;
  private final DraftTables tables;

  Balances(Draws draws, Examples examples, GenericRows generic, DraftTables tables) {
    this.draws = draws;
    this.examples = examples;
    this.generic = generic;
    this.tables = tables;
  }

  List<ObjectNode> transactions(ApiTable t, SplittableRandom r) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode ch : tables.get("charges")) {
      long amount = ch.path("amount").asLong();
      long fee = Math.round(amount * 0.029) + 30;
      out.add(transaction(t, r, ch, "charge", amount, fee));
    }
    for (ObjectNode re : tables.rows("refunds")) {
      out.add(transaction(t, r, re, "refund", -re.path("amount").asLong(), 0));
    }
    return out;
  }

  private ObjectNode transaction(ApiTable t, SplittableRandom r, ObjectNode source, String type, long amount,
      long fee) {
    long created = source.path("created").asLong();
    ObjectNode b = generic.row(t, "balance_transaction", r, created);
    String cur = source.path("currency").asText();
    b.put("amount", amount);
    b.put("fee", fee);
    b.put("net", amount - fee);
    b.put("currency", cur);
    b.put("source", source.path("id").asText());
    b.put("type", type);
    b.put("reporting_category", type);
    b.put("available_on", created + 2 * Draws.DAY);
    b.put("status", created + 2 * Draws.DAY <= draws.anchor() ? "available" : "pending");
    b.put("description", "charge".equals(type) ? source.path("description").asText() : "REFUND FOR CHARGE");
    b.putNull("exchange_rate");
    ArrayNode fd = b.putArray("fee_details");
    if (fee != 0) {
      ObjectNode d = fd.addObject();
      d.put("amount", fee);
      d.putNull("application");
      d.put("currency", cur);
      d.put("description", "Stripe processing fees");
      d.put("type", "stripe_fee");
    }
    source.put("balance_transaction", b.path("id").asText());
    return b;
  }

  /** The balance singleton: the sums of the balance transactions' net amounts. */
  ObjectNode balance(ApiTable t) {
    ObjectNode b = examples.copyOf(t.object());
    b.put("object", "balance");
    b.put("livemode", false);
    Map<String, long[]> sums = new LinkedHashMap<>();
    for (String c : List.of("usd", "eur", "gbp")) {
      sums.put(c, new long[2]);
    }
    for (ObjectNode bt : tables.rows("balance_transactions")) {
      long[] s = sums.get(bt.path("currency").asText());
      if (s != null) {
        s[bt.path("status").asText().equals("available") ? 0 : 1] += bt.path("net").asLong();
      }
    }
    ArrayNode available = b.putArray("available");
    ArrayNode pending = b.putArray("pending");
    sums.forEach((cur, s) -> {
      for (int k = 0; k < 2; k++) {
        ObjectNode e = (k == 0 ? available : pending).addObject();
        e.put("amount", s[k]);
        e.put("currency", cur);
        e.putObject("source_types").put("card", s[k]);
      }
    });
    return b;
  }
}
