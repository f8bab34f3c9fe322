package org.stripesql.pgwire.session;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.stripesql.pgwire.catalog.CatalogSnapshot;
import org.stripesql.pgwire.types.PgType;

/**
 * The PostgreSQL type of a result column: the JDBC type Calcite reports, made exact by the column's
 * origin when it is a column of a known relation ({@code relname} is a name, {@code metadata} json),
 * as long as both are the same SQL type to Calcite.
 */
final class ResultTyping implements QueryPlan.ColumnTypes {
  private final Supplier<CatalogSnapshot> catalog;

  ResultTyping(Supplier<CatalogSnapshot> catalog) {
    this.catalog = catalog;
  }

  @Override
  public ResultColumn column(ResultSetMetaData md, int i) throws SQLException {
    int jdbc = md.getColumnType(i);
    PgType base = PgType.ofJdbc(jdbc, md.getColumnTypeName(i));
    int typmod = -1;
    if (base == PgType.NUMERIC && md.getPrecision(i) > 0) {
      typmod = ((md.getPrecision(i) << 16) | Math.max(0, md.getScale(i))) + 4;
    }
    String typeName = md.getColumnTypeName(i);
    if (base == PgType.INTERVAL && typeName != null && (typeName.contains("YEAR") || typeName.contains("MONTH"))) {
      typmod = ResultColumn.YEAR_TO_MONTH;
    }
    String table = md.getTableName(i);
    String column = md.getColumnName(i);
    if (table != null && !table.isEmpty() && column != null) {
      String schema = md.getSchemaName(i);
      String qualified = schema == null || schema.isEmpty() ? "\"" + table + "\""
          : "\"" + schema + "\".\"" + table + "\"";
      for (CatalogSnapshot.Relation r : catalog.get().resolve(qualified).stream().toList()) {
        for (CatalogSnapshot.Attribute a : r.attributes()) {
          if (a.name().equals(column) && a.type().sameSqlType(base)) {
            return new ResultColumn(md.getColumnLabel(i), a.type(), a.typmod() != -1 ? a.typmod() : typmod, jdbc);
          }
        }
      }
    }
    return new ResultColumn(md.getColumnLabel(i), base, typmod, jdbc);
  }
}
