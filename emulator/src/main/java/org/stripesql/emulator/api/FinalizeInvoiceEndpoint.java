package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code POST /v1/invoices/{invoice}/finalize}: a draft becomes open; emits {@code invoice.finalized}. */
final class FinalizeInvoiceEndpoint implements Endpoint {
  private final Writes writes;

  FinalizeInvoiceEndpoint(Writes writes) {
    this.writes = writes;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    synchronized (writes) {
      ObjectNode inv = writes.stored("invoices", r.pathParams().get(0), "invoice");
      if (!"draft".equals(inv.path("status").asText())) {
        throw ApiException.invalid(null, "This invoice is already finalized, you can't re-finalize a non-draft"
            + " invoice.");
      }
      return finalizeDraft(writes, inv);
    }
  }

  /** Finalizes a stored draft and emits its event; returns the new state. */
  static ObjectNode finalizeDraft(Writes writes, ObjectNode stored) {
    ObjectNode inv = stored.deepCopy();
    ObjectNode previous = JsonNodeFactory.instance.objectNode();
    previous.put("status", "draft");
    inv.put("status", "open");
    if (inv.path("number").isNull() || inv.path("number").isMissingNode()) {
      previous.putNull("number");
      inv.put("number", inv.path("id").asText().substring(3, 11).toUpperCase() + "-0001");
    }
    if (inv.path("status_transitions").isObject()) {
      ObjectNode t = ((ObjectNode) inv.get("status_transitions")).deepCopy();
      t.put("finalized_at", writes.now());
      inv.set("status_transitions", t);
    }
    writes.data().put("invoices", inv, null);
    writes.emit("invoice.finalized", inv, previous);
    return inv;
  }
}
