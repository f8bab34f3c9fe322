package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/invoices/{invoice}/pay}: an open invoice (a draft is finalized first) becomes paid;
 * emits {@code invoice.payment_succeeded} and {@code invoice.paid}.
 */
final class PayInvoiceEndpoint implements Endpoint {
  private final Writes writes;

  PayInvoiceEndpoint(Writes writes) {
    this.writes = writes;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    synchronized (writes) {
      ObjectNode inv = writes.stored("invoices", r.pathParams().get(0), "invoice");
      String status = inv.path("status").asText();
      if (status.equals("draft")) {
        inv = FinalizeInvoiceEndpoint.finalizeDraft(writes, inv);
      } else if (!status.equals("open")) {
        throw ApiException.invalid(null, "Invoice is already " + status + ".");
      }
      ObjectNode paid = inv.deepCopy();
      ObjectNode previous = JsonNodeFactory.instance.objectNode();
      previous.put("status", "open");
      previous.set("paid", paid.get("paid"));
      previous.set("amount_paid", paid.get("amount_paid"));
      previous.set("amount_remaining", paid.get("amount_remaining"));
      paid.put("status", "paid");
      paid.put("paid", true);
      paid.put("amount_paid", paid.path("amount_due").asLong());
      paid.put("amount_remaining", 0);
      if (paid.path("status_transitions").isObject()) {
        ObjectNode t = ((ObjectNode) paid.get("status_transitions")).deepCopy();
        t.put("paid_at", writes.now());
        paid.set("status_transitions", t);
      }
      writes.data().put("invoices", paid, null);
      writes.emit("invoice.payment_succeeded", paid, previous);
      writes.emit("invoice.paid", paid, previous);
      return paid;
    }
  }
}
