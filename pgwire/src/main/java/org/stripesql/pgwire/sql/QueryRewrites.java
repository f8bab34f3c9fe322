package org.stripesql.pgwire.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlJsonConstructorNullClause;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.TimestampString;

/**
 * PostgreSQL query forms put into Calcite's terms on the parse tree: {@code DISTINCT ON} (a QUALIFY on
 * the first row of each group in the query's order), {@code percentile_cont/disc(f) WITHIN GROUP}, date plus
 * or minus a number of days, {@code json_build_object}, one-argument {@code to_timestamp},
 * {@code generate_series} over timestamps, and comparisons of {@code reg*} casts (by OID, as PostgreSQL).
 */
final class QueryRewrites {
  private QueryRewrites() {
  }

  /** {@code SELECT DISTINCT ON (e...) ... ORDER BY o...}: the first row of each e in the order o. */
  static SqlNode distinctOn(SqlNode query) {
    SqlSelect select = query instanceof SqlSelect s ? s : query instanceof SqlOrderBy o && o.query instanceof SqlSelect s
        ? s : null;
    if (select == null || select.getSelectList() == null || select.getSelectList().isEmpty()) {
      return query;
    }
    SqlNode first = select.getSelectList().get(0);
    if (!(first.getKind() == SqlKind.AS && ((SqlCall) first).operand(1) instanceof SqlIdentifier alias
        && alias.getSimple().equals(ClauseRewrites.DISTINCT_ON))) {
      return query;
    }
    SqlCall on = ((SqlCall) first).operand(0);
    SqlParserPos pos = select.getParserPosition();
    List<SqlNode> items = new ArrayList<>(select.getSelectList().subList(1, select.getSelectList().size()));
    select.setSelectList(new SqlNodeList(items, pos));
    SqlNodeList order = query instanceof SqlOrderBy o ? o.orderList : select.getOrderList();
    List<SqlNode> windowOrder = new ArrayList<>();
    if (order != null) {
      for (SqlNode o : order) {
        windowOrder.add(resolveOrderItem(o, items));
      }
    }
    SqlWindow window = SqlWindow.create(null, null, new SqlNodeList(on.getOperandList(), pos),
        new SqlNodeList(windowOrder, pos), SqlLiteral.createBoolean(false, pos), null, null, null, pos);
    SqlNode rowNumber = SqlStdOperatorTable.OVER.createCall(pos, SqlStdOperatorTable.ROW_NUMBER.createCall(pos), window);
    select.setQualify(SqlStdOperatorTable.EQUALS.createCall(pos, rowNumber, SqlLiteral.createExactNumeric("1", pos)));
    return query;
  }

