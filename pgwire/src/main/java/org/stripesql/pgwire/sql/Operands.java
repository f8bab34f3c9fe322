package org.stripesql.pgwire.sql;

import java.util.List;
import java.util.Set;

/**
 * Finding operands among a statement's tokens, for the rewrites that give PostgreSQL's operators their
 * precedence: a primary is a name, literal, parameter, call, parenthesised expression, subscript,
 * {@code ARRAY[...]}, {@code CASE ... END}, or a cast of one ({@code expr::type}).
 */
final class Operands {
  private static final Set<String> NOT_FUNCTIONS = Set.of("AND", "OR", "NOT", "IN", "EXISTS", "ANY", "SOME", "ALL",
      "WHEN", "THEN", "ELSE", "ON", "WHERE", "SELECT", "FROM", "BY", "HAVING", "VALUES", "AS", "IS", "LIKE", "ILIKE",
      "BETWEEN", "USING", "JOIN", "RETURNING", "OVER", "FILTER", "WITHIN");

  private Operands() {
  }

  static int prev(List<Token> t, int i) {
    int j = i - 1;
    while (j >= 0 && t.get(j).kind() == Token.Kind.SPACE) {
      j--;
    }
    return j;
  }

  static int next(List<Token> t, int i) {
    int j = i + 1;
    while (j < t.size() && t.get(j).kind() == Token.Kind.SPACE) {
      j++;
    }
    return j < t.size() ? j : -1;
  }

  /** The first token of the operand ending at {@code j}, or -1 when it is not recognisable. */
  static int primaryStart(List<Token> t, int j) {
    if (j < 0) {
      return -1;
    }
    Token tok = t.get(j);
    int s;
    if (tok.isSymbol(")")) {
      int m = match(t, j, "(", ")");
      if (m < 0) {
        return -1;
      }
      s = m;
      int p = prev(t, m);
      if (p >= 0 && (t.get(p).kind() == Token.Kind.QUOTED
          || t.get(p).kind() == Token.Kind.WORD && !NOT_FUNCTIONS.contains(t.get(p).upper()))) {
        s = qualifiedStart(t, p);
      }
    } else if (tok.isSymbol("]")) {
      int m = match(t, j, "[", "]");
      if (m < 0) {
        return -1;
      }
      int p = prev(t, m);
      if (p >= 0 && t.get(p).isWord("ARRAY")) {
        s = p;
      } else {
        s = primaryStart(t, p);
      }
    } else if (tok.isWord("END")) {
      s = caseStart(t, j);
    } else if (tok.kind() == Token.Kind.WORD || tok.kind() == Token.Kind.QUOTED) {
      s = qualifiedStart(t, j);
    } else if (tok.kind() == Token.Kind.STRING || tok.kind() == Token.Kind.NUMBER || tok.kind() == Token.Kind.PARAM
        || tok.isSymbol("?")) {
      s = j;
    } else {
      return -1;
    }
    if (s < 0) {
      return -1;
    }
    int p = prev(t, s);
    if (p >= 0 && t.get(p).isSymbol("::")) {
      return primaryStart(t, prev(t, p));
    }
    return s;
  }

  /** The start of {@code a.b.c} ending at {@code j}. */
  private static int qualifiedStart(List<Token> t, int j) {
    int s = j;
    int p = prev(t, s);
    while (p >= 0 && t.get(p).isSymbol(".")) {
      int q = prev(t, p);
      if (q < 0 || !(t.get(q).kind() == Token.Kind.WORD || t.get(q).kind() == Token.Kind.QUOTED)) {
        break;
      }
      s = q;
      p = prev(t, s);
    }
    return s;
  }

  private static int caseStart(List<Token> t, int end) {
    int depth = 0;
    for (int j = end; j >= 0; j--) {
      if (t.get(j).isWord("END")) {
        depth++;
      } else if (t.get(j).isWord("CASE")) {
        depth--;
        if (depth == 0) {
          return j;
        }
      }
    }
    return -1;
  }

