package org.stripesql.pgwire.types;

import java.sql.Types;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Which PostgreSQL type stands for an SQL type of Calcite's: for the catalog's columns (from the schema's
 * row types) and for result and parameter columns (from JDBC metadata).
 */
public final class TypeMapping {
  private TypeMapping() {
  }

  /** The type of a column of a schema's table. */
  public static PgType of(RelDataType type) {
    if (type.getSqlTypeName() == SqlTypeName.ARRAY && type.getComponentType() != null) {
      PgType e = of(type.getComponentType());
      return e.array() != null ? e.array() : PgType.TEXT_ARRAY;
    }
    return of(type.getSqlTypeName());
  }

  /** The type of an SQL type name (arrays: text[]). */
  public static PgType of(SqlTypeName name) {
    switch (name) {
      case BOOLEAN:
        return PgType.BOOL;
      case TINYINT:
      case SMALLINT:
        return PgType.INT2;
      case INTEGER:
        return PgType.INT4;
      case BIGINT:
        return PgType.INT8;
      case DECIMAL:
        return PgType.NUMERIC;
      case REAL:
        return PgType.FLOAT4;
      case FLOAT:
      case DOUBLE:
        return PgType.FLOAT8;
      case CHAR:
        return PgType.TEXT;
      case VARCHAR:
        return PgType.VARCHAR;
      case DATE:
        return PgType.DATE;
      case TIME:
        return PgType.TIME;
      case TIMESTAMP:
        return PgType.TIMESTAMP;
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
      case TIMESTAMP_TZ:
        return PgType.TIMESTAMPTZ;
      case BINARY:
      case VARBINARY:
        return PgType.BYTEA;
      case ARRAY:
        return PgType.TEXT_ARRAY;
      default:
        return name.getFamily() != null && name.getName().startsWith("INTERVAL") ? PgType.INTERVAL : PgType.TEXT;
    }
  }

  /** The type of a result or parameter column from its JDBC type and type name ({@code VARCHAR ARRAY}). */
  public static PgType ofJdbc(int jdbcType, String typeName) {
    switch (jdbcType) {
      case Types.BOOLEAN:
      case Types.BIT:
        return PgType.BOOL;
      case Types.TINYINT:
      case Types.SMALLINT:
        return PgType.INT2;
      case Types.INTEGER:
        return PgType.INT4;
      case Types.BIGINT:
        return PgType.INT8;
      case Types.DECIMAL:
      case Types.NUMERIC:
        return PgType.NUMERIC;
      case Types.REAL:
        return PgType.FLOAT4;
      case Types.FLOAT:
      case Types.DOUBLE:
        return PgType.FLOAT8;
      case Types.CHAR:
        return PgType.TEXT;
      case Types.VARCHAR:
      case Types.LONGVARCHAR:
      case Types.NVARCHAR:
        return PgType.VARCHAR;
      case Types.DATE:
        return PgType.DATE;
      case Types.TIME:
        return PgType.TIME;
      case Types.TIMESTAMP:
        return PgType.TIMESTAMP;
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return PgType.TIMESTAMPTZ;
      case Types.BINARY:
      case Types.VARBINARY:
        return PgType.BYTEA;
      case Types.ARRAY:
        return arrayOf(typeName);
      default:
        return PgType.TEXT;
    }
  }

  private static PgType arrayOf(String typeName) {
    String t = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
    int cut = t.indexOf(" ARRAY");
    String element = cut > 0 ? t.substring(0, cut).trim() : "VARCHAR";
    int paren = element.indexOf('(');
    if (paren > 0) {
      element = element.substring(0, paren);
    }
    try {
      PgType e = of(SqlTypeName.valueOf(element.replace(' ', '_')));
      return e.array() != null ? e.array() : PgType.TEXT_ARRAY;
    } catch (IllegalArgumentException e) {
      return PgType.TEXT_ARRAY;
    }
  }

  /** The typmod of a column: numeric(p,s) as ((p << 16) | s) + 4, varchar(n) as n + 4, else -1. */
  public static int typmod(RelDataType type) {
    switch (type.getSqlTypeName()) {
      case DECIMAL:
        return ((type.getPrecision() << 16) | type.getScale()) + 4;
      case VARCHAR:
      case CHAR:
        int p = type.getPrecision();
        return p > 0 && p < 10_485_760 ? p + 4 : -1;
      default:
        return -1;
    }
  }
}
