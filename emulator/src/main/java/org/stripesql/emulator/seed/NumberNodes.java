package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives numbers the node types a JSON parser would give them (int when it fits, long otherwise), so
 * the stored objects equal the parsed HTTP answers under {@link JsonNode#equals}.
 */
final class NumberNodes {
  private final Set<JsonNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Normalizes the node and everything inside it; shared nodes are visited once. */
  void normalize(JsonNode node) {
    if (!node.isContainerNode() || !seen.add(node)) {
      return;
    }
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      List<Map.Entry<String, JsonNode>> replace = new ArrayList<>();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v.isLong() && v.canConvertToInt()) {
          replace.add(Map.entry(e.getKey(), JsonNodeFactory.instance.numberNode(v.intValue())));
        } else {
          normalize(v);
        }
      }
      replace.forEach(e -> o.set(e.getKey(), e.getValue()));
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (v.isLong() && v.canConvertToInt()) {
          a.set(i, JsonNodeFactory.instance.numberNode(v.intValue()));
        } else {
          normalize(v);
        }
      }
    }
  }
}
