package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCollectionTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.stripesql.pgwire.catalog.CatalogSnapshot;
import org.stripesql.pgwire.catalog.PgContext;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.types.PgType;

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
  private static final Set<String> ZERO_BASED = Set.of("indkey", "indoption", "indclass", "indcollation",
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
    SqlNode visited = super.visit(call);
    if (!(visited instanceof SqlCall c)) {
      return visited;
    }
    SqlParserPos pos = c.getParserPosition();
    if (c.getKind() == SqlKind.CAST && c.operandCount() == 2 && c.operand(1) instanceof SqlDataTypeSpec spec) {
      return cast(c, c.operand(0), spec);
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
    SqlParserPos pos = c.getParserPosition();
    if (NOW.contains(last.toLowerCase(Locale.ROOT)) && c.operandCount() == 0) {
      return SqlStdOperatorTable.CURRENT_TIMESTAMP.createCall(pos);
    }
    String upper = last.toUpperCase(Locale.ROOT);
    if (BuiltinNames.contains(upper) && !upper.equals(last)) {
      return call(upper, c.getOperandList(), pos, f.getFunctionType());
    }
    if (id.names.size() > 1 && (id.names.get(0).equalsIgnoreCase("pg_catalog")
        || id.names.get(0).equalsIgnoreCase("information_schema"))) {
      return call(last, c.getOperandList(), pos, f.getFunctionType());
    }
    return c;
  }

  private static SqlNode call(String name, List<SqlNode> operands, SqlParserPos pos, SqlFunctionCategory category) {
    SqlFunction f = new SqlUnresolvedFunction(new SqlIdentifier(name, pos), null, null, null, null, category);
    return f.createCall(pos, new ArrayList<>(operands));
  }

  private SqlNode cast(SqlCall c, SqlNode operand, SqlDataTypeSpec spec) {
    SqlParserPos pos = c.getParserPosition();
    SqlTypeNameSpec name = spec.getTypeNameSpec();
    if (name instanceof SqlCollectionTypeNameSpec coll) {
      SqlTypeNameSpec element = standard(coll.getElementTypeName(), pos);
      if (operand instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.CHAR) {
        return ArrayValues.cast(l, element, pos);
      }
      if (element != coll.getElementTypeName()) {
        c.setOperand(1, new SqlDataTypeSpec(new SqlCollectionTypeNameSpec(element, SqlTypeName.ARRAY, pos), pos));
      }
      return c;
    }
    if (name instanceof SqlUserDefinedTypeNameSpec) {
      String type = last(name.getTypeName()).toLowerCase(Locale.ROOT);
      switch (type) {
        case "regclass":
          return operand instanceof SqlLiteral l ? regclassOid(l, pos) : call("regclass_name", List.of(operand), pos);
        case "regtype":
          return operand instanceof SqlLiteral l ? regtypeOid(l, pos) : call("regtype_name", List.of(operand), pos);
        case "regnamespace":
          return operand instanceof SqlLiteral l ? regnamespaceOid(l, pos)
              : call("regnamespace_name", List.of(operand), pos);
        case "regproc":
        case "regprocedure":
          return operand instanceof SqlLiteral l ? SqlLiteral.createCharString(unqualified(l.toValue()), pos) : operand;
        default:
          break;
      }
    }
    SqlTypeNameSpec standard = standard(name, pos);
    if (standard != name) {
      c.setOperand(1, new SqlDataTypeSpec(standard, spec.getTimeZone(), pos));
    }
    return c;
  }

  private static SqlNode call(String name, List<SqlNode> operands, SqlParserPos pos) {
    return call(name, operands, pos, SqlFunctionCategory.USER_DEFINED_FUNCTION);
  }

  /** The Calcite type for a PostgreSQL type name; {@code name} itself when it needs no change. */
  private static SqlTypeNameSpec standard(SqlTypeNameSpec name, SqlParserPos pos) {
    if (name instanceof SqlUserDefinedTypeNameSpec) {
      PgType p = PgType.bySqlName(last(name.getTypeName()));
      if (p == null || p.sqlType() == SqlTypeName.ARRAY || p.sqlType() == SqlTypeName.INTERVAL_DAY_SECOND) {
        return name;
      }
      if (p.sqlType() == SqlTypeName.DECIMAL) {
        return new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, 38, 12, pos);
      }
      return new SqlBasicTypeNameSpec(p.sqlType(), pos);
    }
    if (name instanceof SqlBasicTypeNameSpec b) {
      SqlTypeName t = SqlTypeName.get(b.getTypeName().getSimple().toUpperCase(Locale.ROOT));
      if (t == SqlTypeName.DECIMAL && b.getPrecision() < 0) {
        return new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, 38, 12, pos);
      }
      if (t == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE || t == SqlTypeName.TIMESTAMP_TZ) {
        return new SqlBasicTypeNameSpec(SqlTypeName.TIMESTAMP, pos);
      }
    }
    return name;
  }

  private static String last(SqlIdentifier id) {
    return id.names.get(id.names.size() - 1);
  }

  private static String unqualified(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }

  private static SqlNode regclassOid(SqlLiteral literal, SqlParserPos pos) {
    String text = literal.toValue();
    CatalogSnapshot.Relation r = PgContext.current().catalog().resolve(text)
        .orElseThrow(() -> new PgSqlException("42P01", "relation \"" + text + "\" does not exist"));
    return SqlLiteral.createExactNumeric(Integer.toString(r.oid()), pos);
  }

  private static SqlNode regtypeOid(SqlLiteral literal, SqlParserPos pos) {
    String text = unqualified(literal.toValue()).toLowerCase(Locale.ROOT);
    PgType t = PgType.bySqlName(text);
    if (t == null) {
      throw new PgSqlException("42704", "type \"" + text + "\" does not exist");
    }
    return SqlLiteral.createExactNumeric(Integer.toString(t.oid()), pos);
  }

  private static SqlNode regnamespaceOid(SqlLiteral literal, SqlParserPos pos) {
    String text = literal.toValue();
    CatalogSnapshot.Namespace n = PgContext.current().catalog().namespace(text)
        .orElseThrow(() -> new PgSqlException("3F000", "schema \"" + text + "\" does not exist"));
    return SqlLiteral.createExactNumeric(Integer.toString(n.oid()), pos);
  }
}
