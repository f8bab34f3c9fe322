package org.stripesql.adapter.pushdown;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A comparison normalised to {@code column op value}: {@code literal op column} is reversed, casts that
 * keep the value ({@link Casts}) are stripped, and {@code CAST(column AS DATE)} is recognised; so is
 * {@code column = ANY(?)} over an array parameter, an equality with each of its elements.
 */
final class Comparison {
  final RexInputRef ref;
  final SqlKind kind;
  /** The value side when it is a literal (after removing casts); null otherwise. */
  final RexLiteral literal;
  /**
   * The value side when it is a statement parameter of type VARCHAR without a length (after removing
   * casts that keep its value): the statement then compares the bound value's text as it is (Calcite cuts
   * a VARCHAR(n) parameter to n characters and pads a CHAR(n) one); null otherwise.
   */
  final RexDynamicParam param;
  /** The value side as written. */
  final RexNode other;
  /** Whether the column side was {@code CAST(column AS DATE)}. */
  final boolean castToDate;
  /** Whether {@link #param} is an array whose elements are the values ({@code column = ANY(?)}). */
  final boolean elements;

  private Comparison(RexInputRef ref, SqlKind kind, RexNode other, boolean castToDate) {
    this.ref = ref;
    this.kind = kind;
    this.other = other;
    RexNode v = literalSide(other);
    this.literal = v instanceof RexLiteral ? (RexLiteral) v : null;
    this.elements = v instanceof RexDynamicParam && v.getType().getSqlTypeName() == SqlTypeName.ARRAY;
    RelDataType text = elements ? v.getType().getComponentType() : v.getType();
    this.param = v instanceof RexDynamicParam p && text.getSqlTypeName() == SqlTypeName.VARCHAR
        && text.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? p : null;
    this.castToDate = castToDate;
  }

  /**
   * The value side without the casts that keep its value, and a DATE literal's cast to TIMESTAMP
   * (midnight, exactly); a narrowing cast of a literal is no literal to push.
   */
  private static RexNode literalSide(RexNode other) {
    RexNode v = Casts.stripPreserving(other);
    if (v.getKind() == SqlKind.CAST && v.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP) {
      RexNode inner = ((RexCall) v).getOperands().get(0);
      if (inner instanceof RexLiteral && inner.getType().getSqlTypeName() == SqlTypeName.DATE) {
        return inner;
      }
    }
    return v;
  }

  /** The normalised comparison, or null when the node is not a comparison of a column. */
  static Comparison of(RexNode node) {
    if (!(node instanceof RexCall)) {
      return null;
    }
    RexCall call = (RexCall) node;
    SqlKind kind = call.getKind();
    if (kind == SqlKind.SOME && call.getOperator() instanceof SqlQuantifyOperator q
        && q.comparisonKind == SqlKind.EQUALS && call.getOperands().size() == 2) {
      // column = ANY(?) with an array parameter: equality with each of its elements
      Comparison c = side(call.getOperands().get(0), SqlKind.EQUALS, call.getOperands().get(1));
      return c != null && c.elements ? c : null;
    }
    if (call.getOperands().size() != 2 || !isComparison(kind)) {
      return null;
    }
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    Comparison c = side(left, kind, right);
    if (c == null) {
      c = side(right, kind.reverse(), left);
    }
    return c;
  }

  private static Comparison side(RexNode column, SqlKind kind, RexNode value) {
    if (RexUtil.containsInputRef(value)) {
      return null;
    }
    boolean toDate = false;
    RexNode c = column;
    while (c.getKind() == SqlKind.CAST) {
      RexCall cast = (RexCall) c;
      RexNode inner = cast.getOperands().get(0);
      SqlTypeName to = cast.getType().getSqlTypeName();
      SqlTypeName from = inner.getType().getSqlTypeName();
      if (to == SqlTypeName.DATE && from == SqlTypeName.TIMESTAMP && !toDate) {
        toDate = true;
      } else if (toDate || !Casts.preservesValue(inner.getType(), cast.getType())) {
        return null;   // a narrowing or changing cast is not the column itself
      }
      c = inner;
    }
    return c instanceof RexInputRef ? new Comparison((RexInputRef) c, kind, value, toDate) : null;
  }

  private static boolean isComparison(SqlKind kind) {
    switch (kind) {
      case EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        return true;
      default:
        return false;
    }
  }
}
