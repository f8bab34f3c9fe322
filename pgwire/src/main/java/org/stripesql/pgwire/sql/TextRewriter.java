package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The rewrites done on a statement's tokens, before Calcite's parser: {@code $n} parameters become {@code ?}
 * (in order, a repeated {@code $n} as often as it appears), {@code OPERATOR(pg_catalog.~)} becomes {@code ~},
 * {@code COLLATE name} goes, {@code ::type[]} becomes {@code ::type array}, {@code $$dollar-quoted$$} strings
 * and Latin-1 {@code E'escaped'} ones become standard ones, casts get PostgreSQL's precedence
 * ({@link CastPrecedence}). Literals, quoted names and comments are never touched.
 */
public final class TextRewriter {
  private static final Token NONE = new Token(Token.Kind.SPACE, "", 0, 0);

  private TextRewriter() {
  }

  /** {@link #rewrite(StatementText, IntFunction)} of a statement given as text. */
  public static Rewritten rewrite(String sql, IntFunction<String> cast) {
    return rewrite(StatementText.of(sql), cast);
  }

  /**
   * SQL text for Calcite.
   *
   * @param statement the statement, scanned
   * @param cast      for parameter n (1-based), an SQL type to cast it to ({@code CAST(? AS type)}), or null
   * @return the text, and which parameter each {@code ?} stands for
   */
  public static Rewritten rewrite(StatementText statement, IntFunction<String> cast) {
    StatementText s = statement;
    List<Token> tokens = s.tokens();
    Edits edits = new Edits(tokens);
    CastPrecedence.apply(tokens, edits);
    TemporalLiterals.apply(tokens, edits);
    OperatorRewrites.apply(tokens, edits);
    ClauseRewrites.apply(tokens, edits);
    StringBuilder out = new StringBuilder(s.sql().length() + 16);
    List<Integer> order = new ArrayList<>();
    int max = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      String text = t.text();
      if (edits.replaced(i)) {
        text = null;
      } else if (t.kind() == Token.Kind.PARAM) {
        int n = Integer.parseInt(t.text().substring(1));
        order.add(n);
        max = Math.max(max, n);
        String type = edits.parameterCast(i) != null ? edits.parameterCast(i)
            : cast == null || afterLimit(tokens, i) ? null : cast.apply(n);
        text = type == null ? "?" : "CAST(? AS " + type + ")";
      } else if (t.kind() == Token.Kind.STRING && (t.text().startsWith("$") || latinEscapeString(t.text()))) {
        text = "'" + CommandParser.unquote(t.text()).replace("'", "''") + "'";
      } else if (t.isWord("OPERATOR") && next(tokens, i, 1).isSymbol("(")) {
        int close = i + 1;
        while (close < tokens.size() && !tokens.get(close).isSymbol(")")) {
          close++;
        }
        Token op = close - 1 > i + 1 ? tokens.get(close - 1) : t;
        edits.drop(i + 1, Math.min(close, tokens.size() - 1));
        text = " " + op.text() + " ";
      } else if (t.isWord("COLLATE")) {
        edits.drop(i + 1, skipName(tokens, skipSpace(tokens, i + 1)) - 1);
        text = "";
      } else if (t.isSymbol("[") && next(tokens, i, 1).isSymbol("]") && castBefore(tokens, i)) {
        edits.drop(i + 1, indexOfNext(tokens, i, 1));
        text = " array";
      }
      edits.append(out, i, text);
    }
    int[] o = order.stream().mapToInt(Integer::intValue).toArray();
    return new Rewritten(out.toString(), o, max);
  }

  /** The text Calcite parses and, for each {@code ?} in it, the 1-based number of the {@code $n} it replaced. */
  public record Rewritten(String sql, int[] order, int parameterCount) {}

  /**
   * An {@code E'...'} string whose value is Latin-1: written as a standard string it has the character set of every
   * other string (Babel's parser gives {@code E''} UTF-16, which Calcite will not concatenate or compare with them).
   */
  private static boolean latinEscapeString(String literal) {
    if (!(literal.startsWith("E'") || literal.startsWith("e'"))) {
      return false;
    }
    return CommandParser.unquote(literal).chars().allMatch(ch -> ch <= 0xFF);
  }

  /** {@code LIMIT $1} and {@code OFFSET $1} take a bare parameter: Calcite's grammar has no expression there. */
  private static boolean afterLimit(List<Token> tokens, int i) {
    int j = i - 1;
    while (j >= 0 && tokens.get(j).kind() == Token.Kind.SPACE) {
      j--;
    }
    return j >= 0 && (tokens.get(j).isWord("LIMIT") || tokens.get(j).isWord("OFFSET")
        || tokens.get(j).isWord("FIRST") || tokens.get(j).isWord("NEXT"));
  }

  private static Token next(List<Token> tokens, int i, int k) {
    int j = indexOfNext(tokens, i, k);
    return j < tokens.size() ? tokens.get(j) : NONE;
  }

  private static int indexOfNext(List<Token> tokens, int i, int k) {
    int j = i;
    while (k > 0 && j < tokens.size()) {
      j++;
      if (j < tokens.size() && tokens.get(j).kind() != Token.Kind.SPACE) {
        k--;
      }
    }
    return j;
  }

  private static int skipSpace(List<Token> tokens, int i) {
    while (i < tokens.size() && tokens.get(i).kind() == Token.Kind.SPACE) {
      i++;
    }
    return i;
  }

  /** After a (possibly qualified) name at {@code i}: the index of the token following it. */
  private static int skipName(List<Token> tokens, int i) {
    int j = i + 1;
    while (j + 1 < tokens.size() && tokens.get(j).isSymbol(".")) {
      j += 2;
    }
    return j;
  }

  /** Whether the {@code [} at {@code i} ends a type after {@code ::} ({@code ::int2[]}, {@code ::pg_catalog.int8[]}). */
  private static boolean castBefore(List<Token> tokens, int i) {
    int j = i - 1;
    while (j >= 0 && tokens.get(j).kind() == Token.Kind.SPACE) {
      j--;
    }
    if (j >= 0 && tokens.get(j).isSymbol(")")) {
      while (j >= 0 && !tokens.get(j).isSymbol("(")) {
        j--;
      }
      j--;
    }
    while (j >= 0 && (tokens.get(j).kind() == Token.Kind.WORD || tokens.get(j).kind() == Token.Kind.QUOTED
        || tokens.get(j).isSymbol(".") || tokens.get(j).kind() == Token.Kind.SPACE)) {
      j--;
    }
    return j >= 0 && tokens.get(j).isSymbol("::");
  }
}
