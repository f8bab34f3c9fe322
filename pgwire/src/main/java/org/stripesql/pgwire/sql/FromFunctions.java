package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Functions in FROM as PostgreSQL reads them: a function that returns one value is a one-row relation
 * ({@code FROM string_to_array(...) s}), and a function with a table alias but no column names has one
 * column named by the alias ({@code FROM generate_series(1, 3) AS i} makes {@code i} the value).
 */
final class FromFunctions {
  /** The table functions (a relation of rows); any other function in FROM yields one row. */
  private static final Set<String> TABLE_FUNCTIONS = Set.of("generate_series", "generate_series_timestamps",
      "pg_get_keywords");

  private FromFunctions() {
  }

  static void rewrite(SqlSelect select) {
    if (select.getFrom() != null) {
      select.setFrom(item(select.getFrom()));
    }
  }

  private static SqlNode item(SqlNode from) {
    if (from instanceof SqlJoin j) {
      j.setLeft(item(j.getLeft()));
      j.setRight(item(j.getRight()));
      return j;
    }
    if (from.getKind() == SqlKind.AS && ((SqlCall) from).operand(0).getKind() == SqlKind.COLLECTION_TABLE) {
      SqlCall as = (SqlCall) from;
      SqlCall table = as.operand(0);
      SqlNode function = table.operand(0);
      String name = name(function);
      SqlIdentifier alias = as.operand(1);
      SqlParserPos pos = as.getParserPosition();
      boolean columns = as.operandCount() > 2;
      if (name != null && !TABLE_FUNCTIONS.contains(name)) {
        // a value: the one-row relation of it
        SqlNode column = columns ? as.operand(2) : alias;
        SqlSelect row = new SqlSelect(pos, null, SqlNodeList.of(SqlStdOperatorTable.AS.createCall(pos, function,
            column)), null, null, null, null, null, null, null, null, null, null);
        return SqlStdOperatorTable.AS.createCall(pos, row, alias);
      }
      if (name != null && !columns && !name.equals("pg_get_keywords")) {
        List<SqlNode> operands = new ArrayList<>(as.getOperandList());
        operands.add(new SqlIdentifier(alias.getSimple(), pos));
        return SqlStdOperatorTable.AS.createCall(pos, operands);
      }
    }
    return from;
  }

  private static String name(SqlNode function) {
    if (function instanceof SqlCall c && c.getOperator() instanceof SqlUnresolvedFunction f
        && f.getSqlIdentifier() != null) {
      List<String> names = f.getSqlIdentifier().names;
      return names.get(names.size() - 1).toLowerCase(Locale.ROOT);
    }
    return null;
  }
}
