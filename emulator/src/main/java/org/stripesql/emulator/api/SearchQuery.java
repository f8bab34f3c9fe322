package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Search;
import org.stripesql.emulator.data.JsonPaths;

/**
 * The subset of Stripe's search query language the emulator understands: clauses joined by
 * {@code AND} or by {@code OR} (not both), exact, substring, range, metadata and null clauses, and
 * negation; the grammar is in docs/emulator.md.
 */
final class SearchQuery {
  private record Clause(boolean negated, Search.SearchField field, List<String> path, String metadataKey,
      String op, String value, boolean nullValue) {}

  private final String text;
  private int pos;

  private SearchQuery(String text) {
    this.text = text;
  }

  static Predicate<JsonNode> parse(String query, ApiTable table) {
    if (query == null || query.isBlank()) {
      throw ApiException.missingParam("query");
    }
    SearchQuery p = new SearchQuery(query);
    List<Clause> clauses = new ArrayList<>();
    String joiner = null;
    p.skipSpace();
    clauses.add(p.clause(table));
    while (true) {
      boolean space = p.skipSpace();
      if (p.pos >= p.text.length()) {
        break;
      }
      String word = p.word();
      if (!space || !(word.equals("AND") || word.equals("OR"))) {
        throw syntax("expected AND or OR at position " + p.pos);
      }
      if (joiner != null && !joiner.equals(word)) {
        throw syntax("AND and OR cannot be combined in one query");
      }
      joiner = word;
      if (!p.skipSpace()) {
        throw syntax("expected a space after " + word);
      }
      clauses.add(p.clause(table));
    }
    if (clauses.size() > 10) {
      throw syntax("a query has at most 10 clauses");
    }
    boolean or = "OR".equals(joiner);
    return row -> {
      for (Clause c : clauses) {
        boolean m = matches(c, row);
        if (or && m) {
          return true;
        }
        if (!or && !m) {
          return false;
        }
      }
      return !or;
    };
  }

  private static ApiException syntax(String detail) {
    return ApiException.invalid("query", "Invalid search query: " + detail + ".");
  }

  private boolean skipSpace() {
    int start = pos;
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return pos > start;
  }

  private String word() {
    int start = pos;
    while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private Clause clause(ApiTable table) {
    boolean negated = false;
    if (pos < text.length() && text.charAt(pos) == '-') {
      negated = true;
      pos++;
    }
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
        || text.charAt(pos) == '.')) {
      pos++;
    }
    String name = text.substring(start, pos);
    if (name.isEmpty()) {
      throw syntax("expected a field name at position " + start);
    }
    Search.SearchField field = null;
    for (Search.SearchField f : table.search().fields()) {
      if (f.field().equals(name)) {
        field = f;
      }
    }
    if (field == null) {
      throw ApiException.invalid("query", "Field `" + name + "` is an unsupported search field for resource `"
          + table.name() + "`. See http://stripe.com/docs/search#query-fields-for-" + table.name().replace('_', '-')
          + " for a list of supported fields.");
    }
    String key = null;
    if ("metadata".equals(field.kind())) {
      if (pos >= text.length() || text.charAt(pos) != '[') {
        throw syntax("metadata needs a key, as in metadata['key']");
      }
      pos++;
      key = quoted();
      if (key == null || pos >= text.length() || text.charAt(pos) != ']') {
        throw syntax("expected a quoted key and ] after metadata[");
      }
      pos++;
    }
    String op;
    if (text.startsWith(">=", pos) || text.startsWith("<=", pos)) {
      op = text.substring(pos, pos + 2);
      pos += 2;
    } else if (pos < text.length() && ":~<>".indexOf(text.charAt(pos)) >= 0) {
      op = text.substring(pos, pos + 1);
      pos++;
    } else {
      throw syntax("expected :, ~, <, <=, > or >= after " + name);
    }
    boolean nullValue = false;
    String value = quoted();
    if (value == null) {
      int vs = pos;
      while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
      value = text.substring(vs, pos);
      if (value.isEmpty()) {
        throw syntax("expected a value after " + name + op);
      }
      nullValue = "null".equals(value);
    }
    String kind = field.kind();
    switch (op) {
      case ":" -> {
        if (nullValue) {
          break;
        }
        if (("number".equals(kind) || "timestamp".equals(kind)) && !isNumber(value)) {
          throw ApiException.invalid("query", "Invalid search query: `" + name + "` needs a number, got `"
              + value + "`.");
        }
        if ("boolean".equals(kind) && !value.equals("true") && !value.equals("false")) {
          throw ApiException.invalid("query", "Invalid search query: `" + name + "` needs true or false.");
        }
      }
      case "~" -> {
        if (!"string".equals(kind)) {
          throw ApiException.invalid("query", "Invalid search query: `" + name
              + "` does not support substring matching (~).");
        }
        if (value.length() < 3) {
          throw ApiException.invalid("query", "Invalid search query: a substring search (~) needs at least 3"
              + " characters.");
        }
      }
      default -> {
        if (!"number".equals(kind) && !"timestamp".equals(kind)) {
          throw ApiException.invalid("query", "Invalid search query: `" + name + "` does not support " + op
              + ".");
        }
        if (!isNumber(value)) {
          throw ApiException.invalid("query", "Invalid search query: `" + name + "` needs a number, got `"
              + value + "`.");
        }
      }
    }
    List<String> path = table.column(field.column()).map(ApiColumn::path)
        .filter(p -> !p.isEmpty()).orElse(List.of(field.field().split("\\.")));
    return new Clause(negated, field, path, key, op, value, nullValue);
  }

  private static boolean isNumber(String s) {
    try {
      new BigDecimal(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A quoted string at the position, unescaped, or null when there is no quote. */
  private String quoted() {
    if (pos >= text.length() || (text.charAt(pos) != '"' && text.charAt(pos) != '\'')) {
      return null;
    }
    char q = text.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '\\' && pos < text.length()) {
        sb.append(text.charAt(pos++));
      } else if (c == q) {
        return sb.toString();
      } else {
        sb.append(c);
      }
    }
    throw syntax("unterminated quoted value");
  }

  private static boolean matches(Clause c, JsonNode row) {
    boolean m = test(c, row);
    return c.negated() ? !m : m;
  }

  private static boolean test(Clause c, JsonNode row) {
    JsonNode v = JsonPaths.at(row, c.path());
    if (c.metadataKey() != null) {
      v = v == null ? null : v.get(c.metadataKey());
    }
    if (v != null && v.isObject() && v.has("id")) {
      v = v.get("id");
    }
    if (c.nullValue()) {
      return v == null || v.isNull();
    }
    if (v == null || v.isNull()) {
      return false;
    }
    String kind = c.metadataKey() != null ? "token" : c.field().kind();
    switch (kind) {
      case "number", "timestamp" -> {
        if (!v.isNumber()) {
          return false;
        }
        int cmp = v.decimalValue().compareTo(new BigDecimal(c.value()));
        return switch (c.op()) {
          case ":" -> cmp == 0;
          case ">" -> cmp > 0;
          case ">=" -> cmp >= 0;
          case "<" -> cmp < 0;
          case "<=" -> cmp <= 0;
          default -> false;
        };
      }
      case "string" -> {
        String s = v.asText().toLowerCase(Locale.ROOT);
        String want = c.value().toLowerCase(Locale.ROOT);
        return "~".equals(c.op()) ? s.contains(want) : s.equals(want);
      }
      default -> {
        return v.isValueNode() && v.asText().equals(c.value());
      }
    }
  }
}
