package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.stripesql.pgwire.catalog.CatalogSnapshot;
import org.stripesql.pgwire.catalog.PgContext;
import org.stripesql.pgwire.catalog.PgSqlException;

/**
 * Puts PostgreSQL's spellings into Calcite's terms, on the parse tree: casts to PostgreSQL type names
 * ({@code ::int8}, {@code ::text}, {@code ::name}), the {@code reg*} casts ({@code 'pg_class'::regclass}
 * is the relation's OID, {@code oid::regclass} its name), {@code pg_catalog.}-qualified function names,
 * {@code now()}, {@code date_trunc}, {@code current_schema}, {@code current_catalog} and
 * {@code current_user}, Calcite's functions in any case ({@code to_char}), and 0-based subscripts of int2vector
 * columns ({@code indkey[0]}).
 */
final class PgNodeRewriter extends SqlShuttle {
  /** The catalog columns of type int2vector or oidvector, whose subscripts start at 0. */
  static final Set<String> ZERO_BASED = Set.of("indkey", "indoption", "indclass", "indcollation",
      "stxkeys", "prattrs", "tgattr", "proargtypes");
  private static final Set<String> USERS = Set.of("CURRENT_USER", "SESSION_USER", "USER", "CURRENT_ROLE");
  private static final Set<String> NOW = Set.of("now", "transaction_timestamp", "statement_timestamp",
      "clock_timestamp");

  /** {@code current_user} and the like written without parentheses reach the parser as names. */
  @Override
  public SqlNode visit(SqlIdentifier id) {
    if (id.isSimple() && !id.isComponentQuoted(0)) {
      String name = id.getSimple().toUpperCase(Locale.ROOT);
      SqlParserPos pos = id.getParserPosition();
      if (USERS.contains(name)) {
        String user = PgContext.current().user();
        return SqlLiteral.createCharString(user == null ? CatalogSnapshot.OWNER : user, pos);
      }
      if (name.equals("CURRENT_SCHEMA")) {
        return SqlLiteral.createCharString(PgContext.current().defaultSchema(), pos);
      }
      if (name.equals("CURRENT_CATALOG")) {
        return SqlLiteral.createCharString(CatalogSnapshot.DATABASE, pos);
      }
    }
    return id;
  }

