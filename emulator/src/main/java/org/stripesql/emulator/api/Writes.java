package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.emulator.data.DataSet;
import org.stripesql.emulator.data.EmulatorClock;
import org.stripesql.emulator.spec.SpecOperations;

/**
 * What the write endpoints share: the data set, the clock, new ids, Stripe's example objects as moulds
 * of new ones, and the events each write emits ({@link #emit}), which also tell the Search index when the
 * object changed. Writes are serialised, so the events of one write are listed in the order emitted.
 */
final class Writes {
  /** Stripe keeps events this long; older ones leave the list and can no longer be retrieved. */
  static final long EVENT_RETENTION_SECONDS = 30L * 24 * 3600;
  private static final String EXAMPLES = "/org/stripesql/emulator/examples.json";
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final Catalog catalog;
  private final DataSet data;
  private final EmulatorClock clock;
  private final SearchIndex index;
  private final ObjectNode examples;
  private final AtomicLong sequence = new AtomicLong();
  private final SecureRandom random = new SecureRandom();
  private final List<ObjectNode> held = new ArrayList<>();
  private boolean holding;
  /** The connected account whose data this is, named by its events; null for a platform's own. */
  private final String connectedAccount;

  Writes(Catalog catalog, DataSet data, EmulatorClock clock, SearchIndex index, String connectedAccount) {
    this.connectedAccount = connectedAccount;
    this.catalog = catalog;
    this.data = data;
    this.clock = clock;
    this.index = index;
    try (InputStream in = Writes.class.getResourceAsStream(EXAMPLES)) {
      this.examples = (ObjectNode) new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  DataSet data() {
    return data;
  }

  long now() {
    return clock.nowSeconds();
  }

  /** A new object of this type: Stripe's example with a new id, created now, test mode. */
  ObjectNode newObject(String objectType, String idPrefix) {
    JsonNode e = examples.get(objectType);
    ObjectNode o = e instanceof ObjectNode n ? n.deepCopy() : JsonNodeFactory.instance.objectNode();
    o.put("id", newId(idPrefix));
    o.put("object", objectType);
    o.put("created", now());
    o.put("livemode", false);
    return o;
  }

  /**
   * A new id: the prefix, then a sequence number in fixed-width base62 and random characters, so that ids
   * made in the same second sort in the order they were made (Stripe's list order breaks ties by id).
   */
  String newId(String prefix) {
    StringBuilder b = new StringBuilder(prefix).append("_W");
    long n = sequence.incrementAndGet();
    char[] seq = new char[8];
    for (int i = seq.length - 1; i >= 0; i--) {
      seq[i] = BASE62.charAt((int) (n % 62));
      n /= 62;
    }
    b.append(seq);
    for (int i = 0; i < 6; i++) {
      b.append(BASE62.charAt(random.nextInt(62)));
    }
    return b.toString();
  }

  /** The stored row of a table with this id, or Stripe's 404 naming {@code param}. */
  ObjectNode stored(String table, String id, String param) {
    ApiTable t = catalog.table(table).orElseThrow();
    return data.get(table, id).orElseThrow(() -> ApiException.noSuchRow(t, id, param));
  }

  /**
   * Emits an event as Stripe does: {@code type}, a copy of the object as it is now in {@code data.object},
   * the changed fields' old values in {@code data.previous_attributes} (null for none), created now.
   * Events older than the retention leave the list.
   */
  void emit(String type, ObjectNode object, ObjectNode previousAttributes) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("id", newId("evt"));
    e.put("object", "event");
    if (connectedAccount != null) {
      e.put("account", connectedAccount);   // a Connect event names the account it happened on
    }
    e.put("api_version", SpecOperations.bundled().apiVersion());
    e.put("created", now());
    ObjectNode d = e.putObject("data");
    d.set("object", object.deepCopy());
    if (previousAttributes != null) {
      d.set("previous_attributes", previousAttributes.deepCopy());
    }
    e.put("livemode", false);
    e.put("pending_webhooks", 0);
    ObjectNode req = e.putObject("request");
    req.put("id", newId("req"));
    req.putNull("idempotency_key");
    e.put("type", type);
    data.changed(object.path("id").asText(), index.nowSeconds());   // the Search index lag reads it
    if (holding) {
      held.add(e);
    } else {
      publish(e);
    }
  }

  private void publish(ObjectNode event) {
    data.put("events", event, null);
    dropExpiredEvents();
  }

  /** From now on, events are held back instead of listed, until {@link #release} (tests of late events). */
  synchronized void hold() {
    holding = true;
  }

  /**
   * Lists the held event at {@code index} (0: the first held) with the {@code created} it was emitted at,
   * as a Stripe event that becomes visible late; stops holding when none is left. Returns its id.
   */
  synchronized String release(int index) {
    ObjectNode e = held.remove(index);
    publish(e);
    if (held.isEmpty()) {
      holding = false;
    }
    return e.path("id").asText();
  }

  /** Drops events past Stripe's 30-day retention. */
  synchronized void dropExpiredEvents() {
    data.dropCreatedBefore("events", now() - EVENT_RETENTION_SECONDS);
  }
}