  /** The index of the bracket matching the closing one at {@code j}. */
  static int match(List<Token> t, int j, String opening, String closing) {
    int depth = 0;
    for (int i = j; i >= 0; i--) {
      if (t.get(i).isSymbol(closing)) {
        depth++;
      } else if (t.get(i).isSymbol(opening)) {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /** The last token of the type name starting at {@code i}, or -1. */
  static int typeEnd(List<Token> t, int i) {
    if (i < 0 || !(t.get(i).kind() == Token.Kind.WORD || t.get(i).kind() == Token.Kind.QUOTED)) {
      return -1;
    }
    int e = i;
    int n = next(t, e);
    while (n >= 0 && t.get(n).isSymbol(".") && next(t, n) >= 0) {
      e = next(t, n);
      n = next(t, e);
    }
    String word = t.get(e).upper();
    if (n >= 0 && (word.equals("DOUBLE") && t.get(n).isWord("PRECISION")
        || (word.equals("CHARACTER") || word.equals("BIT")) && t.get(n).isWord("VARYING"))) {
      e = n;
      n = next(t, e);
    } else if (n >= 0 && (word.equals("TIME") || word.equals("TIMESTAMP"))
        && (t.get(n).isWord("WITH") || t.get(n).isWord("WITHOUT"))) {
      int z = next(t, next(t, n));
      if (z >= 0 && t.get(z).isWord("ZONE")) {
        e = z;
        n = next(t, e);
      }
    }
    if (n >= 0 && t.get(n).isSymbol("(")) {
      int depth = 0;
      for (int k = n; k < t.size(); k++) {
        if (t.get(k).isSymbol("(")) {
          depth++;
        } else if (t.get(k).isSymbol(")") && --depth == 0) {
          e = k;
          n = next(t, e);
          break;
        }
      }
    }
    if (n >= 0 && t.get(n).isSymbol("[")) {
      int c = next(t, n);
      if (c >= 0 && t.get(c).isSymbol("]")) {
        e = c;
      }
    } else if (n >= 0 && t.get(n).isWord("ARRAY")) {
      e = n;
    }
    return e;
  }

  /**
   * The last token of the primary starting at {@code i} (a literal, parameter, number, name or call,
   * parenthesised expression, with its subscripts and casts), or -1.
   */
  static int primaryEnd(List<Token> t, int i) {
    if (i < 0) {
      return -1;
    }
    Token tok = t.get(i);
    int e;
    if (tok.isSymbol("(")) {
      e = matchForward(t, i, "(", ")");
    } else if (tok.kind() == Token.Kind.STRING || tok.kind() == Token.Kind.NUMBER || tok.kind() == Token.Kind.PARAM) {
      e = i;
    } else if (tok.isSymbol("-") || tok.isSymbol("+")) {
      e = primaryEnd(t, next(t, i));
    } else if (tok.kind() == Token.Kind.WORD || tok.kind() == Token.Kind.QUOTED) {
      e = i;
      int n = next(t, e);
      while (n >= 0 && t.get(n).isSymbol(".") && next(t, n) >= 0) {
        e = next(t, n);
        n = next(t, e);
      }
      if (n >= 0 && t.get(n).isSymbol("(")) {
        e = matchForward(t, n, "(", ")");
      }
    } else {
      return -1;
    }
    while (e >= 0) {
      int n = next(t, e);
      if (n >= 0 && t.get(n).isSymbol("[")) {
        e = matchForward(t, n, "[", "]");
      } else if (n >= 0 && t.get(n).isSymbol("::")) {
        e = typeEnd(t, next(t, n));
      } else {
        break;
      }
    }
    return e;
  }

  /** The index of the bracket closing the one opened at {@code i}, or -1. */
  static int matchForward(List<Token> t, int i, String opening, String closing) {
    int depth = 0;
    for (int k = i; k < t.size(); k++) {
      if (t.get(k).isSymbol(opening)) {
        depth++;
      } else if (t.get(k).isSymbol(closing) && --depth == 0) {
        return k;
      }
    }
    return -1;
  }
}
