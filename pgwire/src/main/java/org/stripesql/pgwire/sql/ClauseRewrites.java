package org.stripesql.pgwire.sql;

import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;

/**
 * Clauses PostgreSQL accepts and Calcite's grammar does not: a keyword as a column label after AS
 * ({@code ) AS default}: quoted, as PostgreSQL takes it), {@code substring(x FOR n)} without FROM, and
 * {@code SELECT DISTINCT ON (...)}, marked as a first select item {@code pg_distinct_on(...)} that the
 * parse tree turns into a window ({@link QueryRewrites#distinctOn}), a function in FROM {@code WITH ORDINALITY}.
 */
final class ClauseRewrites {
  /** The alias of the select item that carries DISTINCT ON's expressions. */
  static final String DISTINCT_ON = "$distinct_on";
  private static final SqlAbstractParserImpl.Metadata KEYWORDS =
      SqlBabelParserImpl.FACTORY.getParser(new StringReader("")).getMetadata();
  private static final Set<String> CASTS = Set.of("CAST", "TRY_CAST", "SAFE_CAST");

  private ClauseRewrites() {
  }

  static void apply(List<Token> t, Edits edits) {
    int first = Operands.next(t, -1);
    if (first >= 0 && t.get(first).isWord("TABLE")) {
      edits.replace(first, "SELECT * FROM");   // TABLE t
    }
    for (int k = 0; k < t.size(); k++) {
      Token tok = t.get(k);
      int n = Operands.next(t, k);
      if (tok.isWord("AS") && n >= 0 && t.get(n).kind() == Token.Kind.WORD && KEYWORDS.isReservedWord(t.get(n).upper())
          && !inCast(t, k) && !edits.replaced(n)) {
        edits.replace(n, "\"" + t.get(n).text().toLowerCase(Locale.ROOT) + "\"");
      } else if (tok.isWord("UNNEST") && isSymbol(t, n, "(")) {
        unnest(t, k, edits);
      } else if (tok.kind() == Token.Kind.WORD && isSymbol(t, n, "(") && fromItem(t, k)) {
        int close = Operands.matchForward(t, n, "(", ")");
        int with = close < 0 ? -1 : Operands.next(t, close);
        if (isWord(t, with, "WITH") && isWord(t, Operands.next(t, with), "ORDINALITY")) {
          withOrdinality(t, k, close, edits);
        } else {
          // FROM f(g(x)): Babel's grammar takes only simple arguments there, TABLE(...) takes any
          edits.wrap(qualifiedStart(t, k), close, "TABLE(", ")");
        }
      } else if (tok.isWord("SUBSTRING") && n >= 0 && t.get(n).isSymbol("(")) {
        substringFor(t, n, edits);
      } else if (tok.isWord("DISTINCT") && isWord(t, n, "ON") && isSymbol(t, Operands.next(t, n), "(")) {
        int open = Operands.next(t, n);
        int close = Operands.matchForward(t, open, "(", ")");
        if (close > 0) {
          edits.drop(k, n);
          edits.replace(open, "pg_distinct_on(");
          edits.replace(close, ") AS \"" + DISTINCT_ON + "\",");
        }
      }
    }
  }

  /** Whether the AS at {@code k} is inside {@code CAST(... AS type)}. */
  private static boolean inCast(List<Token> t, int k) {
    int depth = 0;
    for (int j = k - 1; j >= 0; j--) {
      if (t.get(j).isSymbol(")")) {
        depth++;
      } else if (t.get(j).isSymbol("(")) {
        if (depth == 0) {
          int p = Operands.prev(t, j);
          return p >= 0 && CASTS.contains(t.get(p).upper());
        }
        depth--;
      }
    }
    return false;
  }

  /** Clause keywords, to tell a FROM item from an expression. */
  private static final Set<String> CLAUSES = Set.of("SELECT", "FROM", "JOIN", "WHERE", "ON", "GROUP", "HAVING", "ORDER",
      "LIMIT", "OFFSET", "LATERAL", "RETURNING", "VALUES", "WINDOW", "QUALIFY", "USING");

  /**
   * {@code unnest(...)} in a FROM clause is Calcite's UNNEST (without a {@code pg_catalog.} qualifier);
   * elsewhere it is the set-returning function of a select list, {@code pg_unnest} ({@link SetReturningFunctions}).
   */
  private static void unnest(List<Token> t, int k, Edits edits) {
    int j = Operands.prev(t, k);
    int qualifier = -1;
    if (j >= 1 && t.get(j).isSymbol(".") && Operands.prev(t, j) >= 0
        && t.get(Operands.prev(t, j)).isWord("pg_catalog")) {
      qualifier = Operands.prev(t, j);
    }
    Token c = clause(t, k);
    boolean fromItem = c != null && (c.isWord("FROM") || c.isWord("JOIN") || c.isWord("LATERAL"));
    if (fromItem) {
      if (qualifier >= 0) {
        edits.drop(qualifier, k - 1);
      }
    } else {
      if (qualifier >= 0) {
        edits.drop(qualifier, k - 1);
      }
      edits.replace(k, "pg_unnest");
    }
  }

