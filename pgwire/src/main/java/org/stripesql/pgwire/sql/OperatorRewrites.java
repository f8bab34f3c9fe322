package org.stripesql.pgwire.sql;

import java.util.List;

/**
 * PostgreSQL operators Calcite's parser has no syntax for, written as the functions they are: the JSON
 * operators {@code ->}, {@code ->>}, {@code #>}, {@code #>>} ({@code metadata->>'plan'} is
 * {@code json_object_field_text(metadata, 'plan')}) and {@code AT TIME ZONE} ({@code timezone_at}, and
 * for the second of a chain {@code timezone_to}). Operands are primaries ({@link Operands}); chains nest.
 */
final class OperatorRewrites {
  private OperatorRewrites() {
  }

  static void apply(List<Token> t, Edits edits) {
    int chainStart = -1;
    int chainEnd = -1;
    int zones = 0;
    for (int k = 0; k < t.size(); k++) {
      Token tok = t.get(k);
      String function = json(t, k);
      if (function != null) {
        int p = Operands.prev(t, k);
        int start = p >= 0 && p == chainEnd ? chainStart : Operands.primaryStart(t, p);
        int opEnd = tok.isSymbol("->") && k + 1 < t.size() && t.get(k + 1).isSymbol(">") ? k + 1
            : tok.isSymbol("#") ? k + (t.get(k + 2).isSymbol(">") ? 2 : 1) : k;
        int end = Operands.primaryEnd(t, Operands.next(t, opEnd));
        if (start < 0 || end < 0) {
          continue;
        }
        edits.wrap(start, end, function + "(", ")");
        zones = 0;
        edits.replace(k, ", ");
        edits.drop(k + 1, opEnd);
        chainStart = start;
        chainEnd = end;
        k = opEnd;
      } else if (tok.isWord("AT") && isWord(t, Operands.next(t, k), "TIME")
          && isWord(t, Operands.next(t, Operands.next(t, k)), "ZONE")) {
        int zoneWord = Operands.next(t, Operands.next(t, k));
        int p = Operands.prev(t, k);
        boolean chained = p >= 0 && p == chainEnd && zones > 0;
        int start = chained ? chainStart : Operands.primaryStart(t, p);
        int end = Operands.primaryEnd(t, Operands.next(t, zoneWord));
        if (start < 0 || end < 0) {
          continue;
        }
        zones = chained ? zones + 1 : 1;
        // a timestamp AT TIME ZONE z is the instant of that wall-clock time in z (written in UTC, the
        // session's time zone); that instant AT TIME ZONE z is its wall-clock time in z
        edits.wrap(start, end, zones % 2 == 1 ? "timezone_at(" : "timezone_to(", ")");
        edits.replace(k, ", ");
        edits.drop(k + 1, zoneWord);
        chainStart = start;
        chainEnd = end;
        k = zoneWord;
      }
    }
  }

  /** The function of the JSON operator starting at token {@code k}, or null. */
  private static String json(List<Token> t, int k) {
    Token tok = t.get(k);
    boolean gt = k + 1 < t.size() && t.get(k + 1).isSymbol(">");
    if (tok.isSymbol("->")) {
      return gt ? "json_object_field_text" : "json_object_field";
    }
    if (tok.isSymbol("#") && gt) {
      return k + 2 < t.size() && t.get(k + 2).isSymbol(">") ? "json_path_text" : "json_path";
    }
    return null;
  }

  private static boolean isWord(List<Token> t, int i, String word) {
    return i >= 0 && t.get(i).isWord(word);
  }
}
