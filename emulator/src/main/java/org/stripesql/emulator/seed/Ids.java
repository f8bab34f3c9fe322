package org.stripesql.emulator.seed;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stripe-shaped ids ({@code cus_} and 14 base62 characters, the prefix taken from the example), unique
 * across the data set.
 */
final class Ids {
  private static final Pattern ID_PREFIX = Pattern.compile("^([a-z][a-z0-9_]*?)_([A-Za-z0-9]{10,})$");

  private final Examples examples;
  private final Set<String> used = new HashSet<>();
  private final Map<String, String> prefixes = new HashMap<>();

  Ids(Examples examples) {
    this.examples = examples;
  }

  /** A new id for an object of this type, never given out before. */
  String newId(String objectType, SplittableRandom r) {
    for (int attempt = 0; ; attempt++) {
      String id;
      switch (objectType) {
        case "coupon" -> id = Draws.randomChars(r, 8, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        case "tax_code" -> id = "txcd_" + Draws.randomChars(r, 8, "0123456789");
        default -> id = prefix(objectType) + "_" + Draws.randomChars(r, 14, Draws.BASE62);
      }
      if (used.add(id)) {
        return id;
      }
    }
  }

  /**
   * A new id shaped like {@code example} ({@code fcaowns_} and 14 base62 characters for
   * {@code fcaowns_1NnmXJGPxmnHQRkJFp4yDvu8}), for ids of objects no table holds; {@code fallback} when the
   * example is no Stripe id.
   */
  String newIdLike(String example, String fallback, SplittableRandom r) {
    Matcher m = ID_PREFIX.matcher(example == null ? "" : example);
    String prefix = m.matches() ? m.group(1) : fallback;
    for (;;) {
      String id = prefix + "_" + Draws.randomChars(r, 14, Draws.BASE62);
      if (used.add(id)) {
        return id;
      }
    }
  }

  /** Gives an id back, when a row takes a fixed id instead ({@code US}). */
  void release(String id) {
    used.remove(id);
  }

  private String prefix(String objectType) {
    return prefixes.computeIfAbsent(objectType, type -> {
      if ("line_item".equals(type)) {
        return "il";
      }
      Matcher m = ID_PREFIX.matcher(examples.exampleId(type));
      if (m.matches()) {
        return m.group(1);
      }
      String last = type.substring(type.lastIndexOf('.') + 1).replace("_", "");
      return last.substring(0, Math.min(3, last.length()));
    });
  }
}
