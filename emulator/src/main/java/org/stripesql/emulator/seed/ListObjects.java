package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Stripe's embedded lists (a subscription's {@code items}, an invoice's {@code lines}): complete, one page. */
final class ListObjects {
  private ListObjects() {}

  static ObjectNode of(List<? extends JsonNode> data, String url) {
    ObjectNode l = JsonNodeFactory.instance.objectNode();
    l.put("object", "list");
    ArrayNode a = l.putArray("data");
    data.forEach(a::add);
    l.put("has_more", false);
    l.put("total_count", data.size());
    l.put("url", url);
    return l;
  }
}
