package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * {@code POST /v1/refunds}: refunds a charge, all of what is left or {@code amount}. As in API versions
 * before 2024-10-28.acacia (2023-08-16 sends {@code refund.created} only for refunds without a charge) the
 * only event is {@code charge.refunded}, about the charge: none about the refund.
 */
final class CreateRefundEndpoint implements Endpoint {
  private final Writes writes;

  CreateRefundEndpoint(Writes writes) {
    this.writes = writes;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    FormParams f = new FormParams(r.form()).allow(Set.of("charge", "amount", "reason"));
    synchronized (writes) {
      ObjectNode charge = writes.stored("charges", f.required("charge"), "charge").deepCopy();
      String chargeId = charge.path("id").asText();
      long left = charge.path("amount").asLong() - charge.path("amount_refunded").asLong();
      long amount = f.integer("amount", left);
      if (left <= 0) {
        throw ApiException.invalid("charge", "Charge " + chargeId + " has already been refunded.");
      }
      if (amount <= 0 || amount > left) {
        throw ApiException.invalid("amount", "Refund amount (" + amount + ") is greater than unrefunded amount"
            + " on charge (" + left + ")");
      }
      ObjectNode refund = writes.newObject("refund", "re");
      refund.put("amount", amount);
      refund.put("charge", chargeId);
      refund.put("currency", charge.path("currency").asText());
      refund.set("payment_intent", charge.get("payment_intent"));
      refund.put("reason", f.string("reason"));
      refund.put("status", "succeeded");
      f.applyMetadata(refund);

      ObjectNode previous = JsonNodeFactory.instance.objectNode();
      previous.set("amount_refunded", charge.get("amount_refunded"));
      charge.put("amount_refunded", charge.path("amount_refunded").asLong() + amount);
      if (amount == left) {
        previous.put("refunded", false);
        charge.put("refunded", true);
      }
      JsonNode oldRefunds = charge.get("refunds");
      if (oldRefunds instanceof ObjectNode list) {
        previous.set("refunds", list);
        ObjectNode newList = list.deepCopy();
        ArrayNode data = newList.putArray("data");
        data.add(refund);
        list.path("data").forEach(data::add);
        newList.put("total_count", data.size());
        charge.set("refunds", newList);
      }
      writes.data().put("refunds", refund, null);
      writes.data().put("charge_refunds", refund, chargeId);
      writes.data().put("charges", charge, null);
      writes.emit("charge.refunded", charge, previous);
      return refund;
    }
  }
}
