package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cuts PostgreSQL SQL text into tokens, knowing its quoting: strings ({@code ''}, {@code E''} with
 * backslash escapes, dollar quotes), quoted identifiers, line and nested block comments, and {@code $n}
 * parameters. Enough to split statements, find the first keywords and rewrite parameters without
 * touching a literal.
 */
public final class SqlScanner {
  private static final Set<String> TWO_CHAR_SYMBOLS = Set.of("::", "<=", ">=", "<>", "!=", "!~", "~*", "||", "->");

  private SqlScanner() {
  }

  public static List<Token> scan(String sql) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      Token.Kind kind;
      if (Character.isWhitespace(c)) {
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
          i++;
        }
        kind = Token.Kind.SPACE;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
        kind = Token.Kind.SPACE;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = blockComment(sql, i);
        kind = Token.Kind.SPACE;
      } else if (c == '\'') {
        i = quoted(sql, i, '\'', false);
        kind = Token.Kind.STRING;
      } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'') {
        i = quoted(sql, i + 1, '\'', true);
        kind = Token.Kind.STRING;
      } else if ((c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n' || c == 'U' || c == 'u')
          && i + 1 < n && sql.charAt(i + 1) == '\'') {
        i = quoted(sql, i + 1, '\'', false);
        kind = Token.Kind.STRING;
      } else if (c == '"') {
        i = quoted(sql, i, '"', false);
        kind = Token.Kind.QUOTED;
      } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
        i++;
        while (i < n && Character.isDigit(sql.charAt(i))) {
          i++;
        }
        kind = Token.Kind.PARAM;
      } else if (c == '$') {
        int tagEnd = dollarTag(sql, i);
        if (tagEnd > 0) {
          String tag = sql.substring(i, tagEnd);
          int close = sql.indexOf(tag, tagEnd);
          i = close < 0 ? n : close + tag.length();
          kind = Token.Kind.STRING;
        } else {
          i++;
          kind = Token.Kind.SYMBOL;
        }
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
          i++;
        }
        kind = Token.Kind.WORD;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        i = number(sql, i);
        kind = Token.Kind.NUMBER;
      } else {
        i += i + 1 < n && TWO_CHAR_SYMBOLS.contains(sql.substring(i, i + 2)) ? 2 : 1;
        kind = Token.Kind.SYMBOL;
      }
      out.add(new Token(kind, sql.substring(start, i), start, i));
    }
    return out;
  }

  private static int blockComment(String sql, int i) {
    int depth = 0;
    int n = sql.length();
    while (i < n) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  /** The offset after a literal opened by {@code q} at {@code i}; doubled quotes stay inside. */
  private static int quoted(String sql, int i, char q, boolean backslashEscapes) {
    int n = sql.length();
    i++;
    while (i < n) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == q) {
        if (i + 1 < n && sql.charAt(i + 1) == q) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  /** The offset after a dollar-quote tag ({@code $$}, {@code $body$}) at {@code i}, or -1. */
  private static int dollarTag(String sql, int i) {
    int j = i + 1;
    while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
      j++;
    }
    return j < sql.length() && sql.charAt(j) == '$' ? j + 1 : -1;
  }

  private static int number(String sql, int i) {
    int n = sql.length();
    while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
      i++;
    }
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
        j++;
      }
      if (j < n && Character.isDigit(sql.charAt(j))) {
        i = j;
        while (i < n && Character.isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    return i;
  }

  /** The tokens that are not spaces or comments. */
  public static List<Token> significant(List<Token> tokens) {
    List<Token> out = new ArrayList<>();
    for (Token t : tokens) {
      if (t.kind() != Token.Kind.SPACE) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * The statements of a Query message, each with its own tokens: cut at top-level semicolons, blank ones
   * dropped. The text is scanned once.
   */
  public static List<StatementText> split(String sql) {
    List<StatementText> out = new ArrayList<>();
    List<Token> piece = new ArrayList<>();
    int start = 0;
    int depth = 0;
    for (Token t : scan(sql)) {
      if (t.isSymbol("(")) {
        depth++;
      } else if (t.isSymbol(")")) {
        depth = Math.max(0, depth - 1);
      } else if (t.isSymbol(";") && depth == 0) {
        add(out, sql.substring(start, t.start()), start, piece);
        piece = new ArrayList<>();
        start = t.end();
        continue;
      }
      piece.add(t.shift(-start));
    }
    add(out, sql.substring(start), start, piece);
    return out;
  }

  private static void add(List<StatementText> out, String sql, int offset, List<Token> tokens) {
    StatementText s = new StatementText(sql, offset, List.copyOf(tokens));
    if (!s.blank()) {
      out.add(s);
    }
  }
}
