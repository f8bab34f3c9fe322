package org.stripesql.adapter.pushdown;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Which casts keep a value as it is, so a comparison through them may be pushed as a comparison of the
 * bare column or literal. {@code CAST(customer AS VARCHAR(8))} cuts the id to eight characters and
 * {@code CAST(amount AS INTEGER)} wraps large amounts: pushing the bare column would change the result.
 */
final class Casts {
  /** Digits a BIGINT may have: a DECIMAL with this many integer digits holds every BIGINT. */
  private static final int BIGINT_DIGITS = 19;

  private Casts() {}

  /** Whether every value of {@code from} comes out of a cast to {@code to} unchanged (nullability aside). */
  static boolean preservesValue(RelDataType from, RelDataType to) {
    SqlTypeName f = from.getSqlTypeName();
    SqlTypeName t = to.getSqlTypeName();
    switch (t) {
      case VARCHAR:
        return (f == SqlTypeName.VARCHAR || f == SqlTypeName.CHAR) && fitsLength(from, to);
      case BIGINT:
        return f == SqlTypeName.BIGINT || f == SqlTypeName.INTEGER || f == SqlTypeName.SMALLINT
            || f == SqlTypeName.TINYINT;
      case DECIMAL:
        return (f == SqlTypeName.BIGINT || f == SqlTypeName.INTEGER || f == SqlTypeName.SMALLINT
            || f == SqlTypeName.TINYINT) && to.getScale() >= 0 && to.getPrecision() - to.getScale() >= BIGINT_DIGITS;
      case BOOLEAN:
        return f == SqlTypeName.BOOLEAN;
      case TIMESTAMP:
        return f == SqlTypeName.TIMESTAMP && to.getPrecision() >= from.getPrecision();
      case ARRAY:
        return f == SqlTypeName.ARRAY && from.getComponentType() != null && to.getComponentType() != null
            && preservesValue(from.getComponentType(), to.getComponentType());
      default:
        return false;
    }
  }

  /** A VARCHAR target without a length, or at least as long as the source's declared length. */
  private static boolean fitsLength(RelDataType from, RelDataType to) {
    int target = to.getPrecision();
    if (target == RelDataType.PRECISION_NOT_SPECIFIED) {
      return true;
    }
    int source = from.getPrecision();
    return source != RelDataType.PRECISION_NOT_SPECIFIED && source <= target;
  }

  /** The node without the casts on top of it that keep its value; stops at the first that may not. */
  static RexNode stripPreserving(RexNode node) {
    RexNode n = node;
    while (n.getKind() == SqlKind.CAST) {
      RexNode inner = ((RexCall) n).getOperands().get(0);
      if (!preservesValue(inner.getType(), n.getType())) {
        return n;
      }
      n = inner;
    }
    return n;
  }
}
