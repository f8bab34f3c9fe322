package org.stripesql.emulator.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The requests Stripe's spec declares, by path and method, derived from the spec by
 * {@link OperationsGenerator} and committed as {@value #RESOURCE}: what the emulator accepts, independent
 * of the catalog the adapter pushes from. Paths are looked up by shape: placeholder names do not matter.
 */
public final class SpecOperations {
  /** The committed file, on the class path. */
  public static final String RESOURCE = "/org/stripesql/emulator/spec/operations.json";

  private static volatile SpecOperations bundled;

  private final String apiVersion;
  private final Map<String, Map<String, Operation>> paths;
  private final Map<String, Map<String, Operation>> byShape = new HashMap<>();

  /** {@code paths}: path template, then lower-case method ({@code get}), then its operation. */
  public SpecOperations(String apiVersion, Map<String, Map<String, Operation>> paths) {
    this.apiVersion = apiVersion;
    Map<String, Map<String, Operation>> copy = new TreeMap<>();
    paths.forEach((p, ops) -> copy.put(p, Collections.unmodifiableMap(new TreeMap<>(ops))));
    this.paths = Collections.unmodifiableMap(copy);
    this.paths.forEach((p, ops) -> {
      if (byShape.put(shape(p), ops) != null) {
        throw new IllegalArgumentException("two paths of the shape " + shape(p));
      }
    });
  }

  /** The committed operations (read once). */
  public static SpecOperations bundled() {
    SpecOperations b = bundled;
    if (b == null) {
      try (InputStream in = SpecOperations.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        b = OperationsFile.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      bundled = b;
    }
    return b;
  }

  /** The API version of the spec the operations come from ({@code 2023-08-16}). */
  public String apiVersion() {
    return apiVersion;
  }

  /** Every path template with its operations by lower-case method, sorted by path. */
  public Map<String, Map<String, Operation>> paths() {
    return paths;
  }

  /** The operation of a method ({@code GET}, any case) on a path template ({@code /v1/customers/{id}}). */
  public Optional<Operation> find(String method, String pathTemplate) {
    Map<String, Operation> ops = byShape.get(shape(pathTemplate));
    return ops == null ? Optional.empty() : Optional.ofNullable(ops.get(method.toLowerCase(Locale.ROOT)));
  }

  /** The path with every placeholder written {@code {}}. */
  static String shape(String pathTemplate) {
    return pathTemplate.replaceAll("\\{[^}/]*}", "{}");
  }
}
