package org.stripesql.adapter;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.adapter.scan.RowConverter;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ColumnType;

/** The SQL type of each catalog column type. */
final class SqlTypes {
  /** Stripe's decimal strings carry up to 12 fractional digits ({@code unit_amount_decimal}). */
  static final int DECIMAL_PRECISION = 38;
  static final int DECIMAL_SCALE = RowConverter.DECIMAL_SCALE;

  private SqlTypes() {}

  /** The row type of a table: its columns in order, NOT NULL where {@link ApiColumn#nullableInSql()} says. */
  static RelDataType rowType(RelDataTypeFactory f, ApiTable table) {
    RelDataTypeFactory.Builder b = f.builder();
    for (ApiColumn c : table.columns()) {
      b.add(c.name(), f.createTypeWithNullability(of(f, c.type()), c.nullableInSql()));
    }
    return b.build();
  }

  static RelDataType of(RelDataTypeFactory f, ColumnType type) {
    switch (type) {
      case VARCHAR:
      case JSON:
        return f.createSqlType(SqlTypeName.VARCHAR);
      case BIGINT:
        return f.createSqlType(SqlTypeName.BIGINT);
      case BOOLEAN:
        return f.createSqlType(SqlTypeName.BOOLEAN);
      case DOUBLE:
        return f.createSqlType(SqlTypeName.DOUBLE);
      case DECIMAL:
        return f.createSqlType(SqlTypeName.DECIMAL, DECIMAL_PRECISION, DECIMAL_SCALE);
      case TIMESTAMP:
        return f.createSqlType(SqlTypeName.TIMESTAMP, 0);
      default:
        throw new AssertionError(type);
    }
  }
}
