package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code DELETE /v1/subscriptions/{id}}: cancels at once (status canceled, still listed with
 * {@code status=all}); emits {@code customer.subscription.deleted}.
 */
final class CancelSubscriptionEndpoint implements Endpoint {
  private final Writes writes;

  CancelSubscriptionEndpoint(Writes writes) {
    this.writes = writes;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    synchronized (writes) {
      ObjectNode s = writes.stored("subscriptions", r.pathParams().get(0), "id");
      if ("canceled".equals(s.path("status").asText())) {
        throw ApiException.invalid(null, "No such subscription: '" + s.path("id").asText() + "' is canceled.");
      }
      return cancel(writes, s);
    }
  }

  /** Cancels a stored subscription now and emits its event; returns the new state. */
  static ObjectNode cancel(Writes writes, ObjectNode stored) {
    ObjectNode s = stored.deepCopy();
    ObjectNode previous = JsonNodeFactory.instance.objectNode();
    previous.set("status", s.get("status"));
    s.put("status", "canceled");
    s.put("canceled_at", writes.now());
    s.put("ended_at", writes.now());
    writes.data().put("subscriptions", s, null);
    writes.emit("customer.subscription.deleted", s, previous);
    return s;
  }
}
