package org.stripesql.emulator.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Derives {@link SpecOperations} from Stripe's OpenAPI description (spec3.json): for every GET path, and the
 * {@link #CHECKED_WRITES}, its parameters with their types, enums and required flags (but
 * {@link #NO_LONGER_REQUIRED}),
 * whether it may answer a deleted stub, and whether its list leaves out test-clock objects. Separate from
 * the catalog generator on purpose: the emulator checks the adapter against Stripe's spec, not its catalog.
 */
public final class OperationsGenerator {
  /** The methods read from the spec for every path. */
  static final List<String> METHODS = List.of("get");

  /**
   * Writes whose form strict mode checks, by method: the report run (the one write the gateway makes); the
   * other write endpoints check their forms themselves (docs/emulator.md).
   */
  static final Map<String, Set<String>> CHECKED_WRITES = Map.of("post", Set.of("/v1/reporting/report_runs"));

  /**
   * Parameters the spec of 2020-08-27 requires that Stripe no longer does (the spec of 2023-08-16 agrees),
   * in every API version (a
   * backward-compatible change): docs/emulator.md cites the pages.
   */
  static final Map<String, Set<String>> NO_LONGER_REQUIRED = Map.of(
      "/v1/payment_methods", Set.of("type"), "/v1/customers/{customer}/payment_methods", Set.of("type"));

  private static final Set<String> RANGE_KEYS = Set.of("gt", "gte", "lt", "lte");

  private OperationsGenerator() {}

  /** {@code OperationsGenerator SPEC3_JSON OUT}: writes the operations file for the spec. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: OperationsGenerator <spec3.json> <operations.json>");
      System.exit(2);
    }
    Files.writeString(Path.of(args[1]), text(Path.of(args[0])), StandardCharsets.UTF_8);
  }

  /** The operations file's exact text for a spec file. */
  public static String text(Path spec) throws IOException {
    return OperationsFile.write(fromSpec(new ObjectMapper().readTree(spec.toFile())));
  }

  /** The operations of a parsed spec. */
  public static SpecOperations fromSpec(JsonNode spec) {
    Map<String, Map<String, Operation>> paths = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = spec.path("paths").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> p = it.next();
      Map<String, Operation> methods = new LinkedHashMap<>();
      for (String m : METHODS) {
        JsonNode op = p.getValue().get(m);
        if (op != null) {
          methods.put(m, operation(op, NO_LONGER_REQUIRED.getOrDefault(p.getKey(), Set.of())));
        }
      }
      CHECKED_WRITES.forEach((m, checked) -> {
        JsonNode op = p.getValue().get(m);
        if (op != null && checked.contains(p.getKey())) {
          methods.put(m, formOperation(op));
        }
      });
      if (!methods.isEmpty()) {
        paths.put(p.getKey(), methods);
      }
    }
    return new SpecOperations(spec.path("info").path("version").asText(), paths);
  }

  private static Operation operation(JsonNode op, Set<String> optional) {
    Map<String, ParamType> params = new HashMap<>();
    Set<String> required = new HashSet<>();
    Set<String> testClocksOnlyWith = new HashSet<>();
    for (JsonNode p : op.path("parameters")) {
      if (!"query".equals(p.path("in").asText())) {
        continue;
      }
      String name = p.path("name").asText();
      params.put(name, type(p.path("schema")));
      if (p.path("required").asBoolean(false) && !optional.contains(name)) {
        required.add(name);
      }
      testClocksOnlyWith.addAll(testClocksOnlyWith(name, p.path("description").asText("")));
    }
    return new Operation(params, required, answersDeletedStubs(op), testClocksOnlyWith);
  }

  /** A write's form parameters, as its request body's schema declares them. */
  private static Operation formOperation(JsonNode op) {
    JsonNode schema = op.path("requestBody").path("content").path("application/x-www-form-urlencoded")
        .path("schema");
    Map<String, ParamType> params = new HashMap<>();
    schema.path("properties").fields().forEachRemaining(e -> params.put(e.getKey(), type(e.getValue())));
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    return new Operation(params, required, false, Set.of());
  }

  /**
   * The parameters that let a list include test-clock objects, read from the description of its
   * {@code test_clock} parameter: "The response will not include customers with test clocks if this
   * parameter is not set" (and "if this and the customer parameter is not set").
   */
  static Set<String> testClocksOnlyWith(String param, String description) {
    if (!"test_clock".equals(param) || !description.contains("will not include")
        || !description.contains("with test clocks")) {
      return Set.of();
    }
    return description.contains("this and the customer parameter") ? Set.of(param, "customer") : Set.of(param);
  }

  /** Whether the 200 answer's schema names a {@code deleted_*} schema among its alternatives. */
  private static boolean answersDeletedStubs(JsonNode op) {
    JsonNode schema = op.path("responses").path("200").path("content").path("application/json").path("schema");
    for (JsonNode alt : schema.path("anyOf")) {
      if (alt.path("$ref").asText().startsWith("#/components/schemas/deleted_")) {
        return true;
      }
    }
    return false;
  }

  static ParamType type(JsonNode schema) {
    if (schema.has("anyOf")) {
      List<ParamType> options = new ArrayList<>();
      schema.get("anyOf").forEach(s -> options.add(type(s)));
      if (options.size() == 2 && isRangeHash(schema.get("anyOf").get(0))
          && options.get(1).equals(new ParamType.Scalar("integer"))) {
        return new ParamType.Range();
      }
      return options.size() == 1 ? options.get(0) : new ParamType.AnyOf(options);
    }
    String type = schema.path("type").asText("string");
    switch (type) {
      case "integer":
        return new ParamType.Scalar("unix-time".equals(schema.path("format").asText()) ? "timestamp" : "integer");
      case "number":
      case "boolean":
        return new ParamType.Scalar(type);
      case "array":
        return new ParamType.ArrayOf(type(schema.path("items")));
      case "object":
        Map<String, ParamType> props = new LinkedHashMap<>();
        schema.path("properties").fields().forEachRemaining(e -> props.put(e.getKey(), type(e.getValue())));
        JsonNode more = schema.path("additionalProperties");
        return new ParamType.ObjectOf(props, more.isObject() || more.asBoolean(false));
      default:
        if (schema.has("enum")) {
          List<String> values = new ArrayList<>();
          schema.get("enum").forEach(v -> values.add(v.asText()));
          return new ParamType.Enum(values);
        }
        return ParamType.Scalar.STRING;
    }
  }

  /** Stripe's range_query_specs: a hash of exactly gt, gte, lt and lte, each an integer. */
  private static boolean isRangeHash(JsonNode s) {
    if (!"object".equals(s.path("type").asText())) {
      return false;
    }
    Set<String> keys = new HashSet<>();
    s.path("properties").fields().forEachRemaining(e -> {
      if ("integer".equals(e.getValue().path("type").asText())) {
        keys.add(e.getKey());
      }
    });
    return keys.equals(RANGE_KEYS) && s.path("properties").size() == RANGE_KEYS.size();
  }
}
