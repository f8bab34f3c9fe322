package org.stripesql.mirror.read;

import com.google.common.collect.Range;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.stripesql.mirror.read.StoreFunctions.Kind;

/**
 * Whether a store evaluates an expression exactly as Calcite does: every operator as its dialect's
 * {@code supportsFunction} says ({@link StoreFunctions}), and the leaves and the few operand values that
 * matter: literals and parameters of the types the store holds alike, date parts the stores number as
 * Calcite does, single-unit interval literals, LIKE patterns without {@code _}.
 */
final class ExactRex {
  private static final Set<TimeUnitRange> FLOOR_UNITS = Set.of(TimeUnitRange.YEAR, TimeUnitRange.MONTH,
      TimeUnitRange.DAY, TimeUnitRange.HOUR, TimeUnitRange.MINUTE, TimeUnitRange.SECOND);
  private static final Set<TimeUnitRange> EXTRACT_UNITS = Set.of(TimeUnitRange.YEAR, TimeUnitRange.QUARTER,
      TimeUnitRange.MONTH, TimeUnitRange.DAY, TimeUnitRange.HOUR, TimeUnitRange.MINUTE, TimeUnitRange.SECOND);
  private static final Set<TimeUnit> INTERVAL_UNITS = Set.of(TimeUnit.YEAR, TimeUnit.MONTH, TimeUnit.DAY,
      TimeUnit.HOUR, TimeUnit.MINUTE, TimeUnit.SECOND);

  private final SqlDialect dialect;

