package org.stripesql.mirror.store;

import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.stripesql.catalog.ColumnType;

/** The databases a mirror can live in, with the SQL types a catalog column becomes in each. */
public enum StoreKind {
  DUCKDB, POSTGRESQL;

  /** The column type in this database; TIMESTAMP holds UTC wall time, JSON its text. */
  String sqlType(ColumnType t) {
    return switch (t) {
      case VARCHAR, JSON -> this == DUCKDB ? "VARCHAR" : "TEXT";
      case BIGINT -> "BIGINT";
      case BOOLEAN -> "BOOLEAN";
      case DOUBLE -> this == DUCKDB ? "DOUBLE" : "DOUBLE PRECISION";
      case DECIMAL -> this == DUCKDB ? "DECIMAL(38, 12)" : "NUMERIC(38, 12)";
      case TIMESTAMP -> "TIMESTAMP";
    };
  }

  /** The dialect Calcite's JDBC adapter writes its SQL in. */
  public SqlDialect dialect() {
    return this == DUCKDB ? SqlDialect.DatabaseProduct.DUCKDB.getDialect() : PostgresqlSqlDialect.DEFAULT;
  }
}
