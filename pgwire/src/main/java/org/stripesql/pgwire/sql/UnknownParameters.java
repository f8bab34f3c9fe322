package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCollectionTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * PostgreSQL's rule for a parameter no one declared a type for: the operator around it decides
 * ({@code amount > $1} is a bigint), and where none does ({@code SELECT $1}, {@code $1 IS NULL}, a
 * function's argument) it is text. Calcite infers the first kind itself; the second becomes
 * {@code CAST(? AS VARCHAR)}, decided from the parse tree alone (declared types are cast in the text).
 */
final class UnknownParameters extends SqlShuttle {
  /** Operators whose operands take their type from each other (Calcite's FIRST_KNOWN inference). */
  private static final Set<SqlKind> FROM_OTHER_OPERANDS = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS,
      SqlKind.LESS_THAN, SqlKind.GREATER_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN_OR_EQUAL,
      SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES, SqlKind.DIVIDE, SqlKind.LIKE, SqlKind.SIMILAR, SqlKind.BETWEEN,
      SqlKind.IN, SqlKind.NOT_IN, SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM, SqlKind.SOME,
      SqlKind.ALL);

  static SqlNode type(SqlNode node) {
    return node.accept(new UnknownParameters());
  }

  /** A parameter in a list of its own (a select list, GROUP BY): nothing around it gives it a type. */
  @Override
  public SqlNode visit(SqlNodeList list) {
    return list(list, false);
  }

  private SqlNode list(SqlNodeList list, boolean typed) {
    boolean changed = false;
    List<SqlNode> out = new ArrayList<>();
    for (SqlNode n : list) {
      SqlNode v = n == null ? null : n instanceof SqlDynamicParam p ? (typed ? p : text(p)) : n.accept(this);
      changed |= v != n;
      out.add(v);
    }
    return changed ? new SqlNodeList(out, list.getParserPosition()) : list;
  }

  @Override
  public SqlNode visit(SqlCall call) {
    List<SqlNode> operands = call.getOperandList();
    List<SqlNode> out = new ArrayList<>(operands.size());
    boolean changed = false;
    for (int i = 0; i < operands.size(); i++) {
      SqlNode o = operands.get(i);
      SqlNode v;
      if (o == null) {
        v = null;
      } else if (o instanceof SqlDynamicParam p) {
        v = typedByContext(call, i) ? p : text(p);
      } else if (o instanceof SqlNodeList l && (call.getKind() == SqlKind.IN || call.getKind() == SqlKind.NOT_IN)) {
        v = list(l, hasTypedOperand(operands));
      } else if (o instanceof SqlNodeList l && l.size() == 1 && l.get(0) instanceof SqlDynamicParam p
          && (call.getKind() == SqlKind.SOME || call.getKind() == SqlKind.ALL)) {
        v = new SqlNodeList(List.of(textArray(p)), l.getParserPosition());
      } else {
        v = o.accept(this);
      }
      changed |= v != o;
      out.add(v);
    }
    if (!changed) {
      return call;
    }
    if (call instanceof SqlSelect || call instanceof SqlOrderBy) {
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i) != operands.get(i)) {
          call.setOperand(i, out.get(i));
        }
      }
      return call;
    }
    return call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(),
        out.toArray(new SqlNode[0]));
  }

  /** Whether Calcite gives operand {@code i} of {@code call}, a bare parameter, a type from its context. */
  private static boolean typedByContext(SqlCall call, int i) {
    if (call instanceof SqlSelect s) {
      SqlNode o = call.getOperandList().get(i);
      return o == s.getFetch() || o == s.getOffset();
    }
    if (call instanceof SqlOrderBy) {
      return true;
    }
    if (call.getKind() == SqlKind.CAST) {
      return i == 0;
    }
    return FROM_OTHER_OPERANDS.contains(call.getKind()) && hasTypedOperand(call.getOperandList());
  }

  /** Whether some operand is neither a parameter nor NULL, so that the others can take its type. */
  private static boolean hasTypedOperand(List<SqlNode> operands) {
    for (SqlNode o : operands) {
      if (o != null && !(o instanceof SqlDynamicParam) && !SqlUtil.isNullLiteral(o, false)) {
        return true;
      }
    }
    return false;
  }

  /** {@code x = ANY($1)}: PostgreSQL types $1 as an array of x's type; it is sent as text, {@code {a,b}}. */
  private static SqlNode textArray(SqlDynamicParam p) {
    SqlParserPos pos = p.getParserPosition();
    return SqlStdOperatorTable.CAST.createCall(pos, p, new SqlDataTypeSpec(new SqlCollectionTypeNameSpec(
        new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), SqlTypeName.ARRAY, pos), pos));
  }

  private static SqlNode text(SqlDynamicParam p) {
    SqlParserPos pos = p.getParserPosition();
    return SqlStdOperatorTable.CAST.createCall(pos, p,
        new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), pos));
  }
}