  ExactRex(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /** Whether the store computes {@code e} as Calcite would. */
  boolean exact(RexNode e) {
    if (e instanceof RexInputRef) {
      return true;
    }
    if (e instanceof RexLiteral l) {
      return literal(l);
    }
    if (e instanceof RexDynamicParam p) {
      return parameter(p.getType());
    }
    if (!(e instanceof RexCall call) || e.getKind() == SqlKind.OVER) {
      return false;   // correlation variables, field accesses, sub-queries, windows
    }
    List<RelDataType> types = call.getOperands().stream().map(RexNode::getType).toList();
    if (!dialect.supportsFunction(call.getOperator(), call.getType(), types) || !operandValues(call)) {
      return false;
    }
    for (RexNode o : call.getOperands()) {
      if (!(o instanceof RexLiteral l && (kindOf(l) == Kind.INTERVAL || kindOf(l) == Kind.SYMBOL)) && !exact(o)) {
        return false;
      }
    }
    return true;
  }

  /** Whether each of the expressions is exact. */
  boolean exact(List<? extends RexNode> es) {
    return es.stream().allMatch(this::exact);
  }

  /** Whether the store orders values of this type as Calcite does (strings: by code point). */
  boolean orders(RelDataType t) {
    return StoreFunctions.comparable(t);
  }

  /**
   * Whether the store computes an aggregate as Calcite does: counts, sums and extremes, no AVG but of
   * DOUBLE (Calcite's AVG of integers and decimals keeps their type, the stores' does not), no DISTINCT
   * but in COUNT, no ordered or approximate variants.
   */
  boolean aggregate(AggregateCall call, RelDataType inputRow) {
    SqlKind kind = call.getAggregation().getKind();
    if (!dialect.supportsAggregateFunction(kind) || call.isApproximate() || !call.collation.getFieldCollations()
        .isEmpty() || call.distinctKeys != null || call.isDistinct() && kind != SqlKind.COUNT) {
      return false;
    }
    for (int arg : call.getArgList()) {
      RelDataType t = inputRow.getFieldList().get(arg).getType();
      Kind k = StoreFunctions.kind(t);
      boolean ok = switch (kind) {
        case COUNT -> true;
        case SUM, SUM0 -> k == Kind.EXACT || k == Kind.APPROX;
        case MIN, MAX -> StoreFunctions.comparable(t);
        case AVG -> k == Kind.APPROX;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private boolean literal(RexLiteral l) {
    if (l.getTypeName() == SqlTypeName.SARG) {
      return sargValues(l);
    }
    if (l.getTypeName() == SqlTypeName.NULL) {
      return true;
    }
    Kind k = kindOf(l);
    return switch (k) {
      case STRING -> l.isNull() || string(l.getValueAs(String.class), l.getType());
      case APPROX -> l.isNull() || Double.isFinite(l.getValueAs(Double.class));
      case EXACT, BOOLEAN, TIMESTAMP, DATE -> true;
      default -> false;
    };
  }

  /**
   * A string literal as the store reads it: no NUL, and as long as its type when that is CHAR(n). Calcite
   * writes a shorter value padded with spaces ({@code BETWEEN 'processing' AND 'requires_input'} has
   * CHAR(14) bounds) but compares it unpadded.
   */
  private static boolean string(String value, RelDataType type) {
    return value.indexOf('\0') < 0
        && (type.getSqlTypeName() != SqlTypeName.CHAR || value.length() == type.getPrecision());
  }

  /** The values of a SEARCH: strings as {@link #string} says; other types the operator's check covered. */
  private static boolean sargValues(RexLiteral l) {
    if (StoreFunctions.kind(l.getType()) != Kind.STRING) {
      return true;
    }
    Sarg<?> sarg = l.getValueAs(Sarg.class);
    for (Range<?> r : sarg.rangeSet.asRanges()) {
      if (r.hasLowerBound() && !string(text(r.lowerEndpoint()), l.getType())
          || r.hasUpperBound() && !string(text(r.upperEndpoint()), l.getType())) {
        return false;
      }
    }
    return true;
  }

  private static String text(Object endpoint) {
    return endpoint instanceof NlsString n ? n.getValue() : String.valueOf(endpoint);
  }

  private static Kind kindOf(RexLiteral l) {
    return StoreFunctions.kind(l.getType());
  }

  /** Parameters the store binds as Calcite holds them; TIMESTAMP and DATE ones the dialects convert. */
  static boolean parameter(RelDataType t) {
    return switch (StoreFunctions.kind(t)) {
      case STRING, EXACT, APPROX, BOOLEAN, TIMESTAMP, DATE -> true;
      default -> false;
    };
  }

  /** The operand values that decide exactness: date parts, intervals, LIKE patterns. */
  private static boolean operandValues(RexCall call) {
    List<RexNode> ops = call.getOperands();
    return switch (call.getKind()) {
      case FLOOR -> ops.get(1) instanceof RexLiteral unit && FLOOR_UNITS.contains(unit.getValueAs(TimeUnitRange.class));
      case EXTRACT -> ops.get(0) instanceof RexLiteral unit
          && EXTRACT_UNITS.contains(unit.getValueAs(TimeUnitRange.class));
      case PLUS, MINUS -> ops.get(1) instanceof RexLiteral interval && singleUnit(interval);
      case LIKE -> likePattern(ops);
      default -> true;
    };
  }

  /** An interval literal of one unit holding a whole number of it: {@code INTERVAL '30' DAY}. */
  static boolean singleUnit(RexLiteral interval) {
    SqlIntervalQualifier q = interval.getType().getIntervalQualifier();
    BigDecimal v = interval.getValueAs(BigDecimal.class);
    if (q == null || v == null || !q.isSingleDatetimeField() || !INTERVAL_UNITS.contains(q.getStartUnit())) {
      return false;
    }
    return v.remainder(q.getStartUnit().multiplier).signum() == 0;
  }

  /**
   * A literal pattern without {@code _} (Calcite's {@code _} matches no line break, the stores' does), and
   * whose escapes are ones Calcite accepts.
   */
  private static boolean likePattern(List<RexNode> ops) {
    if (!(ops.get(1) instanceof RexLiteral p) || p.isNull()) {
      return false;
    }
    String pattern = p.getValueAs(String.class);
    char escape = 0;
    if (ops.size() == 3) {
      if (!(ops.get(2) instanceof RexLiteral e) || e.isNull() || e.getValueAs(String.class).length() != 1) {
        return false;
      }
      escape = e.getValueAs(String.class).charAt(0);
    }
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (escape != 0 && c == escape) {
        if (i + 1 == pattern.length()) {
          return false;
        }
        char next = pattern.charAt(++i);
        if (next != '_' && next != '%' && next != escape) {
          return false;
        }
      } else if (c == '_') {
        return false;
      }
    }
    return true;
  }
}
