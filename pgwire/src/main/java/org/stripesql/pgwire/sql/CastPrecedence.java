package org.stripesql.pgwire.sql;

import java.util.List;

/**
 * Puts parentheses around each {@code expr::type} so that {@code ::} binds tighter than any operator, as
 * in PostgreSQL: Calcite's Babel parser reads {@code a = 'x'::regclass} as {@code (a = 'x')::regclass}.
 * The left operand is the primary before {@code ::} ({@link Operands#primaryStart}).
 */
final class CastPrecedence {
  private CastPrecedence() {
  }

  static void apply(List<Token> t, Edits edits) {
    for (int k = 0; k < t.size(); k++) {
      if (!t.get(k).isSymbol("::")) {
        continue;
      }
      int start = Operands.primaryStart(t, Operands.prev(t, k));
      int end = Operands.typeEnd(t, Operands.next(t, k));
      if (start >= 0 && end >= 0) {
        edits.wrap(start, end, "(", ")");
      }
    }
  }
}
