package org.stripesql.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.stripesql.adapter.StripeTable;
import org.stripesql.catalog.ApiColumn;

/**
 * Puts the catalog's column descriptions ({@link ApiColumn#remarks()}, set when the catalog was generated
 * from an {@code OpenApiSpec} operand) into the REMARKS of a {@code DatabaseMetaData.getColumns} result.
 * Reads only the schema objects of the Calcite connection: never calls Stripe.
 */
final class ColumnRemarks {
  private ColumnRemarks() {}

  static Meta.MetaResultSet fill(Meta.MetaResultSet rs, Connection connection) throws SQLException {
    if (rs.signature == null || rs.firstFrame == null || !connection.isWrapperFor(CalciteConnection.class)) {
      return rs;
    }
    int schem = index(rs.signature, "TABLE_SCHEM");
    int table = index(rs.signature, "TABLE_NAME");
    int column = index(rs.signature, "COLUMN_NAME");
    int remarks = index(rs.signature, "REMARKS");
    if (schem < 0 || table < 0 || column < 0 || remarks < 0) {
      return rs;
    }
    SchemaPlus root = connection.unwrap(CalciteConnection.class).getRootSchema();
    List<Object> rows = new ArrayList<>();
    boolean changed = false;
    for (Object row : rs.firstFrame.rows) {
      if (row instanceof Object[] values && values[remarks] == null) {
        String text = remarks(root, (String) values[schem], (String) values[table], (String) values[column]);
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

  private static String remarks(SchemaPlus root, String schemaName, String tableName, String columnName) {
    if (schemaName == null || tableName == null || columnName == null) {
      return null;
    }
    SchemaPlus schema = root.subSchemas().get(schemaName);
    if (schema == null) {
      return null;
    }
    org.apache.calcite.schema.Table t = schema.tables().get(tableName);
    if (!(t instanceof StripeTable st)) {
      return null;
    }
    return st.definition().column(columnName).map(ApiColumn::remarks).orElse(null);
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
