package org.stripesql.pgwire.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.pgwire.types.PgType;

/** How catalog columns of each PostgreSQL type look to Calcite: their SQL type, Java values and defaults. */
final class CatalogValues {
  private CatalogValues() {
  }

  /** The SQL type of a catalog column: oids are INTEGER, names and "char" VARCHAR, int2vector SMALLINT ARRAY. */
  static SqlTypeName sqlType(PgType t) {
    switch (t) {
      case BOOL:
        return SqlTypeName.BOOLEAN;
      case INT2:
        return SqlTypeName.SMALLINT;
      case INT4: case OID: case REGCLASS: case REGTYPE: case REGNAMESPACE:
        return SqlTypeName.INTEGER;
      case INT8:
        return SqlTypeName.BIGINT;
      case FLOAT4:
        return SqlTypeName.REAL;
      case FLOAT8:
        return SqlTypeName.DOUBLE;
      case TIMESTAMP: case TIMESTAMPTZ:
        return SqlTypeName.TIMESTAMP;
      case INT2VECTOR: case OIDVECTOR:
        return SqlTypeName.ARRAY;
      default:
        return t.element() != null ? SqlTypeName.ARRAY : SqlTypeName.VARCHAR;
    }
  }

  static RelDataType relType(RelDataTypeFactory f, PgType t) {
    SqlTypeName s = sqlType(t);
    RelDataType type;
    if (s == SqlTypeName.ARRAY) {
      PgType element = t == PgType.INT2VECTOR ? PgType.INT2 : t == PgType.OIDVECTOR ? PgType.OID : t.element();
      type = f.createArrayType(f.createTypeWithNullability(f.createSqlType(sqlType(element)), true), -1);
    } else {
      type = f.createSqlType(s);
    }
    return f.createTypeWithNullability(type, true);
  }

  /** What a column holds when a row does not set it. */
  static Object defaultValue(PgType t) {
    switch (t) {
      case BOOL:
        return false;
      case INT2: case INT4: case INT8: case OID: case FLOAT4: case FLOAT8:
        return 0;
      case CHAR:
        return "";
      default:
        return null;
    }
  }

  /** {@code v} as the Java type Calcite expects for the column. */
  static Object coerce(PgType t, Object v) {
    if (v == null) {
      return null;
    }
    switch (sqlType(t)) {
      case SMALLINT:
        return ((Number) v).shortValue();
      case INTEGER:
        return ((Number) v).intValue();
      case BIGINT:
        return ((Number) v).longValue();
      case REAL:
        return ((Number) v).floatValue();
      case DOUBLE:
        return ((Number) v).doubleValue();
      case VARCHAR:
        return v.toString();
      case ARRAY:
        PgType element = t == PgType.INT2VECTOR ? PgType.INT2 : t == PgType.OIDVECTOR ? PgType.OID : t.element();
        List<Object> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
          out.add(coerce(element, o));
        }
        return out;
      default:
        return v;
    }
  }
}
