package org.stripesql.mirror.store;

import org.apache.calcite.sql.SqlDialect;
import org.stripesql.catalog.ColumnType;
import org.stripesql.mirror.read.DuckDbDialect;
import org.stripesql.mirror.read.PostgresDialect;

/** The databases a mirror can live in, with the SQL types a catalog column becomes in each. */
public enum StoreKind {
  DUCKDB, POSTGRESQL;

  /**
   * The column type in this database; TIMESTAMP holds UTC wall time, JSON its text. PostgreSQL's text is
   * in the "C" collation: it orders strings by code point as DuckDB and Calcite do, whatever the
   * database's default collation (en_US.UTF-8 sorts 'a' before 'B').
   */
  String sqlType(ColumnType t) {
    return switch (t) {
      case VARCHAR, JSON -> this == DUCKDB ? "VARCHAR" : "TEXT COLLATE \"C\"";
      case BIGINT -> "BIGINT";
      case BOOLEAN -> "BOOLEAN";
      case DOUBLE -> this == DUCKDB ? "DOUBLE" : "DOUBLE PRECISION";
      case DECIMAL -> this == DUCKDB ? "DECIMAL(38, 12)" : "NUMERIC(38, 12)";
      case TIMESTAMP -> "TIMESTAMP";
    };
  }

  /**
   * Marks a change of {@link #sqlType}: part of each table's fingerprint, so tables an older version
   * created are rebuilt once (PostgreSQL's text columns gained the "C" collation).
   */
  String typesRevision() {
    return this == DUCKDB ? "" : "text-collate-c;";
  }

  /** The dialect Calcite's JDBC adapter writes its SQL in: one of the store's own (package {@code read}). */
  public SqlDialect dialect() {
    return this == DUCKDB ? DuckDbDialect.INSTANCE : PostgresDialect.INSTANCE;
  }
}
