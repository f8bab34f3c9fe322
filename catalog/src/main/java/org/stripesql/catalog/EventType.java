package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One Stripe event type and the objects its {@code data.object} carries.
 *
 * @param type    the event type ({@code customer.subscription.updated})
 * @param objects the object types the snapshot may be ({@code subscription}); empty when no object type
 *                of the spec matches
 * @param deletes whether the event means the object is gone ({@code customer.deleted}): a {@code .deleted}
 *                type whose object has a {@code deleted_} stub in the spec; {@code customer.subscription.deleted}
 *                is not one (a canceled subscription is still listed)
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonPropertyOrder({"type", "objects", "deletes"})
public record EventType(String type, List<String> objects, boolean deletes) {
  public EventType {
    Objects.requireNonNull(type, "type");
    objects = objects == null ? List.of() : List.copyOf(objects);
  }
}
