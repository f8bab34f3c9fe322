package org.stripesql.pgwire.sql;

import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.type.SqlTypeName;

/** PostgreSQL's type names ({@code int8}, {@code text}, {@code timestamptz}) as the SQL types Calcite knows. */
final class TypeNames {
  private static final Map<String, SqlTypeName> TYPES = Map.ofEntries(
      Map.entry("int2", SqlTypeName.SMALLINT), Map.entry("smallint", SqlTypeName.SMALLINT),
      Map.entry("int", SqlTypeName.INTEGER), Map.entry("int4", SqlTypeName.INTEGER),
      Map.entry("integer", SqlTypeName.INTEGER), Map.entry("oid", SqlTypeName.INTEGER),
      Map.entry("xid", SqlTypeName.INTEGER), Map.entry("cid", SqlTypeName.INTEGER),
      Map.entry("int8", SqlTypeName.BIGINT), Map.entry("bigint", SqlTypeName.BIGINT),
      Map.entry("float4", SqlTypeName.REAL), Map.entry("real", SqlTypeName.REAL),
      Map.entry("float8", SqlTypeName.DOUBLE), Map.entry("float", SqlTypeName.DOUBLE),
      Map.entry("numeric", SqlTypeName.DECIMAL), Map.entry("decimal", SqlTypeName.DECIMAL),
      Map.entry("bool", SqlTypeName.BOOLEAN), Map.entry("boolean", SqlTypeName.BOOLEAN),
      Map.entry("text", SqlTypeName.VARCHAR), Map.entry("varchar", SqlTypeName.VARCHAR),
      Map.entry("name", SqlTypeName.VARCHAR), Map.entry("bpchar", SqlTypeName.VARCHAR),
      Map.entry("char", SqlTypeName.VARCHAR), Map.entry("character", SqlTypeName.VARCHAR),
      Map.entry("citext", SqlTypeName.VARCHAR), Map.entry("json", SqlTypeName.VARCHAR),
      Map.entry("jsonb", SqlTypeName.VARCHAR), Map.entry("uuid", SqlTypeName.VARCHAR),
      Map.entry("xml", SqlTypeName.VARCHAR), Map.entry("inet", SqlTypeName.VARCHAR),
      Map.entry("pg_node_tree", SqlTypeName.VARCHAR), Map.entry("unknown", SqlTypeName.VARCHAR),
      Map.entry("timestamp", SqlTypeName.TIMESTAMP), Map.entry("timestamptz", SqlTypeName.TIMESTAMP),
      Map.entry("date", SqlTypeName.DATE), Map.entry("time", SqlTypeName.TIME),
      Map.entry("timetz", SqlTypeName.TIME), Map.entry("bytea", SqlTypeName.VARBINARY));

  private TypeNames() {
  }

  /** The SQL type of a PostgreSQL type name (unqualified, any case), or null. */
  static SqlTypeName of(String name) {
    return TYPES.get(name.toLowerCase(Locale.ROOT));
  }
}
