package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stripesql.catalog.ApiTable;

/** The billing story's refunds: distinct succeeded charges refunded in full or in part, the charge updated. */
final class Refunds {
  private final Draws draws;
  private final GenericRows generic;
  private final DraftTables tables;

  Refunds(Draws draws, GenericRows generic, DraftTables tables) {
    this.draws = draws;
    this.generic = generic;
    this.tables = tables;
  }

  List<ObjectNode> rows(ApiTable t, SplittableRandom r, int n) {
    List<ObjectNode> succeeded = new ArrayList<>();
    for (ObjectNode ch : tables.get("charges")) {
      if ("succeeded".equals(ch.path("status").asText())) {
        succeeded.add(ch);
      }
    }
    // a seeded partial shuffle picks distinct charges
    for (int i = 0; i < Math.min(n, succeeded.size()); i++) {
      int j = i + r.nextInt(succeeded.size() - i);
      ObjectNode tmp = succeeded.get(i);
      succeeded.set(i, succeeded.get(j));
      succeeded.set(j, tmp);
    }
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, succeeded.size()); i++) {
      ObjectNode ch = succeeded.get(i);
      long chAmount = ch.path("amount").asLong();
      long amount = r.nextBoolean() || chAmount < 2 ? chAmount : 1 + r.nextLong(chAmount - 1);
      ObjectNode re = generic.row(t, "refund", r, draws.after(r, ch.path("created").asLong(), 90 * Draws.DAY));
      re.put("amount", amount);
      re.put("charge", ch.path("id").asText());
      re.put("payment_intent", ch.path("payment_intent").asText());
      re.put("currency", ch.path("currency").asText());
      re.put("status", "succeeded");
      re.put("reason", Draws.weighted(r, "requested_by_customer", 5, "duplicate", 2, "fraudulent", 1, "", 2));
      if (re.path("reason").asText().isEmpty()) {
        re.putNull("reason");
      }
      ch.put("amount_refunded", amount);
      ch.put("refunded", amount == chAmount);
      ch.set("refunds", ListObjects.of(List.of(re), "/v1/charges/" + ch.path("id").asText() + "/refunds"));
      out.add(re);
    }
    return out;
  }
}
