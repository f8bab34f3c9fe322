package org.stripesql.pgwire.sql;

import java.time.DateTimeException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCollectionTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.pgwire.catalog.CatalogSnapshot;
import org.stripesql.pgwire.catalog.PgContext;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.types.PgType;

/**
 * Casts in PostgreSQL's terms: to PostgreSQL's type names ({@code ::int8}, {@code ::text}, {@code ::name}),
 * the {@code reg*} casts ({@code 'pg_class'::regclass} is the relation's OID, {@code oid::regclass} its
 * name), date and time strings as PostgreSQL reads them, booleans to integers, vectors to text.
 */
final class CastRewrites {
  /** The functions that convert any value (booleans included) to an integer type. */
  private static final Map<SqlTypeName, String> INTEGERS = Map.of(SqlTypeName.SMALLINT, "int2_of",
      SqlTypeName.INTEGER, "int4_of", SqlTypeName.BIGINT, "int8_of");
  private static final Set<SqlKind> BOOLEAN_KINDS = Set.of(SqlKind.AND, SqlKind.OR, SqlKind.NOT, SqlKind.EQUALS,
      SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.GREATER_THAN, SqlKind.LESS_THAN_OR_EQUAL,
      SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE, SqlKind.IS_FALSE,
      SqlKind.IS_NOT_TRUE, SqlKind.IS_NOT_FALSE, SqlKind.LIKE, SqlKind.IN, SqlKind.NOT_IN, SqlKind.EXISTS,
      SqlKind.BETWEEN, SqlKind.SOME, SqlKind.ALL, SqlKind.POSIX_REGEX_CASE_SENSITIVE,
      SqlKind.POSIX_REGEX_CASE_INSENSITIVE);

  private CastRewrites() {
  }

  private static boolean booleanShaped(SqlNode n) {
    return BOOLEAN_KINDS.contains(n.getKind())
        || n instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.BOOLEAN;
  }

  /** Whether the cast's type is {@code timestamptz} in one of its spellings. */
  private static boolean withZone(SqlTypeNameSpec name) {
    String n = name.getTypeName().getSimple().toUpperCase(Locale.ROOT);
    return n.equals("TIMESTAMPTZ") || n.equals("TIMETZ") || n.equals("TIMESTAMP_WITH_LOCAL_TIME_ZONE")
        || n.equals("TIMESTAMP_TZ");
  }

  /** A date or time string as PostgreSQL reads it ({@code 2026-01-01T00:00:00+00:00}, {@code now}). */
  private static SqlNode temporal(String text, SqlTypeName target, boolean zone, SqlParserPos pos) {
    String sql = null;
    try {
      sql = target == SqlTypeName.TIME ? "TIME '" + TemporalLiterals.time(text.trim()) + "'"
          : TemporalLiterals.special(text.trim(), target == SqlTypeName.DATE, zone);
      return SqlParser.create(sql, SqlParser.config().withParserFactory(SqlBabelParserImpl.FACTORY))
          .parseExpression();
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new PgSqlException("22007", "invalid input syntax for type " + target.getName().toLowerCase(Locale.ROOT)
          + ": \"" + text + "\"");
    } catch (SqlParseException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  static SqlNode cast(SqlCall c, SqlNode operand, SqlDataTypeSpec spec) {
    SqlParserPos pos = c.getParserPosition();
    SqlTypeNameSpec name = spec.getTypeNameSpec();
    if (name instanceof SqlCollectionTypeNameSpec coll) {
      if (coll.getElementTypeName() instanceof SqlUserDefinedTypeNameSpec u
          && last(u.getTypeName()).equalsIgnoreCase("regtype")) {
        return PgNodeRewriter.call("regtype_names", List.of(operand), pos);   // oidvector::regtype[]
      }
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
        // a name ('charges'::regclass) is its OID; an OID (20::regtype, a column) reads as its name
        case "regclass":
          return isText(operand) ? regclassOid((SqlLiteral) operand, pos)
              : PgNodeRewriter.call("regclass_name", List.of(operand), pos);
        case "regtype":
          return isText(operand) ? regtypeOid((SqlLiteral) operand, pos)
              : PgNodeRewriter.call("regtype_name", List.of(operand), pos);
        case "regnamespace":
          return isText(operand) ? regnamespaceOid((SqlLiteral) operand, pos)
              : PgNodeRewriter.call("regnamespace_name", List.of(operand), pos);
        case "regproc":
        case "regprocedure":
          return operand instanceof SqlLiteral l ? SqlLiteral.createCharString(unqualified(l.toValue()), pos) : operand;
        case "interval":
          throw new PgSqlException("0A000", "only a string literal or a parameter can be cast to interval: "
              + operand);
        default:
          break;
      }
    }
    SqlTypeNameSpec standard = standard(name, pos);
    SqlTypeName target = standard instanceof SqlBasicTypeNameSpec b
        ? SqlTypeName.get(b.getTypeName().getSimple().toUpperCase(Locale.ROOT)) : null;
    if (operand instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.CHAR && target != null
        && (target == SqlTypeName.TIMESTAMP || target == SqlTypeName.DATE || target == SqlTypeName.TIME)) {
      return temporal(l.toValue(), target, withZone(name), pos);
    }
    if (target == SqlTypeName.INTEGER && operand instanceof SqlCall r
        && r.getOperator().getName().equalsIgnoreCase("regclass_name")) {
      return PgNodeRewriter.call("regclass_oid", List.of(r.operand(0)), pos);   // name::regclass::oid
    }
    if (target != null && INTEGERS.containsKey(target) && (operand instanceof SqlIdentifier || booleanShaped(operand))) {
      // bool::int is 1 or 0 in PostgreSQL, which Calcite's CAST refuses; a column's type is not known here
      return PgNodeRewriter.call(INTEGERS.get(target), List.of(operand), pos);
    }
    if (target == SqlTypeName.VARCHAR && operand instanceof SqlIdentifier id
        && PgNodeRewriter.ZERO_BASED.contains(last(id).toLowerCase(Locale.ROOT))) {
      return PgNodeRewriter.call("vector_text", List.of(operand), pos);   // ix.indkey::varchar is '1 2'
    }
    if (standard != name) {
      c.setOperand(1, new SqlDataTypeSpec(standard, spec.getTimeZone(), pos));
    }
    return c;
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

  private static boolean isText(SqlNode operand) {
    return operand instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.CHAR;
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
