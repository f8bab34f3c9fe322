package org.stripesql.server.meta;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.stripesql.adapter.StripeAdapter;

/**
 * Answers the {@link MetadataCall}s: the rows from the connection's Stripe catalogs (keys) or from
 * Calcite (functions), the columns as Calcite lays them out for the same call. Never calls Stripe.
 */
final class MetadataAnswers {
  private MetadataAnswers() {}

  /** Calcite's own answer to the call (keys: none), for its columns; the caller closes it. */
  static ResultSet shape(Connection connection, MetadataCall call) throws SQLException {
    DatabaseMetaData md = connection.getMetaData();
    return switch (call.call()) {
      case MetadataCall.PRIMARY_KEYS -> md.getPrimaryKeys(call.text(0), call.text(1), call.text(2));
      case MetadataCall.IMPORTED_KEYS -> md.getImportedKeys(call.text(0), call.text(1), call.text(2));
      case MetadataCall.EXPORTED_KEYS -> md.getExportedKeys(call.text(0), call.text(1), call.text(2));
      case MetadataCall.CROSS_REFERENCE -> md.getCrossReference(call.text(0), call.text(1), call.text(2),
          call.text(3), call.text(4), call.text(5));
      case MetadataCall.INDEX_INFO -> md.getIndexInfo(call.text(0), call.text(1), call.text(2), call.flag(3),
          call.flag(4));
      case MetadataCall.FUNCTIONS -> md.getFunctions(call.text(0), call.text(1), call.text(2));
      default -> throw new IllegalArgumentException("no metadata call " + call.call());
    };
  }

  /** The gateway's rows for the call, in the columns of {@link #shape}. */
  static List<Object[]> rows(Connection connection, MetadataCall call) throws SQLException {
    return switch (call.call()) {
      case MetadataCall.PRIMARY_KEYS -> keys(connection).primaryKeys(call.text(0), call.text(1), call.text(2));
      case MetadataCall.IMPORTED_KEYS -> keys(connection).importedKeys(call.text(0), call.text(1), call.text(2));
      case MetadataCall.EXPORTED_KEYS -> keys(connection).exportedKeys(call.text(0), call.text(1), call.text(2));
      case MetadataCall.CROSS_REFERENCE -> keys(connection).crossReference(call.text(0), call.text(1),
          call.text(2), call.text(3), call.text(4), call.text(5));
      case MetadataCall.INDEX_INFO -> List.of();
      case MetadataCall.FUNCTIONS -> FunctionMetadata.rows(connection, call.text(0), call.text(1), call.text(2));
      default -> throw new IllegalArgumentException("no metadata call " + call.call());
    };
  }

  /**
   * The columns with JDBC's names: Avatica derives them from field names and spells the foreign key
   * results' DEFERRABILITY with one R.
   */
  static Meta.Signature jdbcNames(Meta.Signature s) {
    List<ColumnMetaData> columns = new ArrayList<>();
    for (ColumnMetaData c : s.columns) {
      columns.add("DEFERABILITY".equals(c.label) ? renamed(c, "DEFERRABILITY") : c);
    }
    return new Meta.Signature(columns, s.sql, s.parameters, s.internalParameters, s.cursorFactory, s.statementType);
  }

  private static ColumnMetaData renamed(ColumnMetaData c, String name) {
    return new ColumnMetaData(c.ordinal, c.autoIncrement, c.caseSensitive, c.searchable, c.currency, c.nullable,
        c.signed, c.displaySize, name, name, c.schemaName, c.precision, c.scale, c.tableName, c.catalogName, c.type,
        c.readOnly, c.writable, c.definitelyWritable, c.columnClassName);
  }

  private static KeyMetadata keys(Connection connection) throws SQLException {
    return new KeyMetadata(StripeAdapter.tables(connection));
  }
}
