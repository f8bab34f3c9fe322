package org.stripesql.mirror.read;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The operators a store evaluates exactly as Calcite does, by operand and result type: the table behind
 * both stores' {@code SqlDialect.supportsFunction}. Everything absent is evaluated by Calcite above the
 * store's scan; docs/mirror.md ("What the store evaluates") gives the reason for each.
 */
final class StoreFunctions {
  private StoreFunctions() {}

  /** Types whose values, comparison and order are the same in the stores as in Calcite. */
  enum Kind { STRING, EXACT, APPROX, BOOLEAN, TIMESTAMP, DATE, INTERVAL, SYMBOL, OTHER }

  static Kind kind(RelDataType t) {
    SqlTypeName n = t.getSqlTypeName();
    return switch (n) {
      case CHAR, VARCHAR -> Kind.STRING;
      case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL -> Kind.EXACT;
      case DOUBLE, FLOAT, REAL -> Kind.APPROX;
      case BOOLEAN -> Kind.BOOLEAN;
      case TIMESTAMP -> Kind.TIMESTAMP;
      case DATE -> Kind.DATE;
      case SYMBOL -> Kind.SYMBOL;
      default -> n.getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME
          || n.getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH ? Kind.INTERVAL : Kind.OTHER;
    };
  }

  /** Whether values of this type can be compared and ordered in the store as in Calcite. */
  static boolean comparable(RelDataType t) {
    return switch (kind(t)) {
      case STRING, EXACT, APPROX, BOOLEAN, TIMESTAMP, DATE -> true;
      default -> false;
    };
  }

  /** Whether the store evaluates {@code operator} over these operand types as Calcite does. */
  static boolean supports(SqlOperator operator, RelDataType type, List<RelDataType> operands) {
    if (operator instanceof StoreOperators.StoreOperator) {
      return true;
    }
    switch (operator.getKind()) {
      case AND, OR, NOT, IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE:
        return true;
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL,
          IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM, SEARCH:
        return sameComparable(operands.get(0), operands.get(1));
      case LIKE:
        return (operator == SqlStdOperatorTable.LIKE || operator == SqlStdOperatorTable.NOT_LIKE)
            && operands.stream().allMatch(o -> kind(o) == Kind.STRING);
      case CAST:
        return cast(operands.get(0), type);
      case CASE, COALESCE:
        return comparable(type);
      case PLUS, MINUS:
        // a timestamp plus or minus an interval (its literal is checked by ExactRex); no arithmetic on numbers
        return kind(type) == Kind.TIMESTAMP && kind(operands.get(0)) == Kind.TIMESTAMP
            && kind(operands.get(1)) == Kind.INTERVAL;
      case FLOOR:
        return operands.size() == 2 && kind(operands.get(0)) == Kind.TIMESTAMP;
      case EXTRACT:
        return operands.size() == 2 && (kind(operands.get(1)) == Kind.TIMESTAMP || kind(operands.get(1)) == Kind.DATE);
      default:
        return operator == SqlStdOperatorTable.CONCAT && type.getSqlTypeName() == SqlTypeName.VARCHAR
            && operands.stream().allMatch(o -> kind(o) == Kind.STRING);
    }
  }

  private static boolean sameComparable(RelDataType a, RelDataType b) {
    return comparable(a) && kind(a) == kind(b);
  }

  /**
   * Casts that change no value: nullability, a longer string, a wider integer or decimal, an integer to
   * DOUBLE; and a timestamp to its DATE, a DATE to its midnight.
   */
  static boolean cast(RelDataType from, RelDataType to) {
    Kind f = kind(from);
    Kind t = kind(to);
    if (f == Kind.STRING && t == Kind.STRING) {
      return isNoOp(from, to);
    }
    if (f == Kind.EXACT && t == Kind.EXACT) {
      return widens(from, to);
    }
    if (f == Kind.EXACT && t == Kind.APPROX) {
      return from.getScale() <= 0 && from.getPrecision() <= 19 && to.getSqlTypeName() == SqlTypeName.DOUBLE;
    }
    if (f == Kind.TIMESTAMP && t == Kind.TIMESTAMP) {
      return to.getPrecision() >= from.getPrecision();
    }
    if (f == Kind.TIMESTAMP && t == Kind.DATE || f == Kind.DATE && t == Kind.TIMESTAMP) {
      return true;
    }
    return f == t && (f == Kind.BOOLEAN || f == Kind.DATE || f == Kind.APPROX && from.getSqlTypeName() == to
        .getSqlTypeName());
  }

  /** A cast that changes nothing a store could see: the same value, only the SQL type's details differ. */
  static boolean isNoOp(RelDataType from, RelDataType to) {
    Kind f = kind(from);
    if (f != kind(to)) {
      return false;
    }
    return switch (f) {
      case STRING -> to.getSqlTypeName() == SqlTypeName.VARCHAR && (unbounded(to) || !unbounded(from)
          && to.getPrecision() >= from.getPrecision());
      case TIMESTAMP -> to.getPrecision() >= from.getPrecision();
      case BOOLEAN, DATE -> true;
      default -> from.getSqlTypeName() == to.getSqlTypeName() && from.getPrecision() == to.getPrecision()
          && from.getScale() == to.getScale();
    };
  }

  /** A string type without a length limit (Calcite's plain VARCHAR: the catalog's columns). */
  private static boolean unbounded(RelDataType t) {
    return t.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED || t.getPrecision() >= 65536;
  }

  private static boolean widens(RelDataType from, RelDataType to) {
    int fromScale = Math.max(0, from.getScale());
    int toScale = Math.max(0, to.getScale());
    return toScale >= fromScale && integerDigits(to) >= integerDigits(from);
  }

  private static int integerDigits(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case INTEGER -> 10;
      case BIGINT -> 19;
      default -> t.getPrecision() - Math.max(0, t.getScale());
    };
  }

  /** The aggregate kinds a store may compute (which argument types: {@link ExactRex#aggregate}). */
  static boolean aggregate(SqlKind kind) {
    return switch (kind) {
      case COUNT, SUM, SUM0, MIN, MAX, AVG -> true;
      default -> false;
    };
  }
}
