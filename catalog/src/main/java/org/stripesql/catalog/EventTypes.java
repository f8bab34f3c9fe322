package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every event type of an API version with the objects it carries, derived from the spec by
 * {@link EventTypesGenerator} and committed as {@code event-types.json}; the mirror and
 * {@link EventCoverage} read it.
 *
 * @param format     file layout version
 * @param apiVersion the Stripe API version of the spec it was derived from
 * @param types      the event types, sorted by type
 */
@JsonPropertyOrder({"format", "apiVersion", "types"})
public record EventTypes(int format, String apiVersion, List<EventType> types) {
  public static final int FORMAT = 1;
  public static final String RESOURCE = "/org/stripesql/catalog/event-types.json";
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static volatile EventTypes bundled;

  public EventTypes {
    types = List.copyOf(types);
  }

  /** The committed event types, loaded once. */
  public static EventTypes bundled() {
    EventTypes e = bundled;
    if (e == null) {
      try (InputStream in = EventTypes.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
        }
        e = MAPPER.readValue(in, EventTypes.class);
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot read " + RESOURCE, ex);
      }
      bundled = e;
    }
    return e;
  }

  /** The type with this name, if the API version has it. */
  public Optional<EventType> type(String name) {
    return types.stream().filter(t -> t.type().equals(name)).findFirst();
  }

  /** The event types whose snapshot may be an object of one of these types, in order. */
  public List<EventType> carrying(List<String> objectTypes) {
    List<EventType> out = new ArrayList<>();
    for (EventType t : types) {
      if (t.objects().stream().anyMatch(objectTypes::contains)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The file's exact text: sorted, indented, with a final newline. */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this).replace("\r\n", "\n") + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
