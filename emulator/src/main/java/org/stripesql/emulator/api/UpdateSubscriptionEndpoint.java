package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * {@code POST /v1/subscriptions/{id}}: {@code trial_end=now} ends a trial (status trialing becomes
 * active), {@code cancel_at_period_end}, metadata; emits {@code customer.subscription.updated} with the
 * changed fields' old values.
 */
final class UpdateSubscriptionEndpoint implements Endpoint {
  private final Writes writes;

  UpdateSubscriptionEndpoint(Writes writes) {
    this.writes = writes;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    FormParams f = new FormParams(r.form()).allow(Set.of("trial_end", "cancel_at_period_end"));
    synchronized (writes) {
      ObjectNode s = writes.stored("subscriptions", r.pathParams().get(0), "id").deepCopy();
      if ("canceled".equals(s.path("status").asText())) {
        throw ApiException.invalid(null, "A canceled subscription can only update its cancellation_details"
            + " and metadata.");
      }
      ObjectNode previous = JsonNodeFactory.instance.objectNode();
      String trialEnd = f.string("trial_end");
      if (trialEnd != null) {
        if (!trialEnd.equals("now")) {
          throw ApiException.invalid("trial_end", "The emulator takes trial_end=now only.");
        }
        previous.set("trial_end", s.get("trial_end"));
        s.put("trial_end", writes.now());
        if ("trialing".equals(s.path("status").asText())) {
          previous.put("status", "trialing");
          s.put("status", "active");
        }
      }
      Boolean cancelAtEnd = f.bool("cancel_at_period_end");
      if (cancelAtEnd != null && cancelAtEnd != s.path("cancel_at_period_end").asBoolean()) {
        previous.put("cancel_at_period_end", !cancelAtEnd);
        s.put("cancel_at_period_end", cancelAtEnd);
      }
      ObjectNode metadata = f.applyMetadata(s);
      if (metadata != null) {
        previous.set("metadata", metadata);
      }
      if (!previous.isEmpty()) {
        writes.data().put("subscriptions", s, null);
        writes.emit("customer.subscription.updated", s, previous);
      }
      return s;
    }
  }
}
