package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;

/**
 * {@code POST /v1/customers/{customer}}: changes fields and metadata; emits {@code customer.updated} with
 * the changed fields' old values, or nothing when nothing changed.
 */
final class UpdateCustomerEndpoint implements Endpoint {
  private final Writes writes;

  UpdateCustomerEndpoint(Writes writes) {
    this.writes = writes;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    FormParams f = new FormParams(r.form()).allow(Set.of("email", "name", "description", "phone", "balance"));
    synchronized (writes) {
      ObjectNode c = writes.stored("customers", r.pathParams().get(0), "customer").deepCopy();
      ObjectNode previous = JsonNodeFactory.instance.objectNode();
      for (String field : CreateCustomerEndpoint.FIELDS) {
        String v = f.string(field);
        if (v != null && !Objects.equals(v.isEmpty() ? null : v, c.path(field).textValue())) {
          previous.set(field, c.get(field));
          if (v.isEmpty()) {
            c.putNull(field);
          } else {
            c.put(field, v);
          }
        }
      }
      if (f.has("balance") && f.integer("balance", 0) != c.path("balance").asLong()) {
        previous.set("balance", c.get("balance"));
        c.put("balance", f.integer("balance", 0));
      }
      ObjectNode metadata = f.applyMetadata(c);
      if (metadata != null) {
        previous.set("metadata", metadata);
      }
      if (!previous.isEmpty()) {
        writes.data().put("customers", c, null);
        writes.emit("customer.updated", c, previous);
      }
      return c;
    }
  }
}
