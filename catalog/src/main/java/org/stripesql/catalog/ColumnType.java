package org.stripesql.catalog;

/**
 * The SQL type of a catalog column. {@link #JSON} columns hold the JSON text of a value that has no
 * scalar form (arrays, maps such as {@code metadata}, polymorphic and deeply nested objects); SQL sees
 * them as VARCHAR and reads them with {@code JSON_VALUE}.
 */
public enum ColumnType {
  VARCHAR, BIGINT, BOOLEAN, DOUBLE, DECIMAL, TIMESTAMP, JSON
}
