package org.stripesql.emulator.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JSON text of stored objects, written once and reused by every answer that lists them unchanged:
 * stored objects are never changed in place (a write stores a changed copy), so the text of one object
 * instance stays right. Bounded: past {@link #MAX_CHARS} the cache starts again empty.
 */
final class RowJson {
  static final long MAX_CHARS = 64L << 20;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private record Entry(ObjectNode row, JsonNode raw) {}

  private final ConcurrentMap<String, Entry> byId = new ConcurrentHashMap<>();
  private final AtomicLong chars = new AtomicLong();

  /** A node that writes {@code row}'s JSON text as it is; {@code row} itself when it has no id. */
  JsonNode of(ObjectNode row) {
    String id = row.path("id").asText(null);
    if (id == null) {
      return row;
    }
    Entry e = byId.get(id);
    if (e != null && e.row() == row) {
      return e.raw();
    }
    String text;
    try {
      text = MAPPER.writeValueAsString(row);
    } catch (JsonProcessingException ex) {
      return row;
    }
    if (chars.addAndGet(text.length()) > MAX_CHARS) {
      byId.clear();
      chars.set(text.length());
    }
    JsonNode raw = JsonNodeFactory.instance.rawValueNode(new RawValue(new SerializedString(text)));
    byId.put(id, new Entry(row, raw));
    return raw;
  }
}