  /** An ORDER BY item as the window sees it: an output name or ordinal is the select item's expression. */
  private static SqlNode resolveOrderItem(SqlNode o, List<SqlNode> items) {
    if (o instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
        || c.getKind() == SqlKind.NULLS_LAST)) {
      return c.getOperator().createCall(c.getParserPosition(), resolveOrderItem(c.operand(0), items));
    }
    if (o instanceof SqlNumericLiteral n && n.isExact()) {
      int i = n.intValue(true) - 1;
      return i >= 0 && i < items.size() ? expression(items.get(i)) : o;
    }
    if (o instanceof SqlIdentifier id && id.isSimple()) {
      for (SqlNode item : items) {
        if (item.getKind() == SqlKind.AS && ((SqlCall) item).operand(1) instanceof SqlIdentifier a
            && a.getSimple().equals(id.getSimple())) {
          return ((SqlCall) item).operand(0);
        }
      }
    }
    return o;
  }

  private static SqlNode expression(SqlNode item) {
    return item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
  }

  /** {@code percentile_cont(f) WITHIN GROUP (ORDER BY x [DESC])}: {@code percentile_cont_of(x, f)}. */
  static SqlNode withinGroup(SqlCall c) {
    SqlNode agg = c.operand(0);
    SqlNodeList order = c.operand(1);
    if (!(agg instanceof SqlCall a) || order.size() != 1 || a.operandCount() != 1) {
      return c;
    }
    String name = a.getOperator().getName().toLowerCase(Locale.ROOT);
    if (!name.equals("percentile_cont") && !name.equals("percentile_disc")) {
      return c;
    }
    SqlParserPos pos = c.getParserPosition();
    SqlNode x = order.get(0);
    SqlNode f = a.operand(0);
    if (x.getKind() == SqlKind.DESCENDING) {
      x = ((SqlCall) x).operand(0);
      f = SqlStdOperatorTable.MINUS.createCall(pos, SqlLiteral.createExactNumeric("1", pos), f);
    }
    return PgNodeRewriter.call(name + "_of", List.of(x, f), pos, SqlFunctionCategory.USER_DEFINED_FUNCTION);
  }

  /** {@code date + n}, {@code date - n} with n a number of days: the date moved by n days. */
  static SqlNode dateArithmetic(SqlCall c) {
    SqlNode left = c.operand(0);
    SqlNode right = c.operand(1);
    SqlParserPos pos = c.getParserPosition();
    if (isDate(left) && right instanceof SqlNumericLiteral n && n.isExact()) {
      return c.getOperator().createCall(pos, left, days(n, pos));
    }
    if (c.getKind() == SqlKind.PLUS && isDate(right) && left instanceof SqlNumericLiteral n && n.isExact()) {
      return c.getOperator().createCall(pos, right, days(n, pos));
    }
    return c;
  }

  private static boolean isDate(SqlNode n) {
    return n instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.DATE
        || n instanceof SqlUnknownLiteral u && u.tag.equalsIgnoreCase("DATE")
        || n.getKind() == SqlKind.CAST && ((SqlCall) n).operand(1) instanceof SqlDataTypeSpec s
            && s.getTypeName().getSimple().equalsIgnoreCase("DATE")
        || n instanceof SqlCall call && call.getOperator() == SqlStdOperatorTable.CURRENT_DATE
        || n instanceof SqlIdentifier id && id.isSimple() && id.getSimple().equalsIgnoreCase("current_date");
  }

  private static SqlNode days(SqlNumericLiteral n, SqlParserPos pos) {
    BigDecimal v = n.getValueAs(BigDecimal.class);
    return SqlLiteral.createInterval(v.signum(), v.abs().toPlainString(), new SqlIntervalQualifier(TimeUnit.DAY,
        null, pos), pos);
  }

  /** {@code json_build_object(k, v, ...)}: {@code JSON_OBJECT(KEY k VALUE v ... NULL ON NULL)}. */
  static SqlNode jsonBuildObject(SqlCall c) {
    if (c.operandCount() % 2 != 0) {
      return c;
    }
    List<SqlNode> operands = new ArrayList<>();
    operands.add(SqlLiteral.createSymbol(SqlJsonConstructorNullClause.NULL_ON_NULL, c.getParserPosition()));
    operands.addAll(c.getOperandList());
    return SqlStdOperatorTable.JSON_OBJECT.createCall(c.getParserPosition(), operands);
  }

  /** {@code to_timestamp(seconds)}: the UTC time that many seconds after 1970. */
  static SqlNode toTimestamp(SqlCall c) {
    SqlParserPos pos = c.getParserPosition();
    SqlNode millis = SqlStdOperatorTable.CAST.createCall(pos, SqlStdOperatorTable.MULTIPLY.createCall(pos,
        c.operand(0), SqlLiteral.createExactNumeric("1000", pos)), new SqlDataTypeSpec(
            new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, pos), pos));
    SqlNode epoch = SqlLiteral.createTimestamp(SqlTypeName.TIMESTAMP,
        new TimestampString(1970, 1, 1, 0, 0, 0), 0, pos);
    return SqlStdOperatorTable.TIMESTAMP_ADD.createCall(pos, new SqlIntervalQualifier(TimeUnit.MILLISECOND, null, pos),
        millis, epoch);
  }

  /** Whether a generate_series call is over timestamps (its step is an interval). */
  static boolean timestampSeries(SqlCall c) {
    return c.operandCount() == 3 && c.operand(2) instanceof SqlIntervalLiteral;
  }
}
