package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Stripe's example object of each object type (the bundled {@code examples.json}), the mould of every row. */
final class Examples {
  static final String RESOURCE = "/org/stripesql/emulator/examples.json";
  private static volatile ObjectNode cache;

  private final ObjectNode examples = load();

  private static ObjectNode load() {
    ObjectNode e = cache;
    if (e == null) {
      try (InputStream in = Examples.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the classpath");
        }
        e = (ObjectNode) new ObjectMapper().readTree(in);
        cache = e;
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return e;
  }

  /** A fresh copy of the example of this object type; an empty object when there is none. */
  ObjectNode copyOf(String objectType) {
    JsonNode e = examples.get(objectType);
    return e instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
  }

  /** The example's id, or the empty string. */
  String exampleId(String objectType) {
    return examples.path(objectType).path("id").asText("");
  }
}
