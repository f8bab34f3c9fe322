package org.stripesql.server.meta;

import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stripesql.adapter.StripeAdapter.SchemaTable;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ConnectedCatalog;
import org.stripesql.catalog.ForeignKey;

/**
 * The rows of {@code getPrimaryKeys}, {@code getImportedKeys}, {@code getExportedKeys} and
 * {@code getCrossReference}, from the catalogs' keys, in the order JDBC prescribes. Stripe tables have no
 * catalog: a non-empty catalog argument matches nothing, an empty or null one everything.
 */
final class KeyMetadata {
  private static final short NO_ACTION = (short) DatabaseMetaData.importedKeyNoAction;
  private static final short NOT_DEFERRABLE = (short) DatabaseMetaData.importedKeyNotDeferrable;

  private final List<SchemaTable> tables;
  private final Map<String, ApiTable> byName = new HashMap<>();

  KeyMetadata(List<SchemaTable> tables) {
    this.tables = tables;
    tables.forEach(t -> byName.put(t.schema() + "." + t.table().name(), t.table()));
  }

  /** The name of a table's primary key. */
  static String primaryKeyName(String table) {
    return table + "_pkey";
  }

  /** The name of the foreign key of a column. */
  static String foreignKeyName(String table, String column) {
    return table + "_" + column + "_fkey";
  }

  /** Rows of {@code getPrimaryKeys}: TABLE_CAT ... PK_NAME, ordered by COLUMN_NAME. */
  List<Object[]> primaryKeys(String catalog, String schema, String table) {
    List<Object[]> rows = new ArrayList<>();
    for (SchemaTable st : matching(catalog, schema, table)) {
      List<String> key = st.table().primaryKey();
      for (int i = 0; i < key.size(); i++) {
        rows.add(new Object[] {null, st.schema(), st.table().name(), key.get(i), (short) (i + 1),
            primaryKeyName(st.table().name())});
      }
    }
    rows.sort(Comparator.comparing((Object[] r) -> (String) r[3]).thenComparing(r -> (String) r[1])
        .thenComparing(r -> (String) r[2]));
    return rows;
  }

  /** Rows of {@code getImportedKeys}: the foreign keys of the table, ordered by the referenced table. */
  List<Object[]> importedKeys(String catalog, String schema, String table) {
    List<KeyRow> rows = new ArrayList<>();
    for (SchemaTable st : matching(catalog, schema, table)) {
      for (ForeignKey fk : st.table().foreignKeys()) {
        rows.addAll(rows(st, fk));
      }
    }
    rows.sort(Comparator.comparing(KeyRow::referencedSchema).thenComparing(KeyRow::referencedTable)
        .thenComparingInt(KeyRow::position));
    return values(rows);
  }

  /** Rows of {@code getExportedKeys}: the foreign keys that reference the table, ordered by referencing table. */
  List<Object[]> exportedKeys(String catalog, String schema, String table) {
    return crossReference(catalog, schema, table, null, null, null);
  }

  /** Rows of {@code getCrossReference}: foreign keys of the foreign table that reference the parent table. */
  List<Object[]> crossReference(String parentCatalog, String parentSchema, String parentTable,
      String foreignCatalog, String foreignSchema, String foreignTable) {
    List<SchemaTable> parents = matching(parentCatalog, parentSchema, parentTable);
    List<KeyRow> rows = new ArrayList<>();
    for (SchemaTable st : matching(foreignCatalog, foreignSchema, foreignTable)) {
      for (ForeignKey fk : st.table().foreignKeys()) {
        boolean referencesParent = parents.stream()
            .anyMatch(p -> p.schema().equals(st.schema()) && p.table().name().equals(fk.table()));
        if (referencesParent) {
          rows.addAll(rows(st, fk));
        }
      }
    }
    rows.sort(Comparator.comparing(KeyRow::schema).thenComparing(KeyRow::table).thenComparingInt(KeyRow::position));
    return values(rows);
  }

  /**
   * A foreign key row in the column order of {@code getImportedKeys}, with what it is ordered by; between
   * keys of one table, column order puts {@code customer} before {@code discount_customer}, within a key
   * KEY_SEQ.
   */
  private record KeyRow(String schema, String table, String referencedSchema, String referencedTable, int position,
      Object[] values) {}

  /**
   * The rows of one foreign key: one column, or in a schema of connected accounts two, the account first
   * ({@code charges(account, customer)} references {@code customers(account, id)}).
   */
  private List<KeyRow> rows(SchemaTable st, ForeignKey fk) {
    ApiTable target = byName.get(st.schema() + "." + fk.table());
    boolean connected = ConnectedCatalog.isConnected(st.table()) && target != null
        && ConnectedCatalog.isConnected(target);
    List<String> targetKey = target == null ? List.of() : target.primaryKey();
    if (connected && !targetKey.isEmpty()) {
      targetKey = targetKey.subList(1, targetKey.size());
    }
    String targetColumn = targetKey.isEmpty() ? "id" : targetKey.get(0);
    List<KeyRow> out = new ArrayList<>();
    int position = st.table().columnIndex(fk.column()) * 2;
    if (connected) {
      out.add(row(st, fk, ConnectedCatalog.ACCOUNT, ConnectedCatalog.ACCOUNT, 1, position));
    }
    out.add(row(st, fk, fk.column(), targetColumn, out.size() + 1, position + 1));
    return out;
  }

  private static KeyRow row(SchemaTable st, ForeignKey fk, String column, String targetColumn, int seq,
      int position) {
    Object[] values = {null, st.schema(), fk.table(), targetColumn,
        null, st.schema(), st.table().name(), column,
        (short) seq, NO_ACTION, NO_ACTION, foreignKeyName(st.table().name(), fk.column()),
        primaryKeyName(fk.table()), NOT_DEFERRABLE};
    return new KeyRow(st.schema(), st.table().name(), st.schema(), fk.table(), position, values);
  }

  private static List<Object[]> values(List<KeyRow> rows) {
    List<Object[]> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(r.values()));
    return out;
  }

  private List<SchemaTable> matching(String catalog, String schema, String table) {
    List<SchemaTable> out = new ArrayList<>();
    if (catalog != null && !catalog.isEmpty()) {
      return out;
    }
    for (SchemaTable st : tables) {
      if ((schema == null || Objects.equals(schema, st.schema()))
          && (table == null || Objects.equals(table, st.table().name()))) {
        out.add(st);
      }
    }
    return out;
  }
}
