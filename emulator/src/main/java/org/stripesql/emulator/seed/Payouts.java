package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The billing story's payouts to one of the account's bank accounts. */
final class Payouts implements RowStory {
  private final DraftTables tables;

  Payouts(DraftTables tables) {
    this.tables = tables;
  }

  @Override
  public void fill(ObjectNode o, SplittableRandom r, int index) {
    long amount = 1000L + r.nextInt(500_000);
    o.put("amount", amount);
    o.put("currency", Draws.currency(r));
    long created = o.path("created").asLong();
    o.put("arrival_date", created + 2 * Draws.DAY);
    o.put("status", Draws.weighted(r, "paid", 70, "pending", 10, "in_transit", 10, "canceled", 5, "failed", 5));
    o.put("method", r.nextInt(5) == 0 ? "instant" : "standard");
    o.putNull("balance_transaction");
    o.putNull("failure_balance_transaction");
    o.putNull("original_payout");
    o.putNull("reversed_by");
    List<ObjectNode> banks = new ArrayList<>();
    for (ObjectNode b : tables.rows("own_account_external_accounts")) {
      if ("bank_account".equals(b.path("object").asText())) {
        banks.add(b);
      }
    }
    o.put("destination", banks.isEmpty() ? null : Draws.pick(r, banks).path("id").asText());
  }
}