  @Override
  public SqlNode visit(SqlCall call) {
    if (call.getKind() == SqlKind.AS) {
      SqlNode expr = call.operand(0).accept(this);
      if (expr != call.operand(0)) {
        call.setOperand(0, expr);
      }
      return call;
    }
    if (call instanceof SqlOrderBy || call instanceof SqlSelect) {
      QueryRewrites.distinctOn(call);   // before the select is visited alone: ORDER BY belongs to DISTINCT ON
    }
    SqlNode visited = super.visit(call);
    if (!(visited instanceof SqlCall c)) {
      return visited;
    }
    SqlParserPos pos = c.getParserPosition();
    if (c instanceof SqlSelect select) {
      FromFunctions.rewrite(select);
      SetReturningFunctions.rewrite(select);
      return select;
    }
    switch (c.getKind()) {
      case WITHIN_GROUP:
        return QueryRewrites.withinGroup(c);
      case PLUS:
      case MINUS:
        return QueryRewrites.dateArithmetic(c);
      case EQUALS:
      case NOT_EQUALS:
        return arrayLiteralComparison(regComparison(c));
      default:
        break;
    }
    if (c.getKind() == SqlKind.CAST && c.operandCount() == 2 && c.operand(1) instanceof SqlDataTypeSpec spec) {
      return CastRewrites.cast(c, c.operand(0), spec);
    }
    String name = c.getOperator().getName().toUpperCase(Locale.ROOT);
    if (name.equals("CURRENT_SCHEMA") && c.operandCount() == 0) {
      return SqlLiteral.createCharString(PgContext.current().defaultSchema(), pos);
    }
    if (name.equals("CURRENT_CATALOG") && c.operandCount() == 0) {
      return SqlLiteral.createCharString(CatalogSnapshot.DATABASE, pos);
    }
    if (USERS.contains(name) && c.operandCount() == 0) {
      String user = PgContext.current().user();
      return SqlLiteral.createCharString(user == null ? CatalogSnapshot.OWNER : user, pos);
    }
    if (name.equals("DATE_TRUNC") && c.operandCount() == 2 && c.operand(0) instanceof SqlLiteral unit
        && unit.getTypeName() == SqlTypeName.CHAR) {
      return dateTrunc(unit.toValue(), c.operand(1), pos);
    }
    if (c.getOperator() instanceof SqlUnresolvedFunction f) {
      return function(c, f);
    }
    if ((c.getKind() == SqlKind.SOME || c.getKind() == SqlKind.ALL) && c.operandCount() == 2
        && c.getOperator() instanceof SqlQuantifyOperator) {
      return ArrayValues.quantified(c);
    }
    if (c.getKind() == SqlKind.ITEM && c.operand(0) instanceof SqlIdentifier id
        && ZERO_BASED.contains(id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT))) {
      c.setOperand(1, SqlStdOperatorTable.PLUS.createCall(pos, c.operand(1), SqlLiteral.createExactNumeric("1", pos)));
      return c;
    }
    return c;
  }

  /** PostgreSQL's {@code date_trunc('month', ts)} is Calcite's {@code FLOOR(ts TO MONTH)}. */
  private static SqlNode dateTrunc(String unit, SqlNode operand, SqlParserPos pos) {
    TimeUnit u;
    switch (unit.trim().toLowerCase(Locale.ROOT)) {
      case "microseconds": u = TimeUnit.MICROSECOND; break;
      case "milliseconds": u = TimeUnit.MILLISECOND; break;
      case "second": u = TimeUnit.SECOND; break;
      case "minute": u = TimeUnit.MINUTE; break;
      case "hour": u = TimeUnit.HOUR; break;
      case "day": u = TimeUnit.DAY; break;
      case "week": u = TimeUnit.WEEK; break;
      case "month": u = TimeUnit.MONTH; break;
      case "quarter": u = TimeUnit.QUARTER; break;
      case "year": u = TimeUnit.YEAR; break;
      case "decade": u = TimeUnit.DECADE; break;
      case "century": u = TimeUnit.CENTURY; break;
      case "millennium": u = TimeUnit.MILLENNIUM; break;
      default:
        throw new PgSqlException("22023", "unit \"" + unit + "\" not recognized for date_trunc");
    }
    return SqlStdOperatorTable.FLOOR.createCall(pos, operand, new SqlIntervalQualifier(u, null, pos));
  }

  private SqlNode function(SqlCall c, SqlUnresolvedFunction f) {
    SqlIdentifier id = f.getSqlIdentifier();
    if (id == null) {
      return c;
    }
    String last = id.names.get(id.names.size() - 1);
    String lower = last.toLowerCase(Locale.ROOT);
    SqlParserPos pos = c.getParserPosition();
    if (NOW.contains(lower) && c.operandCount() == 0) {
      return SqlStdOperatorTable.CURRENT_TIMESTAMP.createCall(pos);
    }
    switch (lower) {
      case "json_build_object":
      case "jsonb_build_object":
        return QueryRewrites.jsonBuildObject(c);
      case "to_timestamp":
        if (c.operandCount() == 1) {
          return QueryRewrites.toTimestamp(c);
        }
        break;
      case "generate_series":
        if (QueryRewrites.timestampSeries(c)) {
          return call("generate_series_timestamps", c.getOperandList(), pos, f.getFunctionType());
        }
        break;
      default:
        break;
    }
    String upper = last.toUpperCase(Locale.ROOT);
    if (BuiltinNames.contains(upper) && !upper.equals(last)) {
      return call(upper, c.getOperandList(), pos, f.getFunctionType());
    }
    if (id.names.size() > 1 && (id.names.get(0).equalsIgnoreCase("pg_catalog")
        || id.names.get(0).equalsIgnoreCase("information_schema"))) {
      return call(BuiltinNames.contains(upper) ? upper : last, c.getOperandList(), pos, f.getFunctionType());
    }
    return c;
  }

  /** The functions {@code x::regclass} and the like become when x is not a literal. */
  private static final Set<String> REG_NAMES = Set.of("regclass_name", "regtype_name", "regnamespace_name");

  /** {@code x::regtype = 'trigger'::regtype}: PostgreSQL compares the OIDs, so x's name is not needed. */
  private static SqlNode regComparison(SqlCall c) {
    for (int i = 0; i < 2; i++) {
      if (c.operand(i) instanceof SqlCall r && r.getOperator() instanceof SqlUnresolvedFunction u
          && u.getSqlIdentifier() != null && REG_NAMES.contains(u.getSqlIdentifier().getSimple())
          && c.operand(1 - i) instanceof SqlNumericLiteral) {
        c.setOperand(i, r.operand(0));
      }
    }
    return c;
  }

  /**
   * {@code x = '{...}'}: PostgreSQL gives the literal x's type, an array's when x is one, which the parse tree
   * does not know; {@code array_literal_eq} decides on x's value.
   */
  private static SqlNode arrayLiteralComparison(SqlNode node) {
    if (!(node instanceof SqlCall c) || c.getKind() != SqlKind.EQUALS && c.getKind() != SqlKind.NOT_EQUALS) {
      return node;
    }
    for (int i = 0; i < 2; i++) {
      if (c.operand(i) instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.CHAR
          && l.toValue().startsWith("{") && l.toValue().endsWith("}")
          && !(c.operand(1 - i) instanceof SqlLiteral)) {
        SqlParserPos pos = c.getParserPosition();
        SqlNode eq = call("array_literal_eq", List.of(c.operand(1 - i), l), pos);
        return c.getKind() == SqlKind.EQUALS ? eq : SqlStdOperatorTable.NOT.createCall(pos, eq);
      }
    }
    return c;
  }

  static SqlNode call(String name, List<SqlNode> operands, SqlParserPos pos, SqlFunctionCategory category) {
    SqlFunction f = new SqlUnresolvedFunction(new SqlIdentifier(name, pos), null, null, null, null, category);
    return f.createCall(pos, new ArrayList<>(operands));
  }

  static SqlNode call(String name, List<SqlNode> operands, SqlParserPos pos) {
    return call(name, operands, pos, SqlFunctionCategory.USER_DEFINED_FUNCTION);
  }

}
