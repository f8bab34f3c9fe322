package org.stripesql.server.meta;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.calcite.avatica.Meta;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.adapter.StripeAdapter.SchemaTable;

/**
 * {@code getTables} in the order JDBC prescribes (TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME; Calcite
 * answers in hash order) with each Stripe table's description as REMARKS, and {@code getTableTypes} as
 * the types {@code getTables} actually returns. Reads the schema objects only: never calls Stripe.
 */
final class TableMetadata {
  private TableMetadata() {}

  static Meta.MetaResultSet tables(Meta.MetaResultSet rs, Connection connection) throws SQLException {
    if (rs.signature == null || rs.firstFrame == null) {
      return rs;
    }
    int schema = MetaRows.index(rs.signature, "TABLE_SCHEM");
    int table = MetaRows.index(rs.signature, "TABLE_NAME");
    int remarks = MetaRows.index(rs.signature, "REMARKS");
    Map<String, String> described = new HashMap<>();
    for (SchemaTable st : StripeAdapter.tables(connection)) {
      described.put(st.schema() + "." + st.table().name(), st.table().remarks());
    }
    List<Object[]> rows = new ArrayList<>();
    for (Object[] row : MetaRows.rows(rs)) {
      Object[] copy = row.clone();
      if (remarks >= 0 && copy[remarks] == null && schema >= 0 && table >= 0) {
        copy[remarks] = described.get(copy[schema] + "." + copy[table]);
      }
      rows.add(copy);
    }
    rows.sort(MetaRows.by(rs.signature, "TABLE_TYPE", "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME"));
    return MetaRows.withRows(rs, rows);
  }

  /** The table types of every table the connection has, ordered: {@code SYSTEM TABLE}, {@code TABLE}, .... */
  static Meta.MetaResultSet tableTypes(Meta.MetaResultSet rs, Connection connection) throws SQLException {
    if (rs.signature == null) {
      return rs;
    }
    TreeSet<String> types = new TreeSet<>();
    try (ResultSet all = connection.getMetaData().getTables(null, null, "%", null)) {
      while (all.next()) {
        types.add(all.getString("TABLE_TYPE"));
      }
    }
    List<Object[]> rows = new ArrayList<>();
    types.forEach(t -> rows.add(new Object[] {t}));
    return MetaRows.withRows(rs, rows);
  }
}
