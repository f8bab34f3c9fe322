package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/** {@code POST /v1/charges}: a succeeded, captured charge; emits {@code charge.succeeded}. */
final class CreateChargeEndpoint implements Endpoint {
  private final Writes writes;

  CreateChargeEndpoint(Writes writes) {
    this.writes = writes;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    FormParams f = new FormParams(r.form())
        .allow(Set.of("amount", "currency", "customer", "description", "receipt_email", "source"));
    long amount = f.integer("amount", -1);
    if (amount < 0) {
      throw f.has("amount") ? ApiException.invalid("amount", "This value must be greater than or equal to 1.")
          : ApiException.missingParam("amount");
    }
    String currency = f.required("currency").toLowerCase(Locale.ROOT);
    synchronized (writes) {
      String customer = f.string("customer");
      if (customer != null) {
        writes.stored("customers", customer, "customer");
      }
      ObjectNode ch = writes.newObject("charge", "ch");
      ch.put("amount", amount);
      ch.put("amount_captured", amount);
      ch.put("amount_refunded", 0);
      ch.put("currency", currency);
      ch.put("customer", customer);
      ch.put("description", f.string("description"));
      ch.put("receipt_email", f.string("receipt_email"));
      ch.put("status", "succeeded");
      ch.put("paid", true);
      ch.put("captured", true);
      ch.put("refunded", false);
      ch.put("disputed", false);
      ch.putNull("failure_code");
      ch.putNull("failure_message");
      ch.putNull("payment_intent");
      ch.putNull("invoice");
      ObjectNode refunds = ch.putObject("refunds");
      refunds.put("object", "list");
      refunds.putArray("data");
      refunds.put("has_more", false);
      refunds.put("total_count", 0);
      refunds.put("url", "/v1/charges/" + ch.path("id").asText() + "/refunds");
      f.applyMetadata(ch);
      writes.data().put("charges", ch, null);
      writes.emit("charge.succeeded", ch, null);
      return ch;
    }
  }
}
