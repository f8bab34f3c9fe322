package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.types.TextFormat;

/**
 * Arrays written as PostgreSQL clients write them, in Calcite's terms: {@code '{a,b}'::text[]} is the array
 * of its elements, and {@code x = ANY(array)} / {@code x <> ALL(array)} over an array of known elements are
 * {@code x IN (...)} / {@code x NOT IN (...)} (other comparisons: OR / AND of them), which the adapter
 * pushes to Stripe as it does IN. An array from a parameter stays a quantified comparison, run in Calcite.
 */
final class ArrayValues {
  private ArrayValues() {
  }

  /** {@code '{a,b}'::type[]}: {@code ARRAY[CAST('a' AS type), CAST('b' AS type)]}, or an empty array of type. */
  static SqlNode cast(SqlLiteral text, SqlTypeNameSpec element, SqlParserPos pos) {
    List<SqlNode> elements = new ArrayList<>();
    for (String e : elements(text)) {
      SqlNode v = e == null ? SqlLiteral.createNull(pos) : SqlLiteral.createCharString(e, pos);
      elements.add(SqlStdOperatorTable.CAST.createCall(pos, v, new SqlDataTypeSpec(element, pos)));
    }
    if (elements.isEmpty()) {
      // ARRAY[] needs an element: the empty array of a type is ARRAY(SELECT CAST(NULL AS type) WHERE FALSE)
      SqlNode nothing = SqlStdOperatorTable.CAST.createCall(pos, SqlLiteral.createNull(pos),
          new SqlDataTypeSpec(element, pos));
      SqlSelect none = new SqlSelect(pos, null, SqlNodeList.of(nothing), null, SqlLiteral.createBoolean(false, pos),
          null, null, null, null, null, null, null, null);
      return SqlStdOperatorTable.ARRAY_QUERY.createCall(pos, none);
    }
    return SqlStdOperatorTable.ARRAY_VALUE_CONSTRUCTOR.createCall(pos, elements);
  }

  private static List<String> elements(SqlLiteral text) {
    try {
      return TextFormat.arrayElements(text.getValueAs(String.class));
    } catch (IllegalArgumentException e) {
      throw new PgSqlException("22P02", e.getMessage());
    }
  }

  /**
   * {@code x op ANY(array)} or {@code x op ALL(array)} with the array's elements known ({@code ARRAY[...]} or
   * an array literal): the comparisons they stand for; otherwise {@code call} itself.
   */
  static SqlNode quantified(SqlCall call) {
    SqlQuantifyOperator op = (SqlQuantifyOperator) call.getOperator();
    SqlNode array = call.operand(1);
    if (array instanceof SqlNodeList list && list.size() == 1) {
      array = list.get(0);   // the parser keeps ANY's parentheses as a list
    }
    List<SqlNode> values;
    if (isEmpty(array)) {
      values = List.of();
    } else if (array.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR) {
      values = ((SqlCall) array).getOperandList();
    } else if (array instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.CHAR) {
      values = new ArrayList<>();
      for (String e : elements(l)) {
        values.add(e == null ? SqlLiteral.createNull(l.getParserPosition())
            : SqlLiteral.createCharString(e, l.getParserPosition()));
      }
    } else {
      if (call.operand(0) instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.CHAR) {
        // 'd' = ANY(stxkind): the literal is text, not CHAR(1), which Calcite will not compare with varchar
        call.setOperand(0, SqlStdOperatorTable.CAST.createCall(l.getParserPosition(), l, new SqlDataTypeSpec(
            new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, l.getParserPosition()), l.getParserPosition())));
      }
      return call;
    }
    SqlParserPos pos = call.getParserPosition();
    SqlNode x = call.operand(0);
    boolean any = call.getKind() == SqlKind.SOME;
    if (values.isEmpty()) {
      return SqlLiteral.createBoolean(!any, pos);
    }
    if (any && op.comparisonKind == SqlKind.EQUALS) {
      return SqlStdOperatorTable.IN.createCall(pos, x, new SqlNodeList(values, pos));
    }
    if (!any && op.comparisonKind == SqlKind.NOT_EQUALS) {
      return SqlStdOperatorTable.NOT_IN.createCall(pos, x, new SqlNodeList(values, pos));
    }
    SqlOperator compare = comparison(op.comparisonKind);
    SqlNode out = null;
    for (SqlNode v : values) {
      SqlNode c = compare.createCall(pos, x, v);
      out = out == null ? c : (any ? SqlStdOperatorTable.OR : SqlStdOperatorTable.AND).createCall(pos, out, c);
    }
    return out;
  }

  /** Whether {@code n} is the empty array {@link #cast} makes of {@code '{}'}. */
  private static boolean isEmpty(SqlNode n) {
    return n.getKind() == SqlKind.ARRAY_QUERY_CONSTRUCTOR && ((SqlCall) n).operand(0) instanceof SqlSelect s
        && s.getFrom() == null && s.getWhere() instanceof SqlLiteral w && Boolean.FALSE.equals(w.getValue());
  }

  private static SqlOperator comparison(SqlKind kind) {
    switch (kind) {
      case EQUALS: return SqlStdOperatorTable.EQUALS;
      case NOT_EQUALS: return SqlStdOperatorTable.NOT_EQUALS;
      case LESS_THAN: return SqlStdOperatorTable.LESS_THAN;
      case LESS_THAN_OR_EQUAL: return SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
      case GREATER_THAN: return SqlStdOperatorTable.GREATER_THAN;
      case GREATER_THAN_OR_EQUAL: return SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
      default: throw new PgSqlException("0A000", "ANY and ALL take a comparison operator, not " + kind);
    }
  }
}
