package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Derives {@link EventTypes} from Stripe's spec: the types are the enum of {@code enabled_events} of
 * {@code POST /v1/webhook_endpoints}; each type's object is found by name (docs/mirror.md has the rules),
 * with the two exceptions the names do not tell in {@link #OVERRIDES}.
 */
public final class EventTypesGenerator {
  /** Types whose object the name does not say: the prefix before the verb, and its object types. */
  static final Map<String, List<String>> OVERRIDES = Map.of(
      "application_fee.refund", List.of("fee_refund"),
      "customer.source", List.of("alipay_account", "bank_account", "bitcoin_receiver", "card", "source"));

  private final JsonNode spec;
  private final Map<String, List<String>> objectsByName = new HashMap<>();
  private final TreeSet<String> deletedStubs = new TreeSet<>();

  public EventTypesGenerator(JsonNode spec) {
    this.spec = spec;
    Iterator<Map.Entry<String, JsonNode>> it = spec.path("components").path("schemas").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> objects = objectTypes(e.getValue());
      if (e.getKey().startsWith("deleted_")) {
        deletedStubs.addAll(objects);
        continue;
      }
      for (String o : objects) {
        objectsByName.computeIfAbsent(normal(o), k -> new ArrayList<>()).add(o);
      }
      if (!objects.isEmpty() || !e.getValue().has("anyOf")) {
        continue;
      }
      List<String> members = new ArrayList<>();   // a polymorphic schema (external_account): its members' objects
      for (JsonNode ref : e.getValue().path("anyOf")) {
        String name = ref.path("$ref").asText("").replace("#/components/schemas/", "");
        members.addAll(objectTypes(spec.path("components").path("schemas").path(name)));
      }
      if (!members.isEmpty()) {
        objectsByName.putIfAbsent(normal(e.getKey()), members);
      }
    }
  }

  public static EventTypes fromFile(Path specFile) throws IOException {
    return new EventTypesGenerator(new ObjectMapper().readTree(specFile.toFile())).generate();
  }

  /** The event types; none when the spec has no {@code enabled_events} enum (a cut-down spec). */
  public EventTypes generate() {
    JsonNode enumNode = spec.path("paths").path("/v1/webhook_endpoints").path("post").path("requestBody")
        .path("content").path("application/x-www-form-urlencoded").path("schema").path("properties")
        .path("enabled_events").path("items").path("enum");
    List<EventType> types = new ArrayList<>();
    for (JsonNode n : enumNode) {
      String type = n.asText();
      if (!type.equals("*")) {
        List<String> objects = objects(type);
        boolean deletes = type.endsWith(".deleted") && !objects.isEmpty()
            && objects.stream().allMatch(deletedStubs::contains);
        types.add(new EventType(type, objects, deletes));
      }
    }
    types.sort(Comparator.comparing(EventType::type));
    return new EventTypes(EventTypes.FORMAT, spec.path("info").path("version").asText(null), types);
  }

  /**
   * The objects of a type: everything before the verb names an object ({@code issuing_card} is
   * {@code issuing.card}, {@code source.transaction} is {@code source_transaction}); failing that, the
   * segment before the verb does ({@code charge.dispute} carries a {@code dispute}).
   */
  private List<String> objects(String type) {
    String[] segs = type.split("\\.");
    if (segs.length < 2) {
      return List.of();
    }
    String prefix = String.join(".", List.of(segs).subList(0, segs.length - 1));
    List<String> o = OVERRIDES.get(prefix);
    if (o == null) {
      o = objectsByName.get(normal(prefix));
    }
    if (o == null) {
      o = objectsByName.get(normal(segs[segs.length - 2]));
    }
    return o == null ? List.of() : List.copyOf(new TreeSet<>(o));
  }

  private static List<String> objectTypes(JsonNode schema) {
    List<String> out = new ArrayList<>();
    schema.path("properties").path("object").path("enum").forEach(v -> out.add(v.asText()));
    return out;
  }

  private static String normal(String name) {
    return name.replace(".", "").replace("_", "").toLowerCase(Locale.ROOT);
  }
}
