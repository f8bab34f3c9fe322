package org.stripesql.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A few GET paths of Stripe's description with every schema they reach, without property descriptions
 * (the operations keep theirs: alias detection compares them): test data small enough to commit
 * ({@code specs/stripe-2023-08-16-subset.json.gz}), re-derived by {@code NewerSpecTest} when the shared copy
 * of the description is beside the repository.
 */
final class SpecSubset {
  static final String RESOURCE = "/specs/stripe-2023-08-16-subset.json.gz";

  /** The paths the newer-spec test reads: new resources, new parameters, an alias, required parameters. */
  static final List<String> PATHS = List.of("/v1/apps/secrets", "/v1/checkout/sessions",
      "/v1/checkout/sessions/{session}", "/v1/checkout/sessions/{session}/line_items", "/v1/customers",
      "/v1/customers/{customer}", "/v1/events", "/v1/events/{id}", "/v1/financial_connections/accounts",
      "/v1/financial_connections/accounts/{account}", "/v1/financial_connections/accounts/{account}/owners",
      "/v1/linked_accounts", "/v1/linked_accounts/{account}", "/v1/linked_accounts/{account}/owners",
      "/v1/subscriptions", "/v1/subscriptions/{subscription_exposed_id}",
      "/v1/tax/calculations/{calculation}/line_items", "/v1/treasury/financial_accounts",
      "/v1/treasury/financial_accounts/{financial_account}", "/v1/treasury/transactions",
      "/v1/treasury/transactions/{id}");

  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
      true);

  private SpecSubset() {}

  /** The subset's JSON text for a full description. */
  static String of(JsonNode spec) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    out.set("openapi", spec.path("openapi"));
    ObjectNode info = out.putObject("info");
    info.put("title", "Stripe API, a subset for stripe-sql's tests");
    info.set("version", spec.path("info").path("version"));
    ObjectNode paths = out.putObject("paths");
    Deque<String> todo = new ArrayDeque<>();
    for (String p : PATHS) {
      JsonNode get = spec.path("paths").path(p).path("get");
      if (get.isMissingNode()) {
        throw new IllegalArgumentException("the description has no GET " + p);
      }
      ObjectNode op = (ObjectNode) withoutDescriptions(get);
      op.set("description", get.path("description"));
      paths.putObject(p).set("get", op);
      refs(get, todo);
    }
    TreeSet<String> seen = new TreeSet<>();
    ObjectNode schemas = out.putObject("components").putObject("schemas");
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (seen.add(name)) {
        JsonNode schema = spec.path("components").path("schemas").path(name);
        schemas.set(name, withoutDescriptions(schema));
        refs(schema, todo);
      }
    }
    return JSON.writeValueAsString(JSON.readTree(JSON.writeValueAsString(out)));
  }

  private static void refs(JsonNode node, Deque<String> out) {
    if (node.isObject()) {
      String ref = node.path("$ref").asText("");
      if (ref.startsWith("#/components/schemas/")) {
        out.push(ref.substring("#/components/schemas/".length()));
      }
      node.forEach(v -> refs(v, out));
    } else if (node.isArray()) {
      node.forEach(v -> refs(v, out));
    }
  }

  private static JsonNode withoutDescriptions(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equals("description") || !e.getValue().isTextual()) {   // a property may be named so
          copy.set(e.getKey(), withoutDescriptions(e.getValue()));
        }
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(v -> copy.add(withoutDescriptions(v)));
      return copy;
    }
    return node;
  }

  /** The committed subset's text. */
  static String committed() throws IOException {
    try (InputStream in = new GZIPInputStream(SpecSubset.class.getResourceAsStream(RESOURCE))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The committed subset as a file, for the OpenApiSpec operand. */
  static Path asFile(Path dir) throws IOException {
    Path file = dir.resolve("spec3.json");
    Files.writeString(file, committed(), StandardCharsets.UTF_8);
    return file;
  }

  /** Writes the gzipped subset of {@code spec} to {@code out}: how the committed file was made. */
  static void write(Path spec, Path out) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(of(JSON.readTree(spec.toFile())).getBytes(StandardCharsets.UTF_8));
    }
    Files.write(out, bytes.toByteArray());
  }

  /** {@code SpecSubset SPEC3_JSON OUT_GZ}. */
  public static void main(String[] args) throws IOException {
    write(Path.of(args[0]), Path.of(args[1]));
  }
}
