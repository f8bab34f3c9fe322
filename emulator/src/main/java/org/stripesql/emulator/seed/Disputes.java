package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stripesql.catalog.ApiTable;

/** The billing story's disputes, of distinct succeeded charges that were not fully refunded. */
final class Disputes {
  private final Draws draws;
  private final GenericRows generic;
  private final DraftTables tables;

  Disputes(Draws draws, GenericRows generic, DraftTables tables) {
    this.draws = draws;
    this.generic = generic;
    this.tables = tables;
  }

  List<ObjectNode> rows(ApiTable t, SplittableRandom r, int n) {
    List<ObjectNode> candidates = new ArrayList<>();
    for (ObjectNode ch : tables.get("charges")) {
      if ("succeeded".equals(ch.path("status").asText()) && !ch.path("refunded").asBoolean()) {
        candidates.add(ch);
      }
    }
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < n && !candidates.isEmpty(); i++) {
      ObjectNode ch = candidates.remove(r.nextInt(candidates.size()));
      ObjectNode d = generic.row(t, "dispute", r, draws.after(r, ch.path("created").asLong(), 60 * Draws.DAY));
      d.put("amount", ch.path("amount").asLong());
      d.put("currency", ch.path("currency").asText());
      d.put("charge", ch.path("id").asText());
      d.put("payment_intent", ch.path("payment_intent").asText());
      d.put("status", Draws.weighted(r, "won", 4, "lost", 3, "needs_response", 2, "under_review", 2,
          "warning_closed", 1));
      d.put("reason", Draws.weighted(r, "fraudulent", 4, "product_not_received", 2, "duplicate", 1, "general", 2));
      d.putArray("balance_transactions");
      ch.put("disputed", true);
      out.add(d);
    }
    return out;
  }
}
