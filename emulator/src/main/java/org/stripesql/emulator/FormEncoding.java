package org.stripesql.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decoding a request: its path, and the form-encoded parameters of a query string or body. */
final class FormEncoding {
  private FormEncoding() {}

  /** The decoded path; a {@code +} stays a plus. Throws IllegalArgumentException for a bad escape. */
  static String decodePath(String rawPath) {
    return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * The parameters, keys exactly as sent ({@code created[gte]}, {@code expand[]}), values in order;
   * unmodifiable. Throws IllegalArgumentException for a bad escape.
   */
  static Map<String, List<String>> parse(String raw) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    q.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }
}
