package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlRowTypeNameSpec;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Set-returning functions in a select list ({@code SELECT unnest(ix.indkey), generate_subscripts(ix.indkey, 1)
 * FROM pg_index ix}, pgJDBC's {@code information_schema._pg_expandarray(i.indkey)}), which Calcite has only
 * in FROM: the select's FROM is joined with an UNNEST of their arrays, each call is a column of it, and calls
 * over different arrays are zipped by position, as PostgreSQL does.
 */
final class SetReturningFunctions {
  private static final Set<String> NAMES = Set.of("pg_unnest", "generate_subscripts", "_pg_expandarray",
      "generate_series", "json_array_elements", "json_array_elements_text", "jsonb_array_elements",
      "jsonb_array_elements_text", "regexp_split_to_table");
  private static final String SRF = "$srf";
  private static final String ORDINAL = "$i";
  private static final String DERIVED = "$t";

  private SetReturningFunctions() {
  }

  /** One call: the array it ranges over, and what it yields of each element. */
  private record Use(SqlCall call, SqlNode array, Yield yield, int offset) {}

  private enum Yield { ELEMENT, ORDINAL, RECORD }

  /** Rewrites {@code select} in place when its select list calls set-returning functions. */
  static void rewrite(SqlSelect select) {
    if (select.getSelectList() == null) {
      return;
    }
    List<Use> uses = new ArrayList<>();
    for (SqlNode item : select.getSelectList()) {
      collect(item, uses);
    }
    if (uses.isEmpty()) {
      return;
    }
    SqlParserPos pos = select.getParserPosition();
    Map<String, SqlNode> arrays = new LinkedHashMap<>();
    for (Use u : uses) {
      arrays.putIfAbsent(u.array().toString(), u.array());
    }
    if (arrays.size() > 1 && arrays.values().stream().anyMatch(SetReturningFunctions::hasSubquery)
        && zipInDerivedTable(select, uses, new ArrayList<>(arrays.values()), pos)) {
      return;
    }
    SqlNode table;
    List<SqlNode> columns = new ArrayList<>();
    if (arrays.size() == 1) {
      columns.add(id("$v0", pos));
      columns.add(id(ORDINAL, pos));
      table = SqlStdOperatorTable.UNNEST_WITH_ORDINALITY.createCall(pos, arrays.values().iterator().next());
    } else {
      // zipped: the positions up to the longest array's length, and each array's element at that position
      List<SqlNode> lengths = new ArrayList<>();
      arrays.values().forEach(a -> lengths.add(SqlStdOperatorTable.COALESCE.createCall(pos,
          SqlStdOperatorTable.CARDINALITY.createCall(pos, copy(a)), SqlLiteral.createExactNumeric("0", pos))));
      SqlNode longest = lengths.size() == 1 ? lengths.get(0)
          : PgNodeRewriter.call("GREATEST", lengths, pos, SqlFunctionCategory.SYSTEM);
      columns.add(id(ORDINAL, pos));
      table = SqlStdOperatorTable.UNNEST.createCall(pos, PgNodeRewriter.call("int_series",
          List.of(SqlLiteral.createExactNumeric("1", pos), longest), pos));
    }
    List<SqlNode> as = new ArrayList<>();
    as.add(table);
    as.add(id(SRF, pos));
    as.addAll(columns);
    SqlNode unnest = SqlStdOperatorTable.AS.createCall(pos, as);
    for (Use u : uses) {
      SqlNode element = arrays.size() == 1 ? ref("$v0", pos)
          : SqlStdOperatorTable.ITEM.createCall(pos, copy(u.array()), ref(ORDINAL, pos));
      replace(select, u.call(), value(u, element, pos));   // zipped: past an array's end ITEM is NULL, as in PostgreSQL
    }
    SqlNode from = select.getFrom();
    select.setFrom(from == null ? unnest : new SqlJoin(pos, from, SqlLiteral.createBoolean(false, pos),
        JoinType.COMMA.symbol(pos), unnest, JoinConditionType.NONE.symbol(pos), null));
  }

  /**
   * Arrays to zip of which one is a subquery (pgcli's foreign keys: {@code unnest((SELECT array_agg(...) ...
   * WHERE c.attrelid = fk.confrelid))} beside another such): Calcite cannot decorrelate a subquery inside the
   * expression an UNNEST ranges over, so the arrays are computed once a row in a derived table, with the other
   * select items, and zipped above it. Only for a plain select whose items are each a set-returning call or
   * named (an alias or a column); returns false, changing nothing, otherwise.
   */
  private static boolean zipInDerivedTable(SqlSelect select, List<Use> uses, List<SqlNode> arrays,
      SqlParserPos pos) {
    if (select.getGroup() != null || select.getHaving() != null || select.getQualify() != null
        || select.isDistinct() || select.getOrderList() != null && !select.getOrderList().isEmpty()
        || select.getWindowList() != null && !select.getWindowList().isEmpty() || select.getFetch() != null
        || select.getOffset() != null) {
      return false;
    }
    List<SqlNode> inner = new ArrayList<>();
    List<SqlNode> outer = new ArrayList<>();
    SqlNodeList items = select.getSelectList();
    for (int i = 0; i < items.size(); i++) {
      SqlNode item = items.get(i);
      boolean aliased = item.getKind() == SqlKind.AS && ((SqlCall) item).operandCount() == 2;
      SqlNode expr = aliased ? ((SqlCall) item).operand(0) : item;
      String alias = aliased ? ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple() : null;
      Use use = uses.stream().filter(u -> u.call() == expr).findFirst().orElse(null);
      if (use != null) {
        int k = indexOf(arrays, use.array());
        SqlNode array = new SqlIdentifier(List.of(DERIVED, "$a" + k), pos);
        outer.add(as(value(use, SqlStdOperatorTable.ITEM.createCall(pos, array, ref(ORDINAL, pos)), pos),
            alias != null ? alias : use.call().getOperator().getName().toLowerCase(Locale.ROOT), pos));
        continue;
      }
      List<Use> inside = new ArrayList<>();
      collect(expr, inside);
      String name = alias != null ? alias : expr instanceof SqlIdentifier id && !id.isStar()
          ? id.names.get(id.names.size() - 1) : null;
      if (!inside.isEmpty() || name == null) {
        return false;
      }
      inner.add(as(expr, "$c" + i, pos));
      outer.add(as(new SqlIdentifier(List.of(DERIVED, "$c" + i), pos), name, pos));
    }
    List<SqlNode> lengths = new ArrayList<>();
    for (int k = 0; k < arrays.size(); k++) {
      inner.add(as(arrays.get(k), "$a" + k, pos));
      lengths.add(SqlStdOperatorTable.COALESCE.createCall(pos, SqlStdOperatorTable.CARDINALITY.createCall(pos,
          new SqlIdentifier(List.of(DERIVED, "$a" + k), pos)), SqlLiteral.createExactNumeric("0", pos)));
    }
    SqlSelect rows = new SqlSelect(pos, null, new SqlNodeList(inner, pos), select.getFrom(), select.getWhere(),
        null, null, null, null, null, null, null, null);
    SqlNode positions = SqlStdOperatorTable.AS.createCall(pos, SqlStdOperatorTable.UNNEST.createCall(pos,
        PgNodeRewriter.call("int_series", List.of(SqlLiteral.createExactNumeric("1", pos),
            PgNodeRewriter.call("GREATEST", lengths, pos, SqlFunctionCategory.SYSTEM)), pos)), id(SRF, pos),
        id(ORDINAL, pos));
    select.setFrom(new SqlJoin(pos, SqlStdOperatorTable.AS.createCall(pos, rows, id(DERIVED, pos)),
        SqlLiteral.createBoolean(false, pos), JoinType.COMMA.symbol(pos), positions,
        JoinConditionType.NONE.symbol(pos), null));
    select.setWhere(null);
    select.setSelectList(new SqlNodeList(outer, pos));
    return true;
  }

  private static int indexOf(List<SqlNode> arrays, SqlNode array) {
    for (int k = 0; k < arrays.size(); k++) {
      if (arrays.get(k).toString().equals(array.toString())) {
        return k;
      }
    }
    throw new IllegalStateException("an array of the select list: " + array);
  }

  /** What a set-returning call yields at a position, given the array's element there. */
  private static SqlNode value(Use u, SqlNode element, SqlParserPos pos) {
    SqlNode ordinal = u.offset() == 0 ? ref(ORDINAL, pos)
        : SqlStdOperatorTable.MINUS.createCall(pos, ref(ORDINAL, pos), SqlLiteral.createExactNumeric("1", pos));
    switch (u.yield()) {
      case ELEMENT:
        return element;
      case ORDINAL:
        return ordinal;
      default:
        return record(element, ordinal, pos);
    }
  }

  private static SqlNode as(SqlNode expr, String name, SqlParserPos pos) {
    return SqlStdOperatorTable.AS.createCall(pos, expr, id(name, pos));
  }

  private static boolean hasSubquery(SqlNode n) {
    if (n instanceof SqlSelect) {
      return true;
    }
    if (n instanceof SqlCall c) {
      return c.getOperandList().stream().anyMatch(o -> o != null && hasSubquery(o));
    }
    if (n instanceof SqlNodeList l) {
      return l.stream().anyMatch(o -> o != null && hasSubquery(o));
    }
    return false;
  }

  /** A deep copy: a subquery may appear only once in a statement's tree (Calcite validates each node once). */
  private static SqlNode copy(SqlNode n) {
    if (n instanceof SqlNodeList l) {
      List<SqlNode> items = new ArrayList<>();
      l.forEach(e -> items.add(e == null ? null : copy(e)));
      return new SqlNodeList(items, l.getParserPosition());
    }
    if (n instanceof SqlCall c) {
      List<SqlNode> operands = new ArrayList<>();
      c.getOperandList().forEach(o -> operands.add(o == null ? null : copy(o)));
      return c.getOperator().createCall(c.getFunctionQuantifier(), c.getParserPosition(),
          operands.toArray(new SqlNode[0]));
    }
    return n.clone(n.getParserPosition());
  }

  /** pgJDBC's {@code _pg_expandarray}: a record of the element {@code x} and its position {@code n}. */
  private static SqlNode record(SqlNode element, SqlNode ordinal, SqlParserPos pos) {
    SqlNode row = SqlStdOperatorTable.ROW.createCall(pos, element, ordinal);
    SqlTypeNameSpec integer = new SqlBasicTypeNameSpec(SqlTypeName.INTEGER, pos);
    SqlRowTypeNameSpec type = new SqlRowTypeNameSpec(pos, List.of(id("x", pos), id("n", pos)),
        List.of(new SqlDataTypeSpec(integer, pos), new SqlDataTypeSpec(integer, pos)));
    return SqlStdOperatorTable.CAST.createCall(pos, row, new SqlDataTypeSpec(type, pos));
  }

  private static SqlIdentifier id(String name, SqlParserPos pos) {
    return new SqlIdentifier(name, pos);
  }

  private static SqlNode ref(String column, SqlParserPos pos) {
    return new SqlIdentifier(List.of(SRF, column), pos);
  }

  /** The set-returning calls in {@code node}, outside subqueries. */
  private static void collect(SqlNode node, List<Use> uses) {
    if (!(node instanceof SqlCall c) || node instanceof SqlSelect) {
      return;
    }
    Use u = use(c);
    if (u != null) {
      uses.add(u);
      return;
    }
    for (SqlNode o : c.getOperandList()) {
      if (o instanceof SqlNodeList l) {
        l.forEach(n -> collect(n, uses));
      } else if (o != null) {
        collect(o, uses);
      }
    }
  }

  private static Use use(SqlCall c) {
    if (!(c.getOperator() instanceof SqlUnresolvedFunction f) || f.getSqlIdentifier() == null) {
      return null;
    }
    List<String> names = f.getSqlIdentifier().names;
    String name = names.get(names.size() - 1).toLowerCase(Locale.ROOT);
    if (!NAMES.contains(name)) {
      return null;
    }
    SqlParserPos pos = c.getParserPosition();
    List<SqlNode> args = c.getOperandList();
    switch (name) {
      case "pg_unnest":
        return args.size() == 1 ? new Use(c, args.get(0), Yield.ELEMENT, 0) : null;
      case "generate_subscripts":
        return args.isEmpty() ? null : new Use(c, args.get(0), Yield.ORDINAL, vector(args.get(0)) ? 1 : 0);
      case "_pg_expandarray":
        return args.size() == 1 ? new Use(c, args.get(0), Yield.RECORD, 0) : null;
      case "generate_series":
        return new Use(c, PgNodeRewriter.call("int_series", args, pos), Yield.ELEMENT, 0);
      case "regexp_split_to_table":
        return new Use(c, PgNodeRewriter.call("regexp_split_to_array", args, pos), Yield.ELEMENT, 0);
      default:
        return new Use(c, PgNodeRewriter.call(name.endsWith("_text") ? "json_array_texts" : "json_array_values",
            args, pos), Yield.ELEMENT, 0);
    }
  }

  /** Whether the expression is an int2vector or oidvector column, whose subscripts start at 0. */
  private static boolean vector(SqlNode n) {
    return n instanceof SqlIdentifier id
        && PgNodeRewriter.ZERO_BASED.contains(id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT));
  }

  /** Puts {@code value} where {@code call} is in the select list. */
  private static void replace(SqlSelect select, SqlCall call, SqlNode value) {
    SqlNodeList items = select.getSelectList();
    for (int i = 0; i < items.size(); i++) {
      items.set(i, replaceIn(items.get(i), call, value));
    }
  }

  private static SqlNode replaceIn(SqlNode node, SqlCall call, SqlNode value) {
    if (node == call) {
      return value;
    }
    if (node instanceof SqlCall c && !(node instanceof SqlSelect)) {
      if (c.getKind() == SqlKind.DOT && c.operand(0) == call && value.getKind() == SqlKind.CAST) {
        // (_pg_expandarray(a)).n: the field itself
        SqlNode row = ((SqlCall) value).operand(0);
        String field = c.operand(1).toString().toLowerCase(Locale.ROOT);
        return ((SqlCall) row).operand(field.equals("x") ? 0 : 1);
      }
      for (int i = 0; i < c.operandCount(); i++) {
        SqlNode o = c.operand(i);
        if (o != null) {
          SqlNode r = replaceIn(o, call, value);
          if (r != o) {
            c.setOperand(i, r);
          }
        }
      }
    }
    return node;
  }
}
