package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** {@code POST /v1/customers}: a new customer; emits {@code customer.created}. */
final class CreateCustomerEndpoint implements Endpoint {
  static final Set<String> FIELDS = Set.of("email", "name", "description", "phone");
  private final Writes writes;

  CreateCustomerEndpoint(Writes writes) {
    this.writes = writes;
  }

  @Override
  public JsonNode answer(ApiRequest r) {
    FormParams f = new FormParams(r.form()).allow(Set.of("email", "name", "description", "phone", "balance"));
    synchronized (writes) {
      ObjectNode c = writes.newObject("customer", "cus");
      for (String field : FIELDS) {
        if (f.has(field)) {
          c.put(field, f.string(field));
        }
      }
      c.put("balance", f.integer("balance", 0));
      f.applyMetadata(c);
      writes.data().put("customers", c, null);
      writes.emit("customer.created", c, null);
      return c;
    }
  }
}
