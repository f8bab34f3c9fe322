package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code DELETE /v1/customers/{customer}}: the customer is gone (its deleted stub is the answer, and its
 * retrieve's from now on) and its live subscriptions are canceled; emits
 * {@code customer.subscription.deleted} for each, then {@code customer.deleted} with its last state.
 */
final class DeleteCustomerEndpoint implements Endpoint {
  private final Writes writes;

  DeleteCustomerEndpoint(Writes writes) {
    this.writes = writes;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    synchronized (writes) {
      ObjectNode c = writes.stored("customers", r.pathParams().get(0), "customer");
      String id = c.path("id").asText();
      List<ObjectNode> subscriptions = writes.data().list("subscriptions").stream()
          .filter(s -> id.equals(s.path("customer").asText()) && !"canceled".equals(s.path("status").asText()))
          .toList();
      for (ObjectNode s : subscriptions) {
        CancelSubscriptionEndpoint.cancel(writes, s);
      }
      ObjectNode stub = JsonNodeFactory.instance.objectNode();
      stub.put("id", id);
      stub.put("object", "customer");
      stub.put("deleted", true);
      writes.data().remove(id);
      writes.data().addDeleted("customers", stub);
      writes.emit("customer.deleted", c, null);
      return stub;
    }
  }
}
