package org.stripesql.pgwire.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.pgwire.types.PgType;

/** How catalog columns of each PostgreSQL type look to Calcite ({@link PgType#sqlType()}): Java values and defaults. */
final class CatalogValues {
  private CatalogValues() {
  }

  static RelDataType relType(RelDataTypeFactory f, PgType t) {
    RelDataType type;
    if (t.sqlType() == SqlTypeName.ARRAY) {
      type = f.createArrayType(f.createTypeWithNullability(f.createSqlType(t.component().sqlType()), true), -1);
    } else {
      type = f.createSqlType(t.sqlType());
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
    switch (t.sqlType()) {
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
        List<Object> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
          out.add(coerce(t.component(), o));
        }
        return out;
      default:
        return v;
    }
  }
}
