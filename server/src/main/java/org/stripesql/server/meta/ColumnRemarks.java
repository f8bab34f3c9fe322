package org.stripesql.server.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.catalog.ApiColumn;

/**
 * Puts the catalog's column descriptions ({@link ApiColumn#remarks()}: the committed descriptions, or an
 * {@code OpenApiSpec} operand's) into the REMARKS of a {@code DatabaseMetaData.getColumns} result.
 * Reads only the schema objects of the Calcite connection: never calls Stripe.
 */
final class ColumnRemarks {
  private ColumnRemarks() {}

  static Meta.MetaResultSet fill(Meta.MetaResultSet rs, Connection connection) throws SQLException {
    if (rs.signature == null || rs.firstFrame == null) {
      return rs;
    }
    int schem = index(rs.signature, "TABLE_SCHEM");
    int table = index(rs.signature, "TABLE_NAME");
    int column = index(rs.signature, "COLUMN_NAME");
    int remarks = index(rs.signature, "REMARKS");
    if (schem < 0 || table < 0 || column < 0 || remarks < 0) {
      return rs;
    }
    List<Object> rows = new ArrayList<>();
    boolean changed = false;
    for (Object row : rs.firstFrame.rows) {
      if (row instanceof Object[] values && values[remarks] == null) {
        String text = remarks(connection, (String) values[schem], (String) values[table], (String) values[column]);
        if (text != null) {
          Object[] copy = values.clone();
          copy[remarks] = text;
          rows.add(copy);
          changed = true;
          continue;
        }
      }
      rows.add(row);
    }
    if (!changed) {
      return rs;
    }
    Meta.Frame frame = new Meta.Frame(rs.firstFrame.offset, rs.firstFrame.done, rows);
    return Meta.MetaResultSet.create(rs.connectionId, rs.statementId, rs.ownStatement, rs.signature, frame,
        rs.updateCount);
  }

  private static String remarks(Connection connection, String schemaName, String tableName, String columnName)
      throws SQLException {
    if (columnName == null) {
      return null;
    }
    return StripeAdapter.table(connection, schemaName, tableName)
        .flatMap(t -> t.column(columnName)).map(ApiColumn::remarks).orElse(null);
  }

  private static int index(Meta.Signature signature, String name) {
    List<ColumnMetaData> columns = signature.columns;
    for (int i = 0; i < columns.size(); i++) {
      if (name.equalsIgnoreCase(columns.get(i).columnName) || name.equalsIgnoreCase(columns.get(i).label)) {
        return i;
      }
    }
    return -1;
  }
}
