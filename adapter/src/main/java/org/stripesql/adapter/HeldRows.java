package org.stripesql.adapter;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableAggregate;
import org.apache.calcite.adapter.enumerable.EnumerableCollect;
import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableIntersect;
import org.apache.calcite.adapter.enumerable.EnumerableLimitSort;
import org.apache.calcite.adapter.enumerable.EnumerableMinus;
import org.apache.calcite.adapter.enumerable.EnumerableNestedLoopJoin;
import org.apache.calcite.adapter.enumerable.EnumerableRepeatUnion;
import org.apache.calcite.adapter.enumerable.EnumerableSort;
import org.apache.calcite.adapter.enumerable.EnumerableUnion;
import org.apache.calcite.adapter.enumerable.EnumerableWindow;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * What an enumerable operator keeps in memory of one of its inputs, as Calcite implements it: a sort,
 * a window, a hash or nested-loop join's right side, a set operation or a collect keep every row (a
 * recursive CTE's spool keeps only its last iteration's rows: not counted); an aggregate one row per group (every row when a call needs them all, such as DISTINCT or
 * LISTAGG; none when it has no groups and only running calls); a top-N sort its first N. The
 * statement's checkpoint on that input charges what is kept to the statement's memory budget.
 *
 * @param keys the group keys (input fields) for {@link Kind#GROUPS}
 * @param n    the rows kept for {@link Kind#FIRST}; the grouping sets for {@link Kind#GROUPS}
 */
record HeldRows(Kind kind, int[] keys, long n) {
  /** How much of its input an operator keeps. */
  enum Kind { NONE, ALL, GROUPS, FIRST }

  static final HeldRows NONE = new HeldRows(Kind.NONE, new int[0], 0);
  private static final HeldRows ALL = new HeldRows(Kind.ALL, new int[0], 0);

  /** Aggregate functions that keep one running value per group, whatever the number of rows. */
  private static final Set<SqlKind> RUNNING = EnumSet.of(SqlKind.COUNT, SqlKind.SUM, SqlKind.SUM0, SqlKind.MIN,
      SqlKind.MAX, SqlKind.AVG, SqlKind.ANY_VALUE, SqlKind.SINGLE_VALUE, SqlKind.BIT_AND, SqlKind.BIT_OR,
      SqlKind.BIT_XOR, SqlKind.STDDEV_POP, SqlKind.STDDEV_SAMP, SqlKind.VAR_POP, SqlKind.VAR_SAMP,
      SqlKind.COVAR_POP, SqlKind.COVAR_SAMP, SqlKind.REGR_COUNT, SqlKind.REGR_SXX, SqlKind.REGR_SYY,
      SqlKind.GROUPING, SqlKind.GROUP_ID, SqlKind.GROUPING_ID, SqlKind.SOME, SqlKind.ARG_MIN,
      SqlKind.ARG_MAX, SqlKind.FIRST_VALUE, SqlKind.LAST_VALUE);

  /** What {@code parent} keeps of its input number {@code input}. */
  static HeldRows of(RelNode parent, int input) {
    if (parent instanceof EnumerableLimitSort top) {
      long n = value(top.fetch) + value(top.offset);
      return top.fetch == null || n < 0 ? ALL : new HeldRows(Kind.FIRST, new int[0], n);
    }
    if (parent instanceof EnumerableSort || parent instanceof EnumerableWindow
        || parent instanceof EnumerableCollect || parent instanceof EnumerableMinus || parent instanceof EnumerableIntersect) {
      return ALL;
    }
    if (parent instanceof EnumerableUnion u) {
      return u.all ? NONE : ALL;
    }
    if (parent instanceof EnumerableRepeatUnion r) {
      return r.all ? NONE : ALL;
    }
    if (parent instanceof EnumerableHashJoin || parent instanceof EnumerableNestedLoopJoin) {
      return input == 1 ? ALL : NONE;   // Calcite builds its lookup (or list) of the right input
    }
    if (parent instanceof EnumerableAggregate agg) {
      for (AggregateCall call : agg.getAggCallList()) {
        if (call.isDistinct() || !call.collation.getFieldCollations().isEmpty()
            || !RUNNING.contains(call.getAggregation().getKind())) {
          return ALL;
        }
      }
      int[] keys = agg.getGroupSet().toArray();
      return keys.length == 0 ? NONE : new HeldRows(Kind.GROUPS, keys, agg.getGroupSets().size());
    }
    return NONE;
  }

  private static long value(RexNode n) {
    if (n == null) {
      return 0;
    }
    Number v = n instanceof RexLiteral l ? l.getValueAs(Long.class) : null;
    return v == null ? -1 : v.longValue();
  }

  /** The text generated code passes to {@link StatementCheckpoint#guard}. */
  String spec() {
    return kind + ":" + n + ":" + String.join(",", Arrays.stream(keys).mapToObj(Integer::toString).toList());
  }

  static HeldRows parse(String spec) {
    String[] parts = spec.split(":", 3);
    int[] keys = parts[2].isEmpty() ? new int[0] : Arrays.stream(parts[2].split(",")).mapToInt(Integer::parseInt)
        .toArray();
    return new HeldRows(Kind.valueOf(parts[0]), keys, Long.parseLong(parts[1]));
  }
}
