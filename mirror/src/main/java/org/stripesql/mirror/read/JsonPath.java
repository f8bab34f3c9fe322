package org.stripesql.mirror.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON path the stores can follow as Calcite's JSON_VALUE does: {@code $}, then names and array
 * positions ({@code $.plan}, {@code lax $.items[0].price}, {@code strict $.a.b}). Lax and strict give
 * the same answer here: JSON_VALUE's default {@code NULL ON ERROR} makes strict mode's errors NULL too.
 */
record JsonPath(List<String> steps) {
  private static final Pattern WHOLE = Pattern.compile("(?:(?:lax|strict)\\s+)?\\$((?:\\.[A-Za-z_][A-Za-z0-9_]*"
      + "|\\[[0-9]{1,6}])+)");
  private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\[([0-9]+)]");

  static Optional<JsonPath> parse(String text) {
    Matcher m = WHOLE.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    List<String> steps = new ArrayList<>();
    Matcher s = STEP.matcher(m.group(1));
    while (s.find()) {
      steps.add(s.group(1) != null ? s.group(1) : s.group(2));
    }
    return Optional.of(new JsonPath(steps));
  }

  /** The path in DuckDB's notation, which is the same without the mode: {@code $.items[0].price}. */
  String duckDb() {
    StringBuilder b = new StringBuilder("$");
    for (String step : steps) {
      b.append(Character.isDigit(step.charAt(0)) ? "[" + step + "]" : "." + step);
    }
    return b.toString();
  }
}
