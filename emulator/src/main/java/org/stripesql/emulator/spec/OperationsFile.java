package org.stripesql.emulator.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The text of the operations file: JSON with one line per path, parameters sorted by name, so that a new
 * spec shows as a readable diff. docs/emulator.md describes the format.
 */
public final class OperationsFile {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private OperationsFile() {}

  /** The file's exact text. */
  public static String write(SpecOperations ops) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"apiVersion\": ").append(json(F.textNode(ops.apiVersion()))).append(",\n");
    sb.append("  \"generatedBy\": \"org.stripesql.emulator.spec.OperationsGenerator from Stripe's spec3.json;"
        + " do not edit\",\n");
    sb.append("  \"paths\": {");
    String sep = "\n";
    for (Map.Entry<String, Map<String, Operation>> p : ops.paths().entrySet()) {
      ObjectNode methods = F.objectNode();
      p.getValue().forEach((method, op) -> methods.set(method, operation(op)));
      sb.append(sep).append("    ").append(json(F.textNode(p.getKey()))).append(": ").append(json(methods));
      sep = ",\n";
    }
    sb.append("\n  }\n}\n");
    return sb.toString();
  }

  /** Reads the file's text. */
  public static SpecOperations read(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the operations file is not JSON: " + e.getOriginalMessage(), e);
    }
    Map<String, Map<String, Operation>> paths = new LinkedHashMap<>();
    root.path("paths").fields().forEachRemaining(p -> {
      Map<String, Operation> methods = new LinkedHashMap<>();
      p.getValue().fields().forEachRemaining(m -> methods.put(m.getKey(), operation(m.getValue())));
      paths.put(p.getKey(), methods);
    });
    return new SpecOperations(root.path("apiVersion").asText(), paths);
  }

  private static ObjectNode operation(Operation op) {
    ObjectNode o = F.objectNode();
    ObjectNode params = o.putObject("params");
    new TreeMap<>(op.params()).forEach((name, type) -> params.set(name, type(type)));
    if (!op.required().isEmpty()) {
      ArrayNode req = o.putArray("required");
      new TreeSet<>(op.required()).forEach(req::add);
    }
    if (op.deletedStubs()) {
      o.put("deletedStubs", true);
    }
    if (!op.testClocksOnlyWith().isEmpty()) {
      ArrayNode with = o.putArray("testClocksOnlyWith");
      new TreeSet<>(op.testClocksOnlyWith()).forEach(with::add);
    }
    return o;
  }

  private static Operation operation(JsonNode o) {
    Map<String, ParamType> params = new HashMap<>();
    o.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), type(e.getValue())));
    List<String> required = new ArrayList<>();
    o.path("required").forEach(r -> required.add(r.asText()));
    List<String> with = new ArrayList<>();
    o.path("testClocksOnlyWith").forEach(r -> with.add(r.asText()));
    return new Operation(params, new TreeSet<>(required), o.path("deletedStubs").asBoolean(false),
        new TreeSet<>(with));
  }

  private static JsonNode type(ParamType t) {
    if (t instanceof ParamType.Scalar s) {
      return F.textNode(s.kind());
    }
    if (t instanceof ParamType.Range) {
      return F.textNode("range");
    }
    ObjectNode o = F.objectNode();
    if (t instanceof ParamType.Enum e) {
      e.values().forEach(o.putArray("enum")::add);
    } else if (t instanceof ParamType.ArrayOf a) {
      o.set("array", type(a.items()));
    } else if (t instanceof ParamType.ObjectOf ob) {
      ObjectNode props = o.putObject("object");
      new TreeMap<>(ob.properties()).forEach((k, v) -> props.set(k, type(v)));
      if (ob.open()) {
        o.put("open", true);
      }
    } else if (t instanceof ParamType.AnyOf any) {
      ArrayNode arr = o.putArray("anyOf");
      any.options().forEach(x -> arr.add(type(x)));
    }
    return o;
  }

  private static ParamType type(JsonNode n) {
    if (n.isTextual()) {
      return "range".equals(n.asText()) ? new ParamType.Range() : new ParamType.Scalar(n.asText());
    }
    if (n.has("enum")) {
      List<String> values = new ArrayList<>();
      n.get("enum").forEach(v -> values.add(v.asText()));
      return new ParamType.Enum(values);
    }
    if (n.has("array")) {
      return new ParamType.ArrayOf(type(n.get("array")));
    }
    if (n.has("object")) {
      Map<String, ParamType> props = new HashMap<>();
      n.get("object").fields().forEachRemaining(e -> props.put(e.getKey(), type(e.getValue())));
      return new ParamType.ObjectOf(props, n.path("open").asBoolean(false));
    }
    if (n.has("anyOf")) {
      List<ParamType> options = new ArrayList<>();
      n.get("anyOf").forEach(x -> options.add(type(x)));
      return new ParamType.AnyOf(options);
    }
    throw new IllegalArgumentException("not a parameter type: " + n);
  }

  private static String json(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