  /** Set-returning functions and the function that returns their rows as an array. */
  private static final Map<String, String> AS_ARRAY = Map.of("generate_series", "int_series",
      "regexp_split_to_table", "regexp_split_to_array", "json_array_elements", "json_array_values",
      "jsonb_array_elements", "json_array_values", "json_array_elements_text", "json_array_texts",
      "jsonb_array_elements_text", "json_array_texts");

  /**
   * {@code FROM f(x) WITH ORDINALITY}, which Calcite's grammar has for UNNEST only: the UNNEST of the array of
   * f's rows (a function returning one value: the array of it, one row numbered 1, as PostgreSQL).
   */
  private static void withOrdinality(List<Token> t, int k, int close, Edits edits) {
    int start = qualifiedStart(t, k);
    String array = AS_ARRAY.get(t.get(k).text().toLowerCase(Locale.ROOT));
    if (array != null) {
      edits.drop(start, k - 1);
      edits.replace(k, "UNNEST(" + array);
      edits.wrap(close, close, "", ")");
    } else {
      edits.wrap(start, close, "UNNEST(ARRAY[", "])");
    }
  }

  private static final Set<String> NOT_TABLES = Set.of("TABLE", "LATERAL", "UNNEST", "SELECT", "VALUES", "ONLY",
      "ROWS", "JSON_TABLE");

  /** Whether the function name at {@code k} starts a FROM item (after FROM, JOIN, LATERAL or a FROM's comma). */
  private static boolean fromItem(List<Token> t, int k) {
    if (NOT_TABLES.contains(t.get(k).upper())) {
      return false;
    }
    int p = Operands.prev(t, qualifiedStart(t, k));
    if (p < 0) {
      return false;
    }
    if (t.get(p).isWord("FROM")) {
      return !inFunctionSyntax(t, p);
    }
    if (t.get(p).isWord("JOIN") || t.get(p).isWord("LATERAL")) {
      return true;
    }
    return t.get(p).isSymbol(",") && clause(t, p) != null && clause(t, p).isWord("FROM");
  }

  /** Functions whose arguments are written with FROM: {@code trim(both ' ' from x)}, {@code extract(year from d)}. */
  private static final Set<String> FROM_SYNTAX = Set.of("TRIM", "EXTRACT", "SUBSTRING", "SUBSTR", "POSITION",
      "OVERLAY");

  /** Whether the FROM at {@code k} is inside such a function's parentheses, not a clause. */
  private static boolean inFunctionSyntax(List<Token> t, int k) {
    int depth = 0;
    for (int j = k - 1; j >= 0; j--) {
      if (t.get(j).isSymbol(")")) {
        depth++;
      } else if (t.get(j).isSymbol("(") && depth-- == 0) {
        int f = Operands.prev(t, j);
        return f >= 0 && FROM_SYNTAX.contains(t.get(f).upper());
      }
    }
    return false;
  }

  private static int qualifiedStart(List<Token> t, int k) {
    int s = k;
    int p = Operands.prev(t, s);
    while (p >= 1 && t.get(p).isSymbol(".") && Operands.prev(t, p) >= 0
        && t.get(Operands.prev(t, p)).kind() == Token.Kind.WORD) {
      s = Operands.prev(t, p);
      p = Operands.prev(t, s);
    }
    return s;
  }

  /** The clause keyword ({@code FROM}, {@code WHERE}...) the token at {@code k} is in, at its depth. */
  private static Token clause(List<Token> t, int k) {
    int depth = 0;
    for (int j = k - 1; j >= 0; j--) {
      Token p = t.get(j);
      if (p.isSymbol(")")) {
        depth++;
      } else if (p.isSymbol("(")) {
        if (depth-- == 0) {
          return null;
        }
      } else if (depth == 0 && p.kind() == Token.Kind.WORD && CLAUSES.contains(p.upper())
          && !(p.isWord("FROM") && inFunctionSyntax(t, j))) {
        return p;
      }
    }
    return null;
  }

  /** {@code substring(x FOR n)}: {@code substring(x FROM 1 FOR n)}. */
  private static void substringFor(List<Token> t, int open, Edits edits) {
    int close = Operands.matchForward(t, open, "(", ")");
    int forAt = -1;
    int depth = 0;
    for (int j = open + 1; j < close && close > 0; j++) {
      if (t.get(j).isSymbol("(")) {
        depth++;
      } else if (t.get(j).isSymbol(")")) {
        depth--;
      } else if (depth == 0 && t.get(j).isWord("FROM")) {
        return;
      } else if (depth == 0 && t.get(j).isWord("FOR")) {
        forAt = j;
      }
    }
    if (forAt > 0) {
      edits.replace(forAt, "FROM 1 FOR");
    }
  }

  private static boolean isWord(List<Token> t, int i, String word) {
    return i >= 0 && t.get(i).isWord(word);
  }

  private static boolean isSymbol(List<Token> t, int i, String symbol) {
    return i >= 0 && t.get(i).isSymbol(symbol);
  }
}
