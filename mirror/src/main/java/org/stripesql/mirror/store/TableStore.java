package org.stripesql.mirror.store;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;

/**
 * One catalog table in the store: its columns (those of the catalog, plus {@code _mirror_version}, the
 * {@code created} of the event whose snapshot a row holds, 0 for a row read by a scan), and the SQL that
 * creates, fills and changes it. Rows arrive as the adapter's RowConverter makes them.
 */
public final class TableStore {
  public static final String VERSION = "_mirror_version";
  private static final String SHADOW = "__load";
  private static final int BULK_ROWS = 20;

  private final Store store;
  private final ApiTable table;
  private final int idIndex;
  private final int parentIndex;

  public TableStore(Store store, ApiTable table) {
    this.store = store;
    this.table = table;
    this.idIndex = table.columnIndex("id");
    this.parentIndex = table.parent() == null ? -1 : table.columnIndex(table.parent().column());
  }

  public ApiTable definition() {
    return table;
  }

  public String name() {
    return table.name();
  }

  /** The name of the table a load fills before it replaces the live one. */
  public String shadow() {
    return table.name() + SHADOW;
  }

  /** Index of {@code id} among the columns, or -1. */
  public int idIndex() {
    return idIndex;
  }

  /** Index of the parent id column of a child table, or -1. */
  public int parentIndex() {
    return parentIndex;
  }

  /**
   * A digest of the columns (names, types, paths) and of the store's column types: a newer catalog or store
   * version that changes them gives another, and the table is rebuilt.
   */
  public String fingerprint() {
    StringBuilder b = new StringBuilder();
    for (ApiColumn c : table.columns()) {
      b.append(c.name()).append(':').append(c.type()).append(':').append(String.join(".", c.path())).append(';');
    }
    b.append(store.kind().typesRevision());
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(b.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates {@code physical} (this table or its shadow) empty, dropping what was there. */
  public void recreate(Connection c, String physical) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + store.table(physical));
      StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(store.table(physical)).append(" (");
      for (ApiColumn col : table.columns()) {
        ddl.append(Store.quote(col.name())).append(' ').append(store.kind().sqlType(col.type())).append(", ");
      }
      ddl.append(Store.quote(VERSION)).append(" BIGINT NOT NULL)");
      st.execute(ddl.toString());
      if (idIndex >= 0 && store.kind() == StoreKind.POSTGRESQL) {
        // DuckDB finds ids fast enough without one, and an index would stop it renaming the table
        st.execute("CREATE INDEX " + Store.quote(physical + "_id_" + Long.toHexString(System.nanoTime()))
            + " ON " + store.table(physical) + " (" + Store.quote("id") + ")");
      }
    }
  }

  /** Creates the table when it does not exist yet. */
  public void createIfMissing(Connection c) throws SQLException {
    if (!exists(c, name())) {
      recreate(c, name());
    }
  }

  /** Whether {@code physical} exists in the store's schema. */
  public boolean exists(Connection c, String physical) throws SQLException {
    try (var rs = c.getMetaData().getTables(null, store.schema(), physical, null)) {
      return rs.next();
    }
  }

  /** Replaces the live table by its loaded shadow. */
  public void swapInShadow(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + store.table(name()));
      st.execute("ALTER TABLE " + store.table(shadow()) + " RENAME TO " + Store.quote(name()));
    }
  }

  /** Inserts rows (values in column order) with their version: many through the bulk loader, few one by one. */
  public void insert(Connection c, String physical, Collection<Object[]> rows, long version) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    if (rows.size() >= BULK_ROWS) {
      store.bulkInsert(c, physical, w -> CsvRows.write(w, table.columns(), rows, version));
      return;
    }
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(store.table(physical)).append(" VALUES (");
    for (int i = 0; i <= table.columns().size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    sql.append(')');
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (Object[] row : rows) {
        bind(ps, row, version);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Deletes the rows with these ids. */
  public void deleteIds(Connection c, String physical, Collection<String> ids) throws SQLException {
    deleteWhere(c, physical, "id", ids);
  }

  /** Deletes the rows of these parents (a child table). */
  public void deleteParents(Connection c, String physical, Collection<String> parentIds) throws SQLException {
    deleteWhere(c, physical, table.parent().column(), parentIds);
  }

  /** Deletes the rows whose {@code column} is {@code value}. */
  public void deleteWhere(Connection c, String physical, String column, Collection<String> values)
      throws SQLException {
    if (values.isEmpty()) {
      return;
    }
    List<String> list = new ArrayList<>(values);
    for (int from = 0; from < list.size(); from += 500) {
      List<String> part = list.subList(from, Math.min(list.size(), from + 500));
      String marks = String.join(", ", part.stream().map(x -> "?").toList());
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + store.table(physical) + " WHERE "
          + Store.quote(column) + " IN (" + marks + ")")) {
        for (int i = 0; i < part.size(); i++) {
          ps.setString(i + 1, part.get(i));
        }
        ps.executeUpdate();
      }
    }
  }

  /** The {@code _mirror_version} of the rows with these ids that {@code physical} holds, by id. */
  public Map<String, Long> versions(Connection c, String physical, List<String> ids) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
      String marks = String.join(", ", part.stream().map(x -> "?").toList());
      try (PreparedStatement ps = c.prepareStatement("SELECT " + Store.quote("id") + ", " + Store.quote(VERSION)
          + " FROM " + store.table(physical) + " WHERE " + Store.quote("id") + " IN (" + marks + ")")) {
        for (int i = 0; i < part.size(); i++) {
          ps.setString(i + 1, part.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
    }
    return out;
  }

  /** The number of rows. */
  public long count(Connection c, String physical) throws SQLException {
    try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM " + store.table(physical))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Every row of {@code physical}, in the representation the adapter's RowConverter gives (TIMESTAMP as ms). */
  public void readAll(Connection c, String physical, Consumer<Object[]> sink) throws SQLException {
    List<ApiColumn> cols = table.columns();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < cols.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(Store.quote(cols.get(i).name()));
    }
    sql.append(" FROM ").append(store.table(physical));
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
      while (rs.next()) {
        Object[] row = new Object[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
          int p = i + 1;
          row[i] = switch (cols.get(i).type()) {
            case VARCHAR, JSON -> rs.getString(p);
            case BIGINT -> rs.getObject(p) == null ? null : rs.getLong(p);
            case BOOLEAN -> rs.getObject(p) == null ? null : rs.getBoolean(p);
            case DOUBLE -> rs.getObject(p) == null ? null : rs.getDouble(p);
            case DECIMAL -> rs.getBigDecimal(p);
            case TIMESTAMP -> {
              LocalDateTime t = rs.getObject(p, LocalDateTime.class);
              yield t == null ? null : t.toEpochSecond(ZoneOffset.UTC) * 1000L;
            }
          };
        }
        sink.accept(row);
      }
    }
  }

  private void bind(PreparedStatement ps, Object[] row, long version) throws SQLException {
    List<ApiColumn> cols = table.columns();
    for (int i = 0; i < cols.size(); i++) {
      Object v = row[i];
      int p = i + 1;
      switch (cols.get(i).type()) {
        case VARCHAR, JSON -> ps.setString(p, (String) v);
        case BIGINT -> {
          if (v == null) {
            ps.setNull(p, Types.BIGINT);
          } else {
            ps.setLong(p, (Long) v);
          }
        }
        case BOOLEAN -> {
          if (v == null) {
            ps.setNull(p, Types.BOOLEAN);
          } else {
            ps.setBoolean(p, (Boolean) v);
          }
        }
        case DOUBLE -> {
          if (v == null) {
            ps.setNull(p, Types.DOUBLE);
          } else {
            ps.setDouble(p, (Double) v);
          }
        }
        case DECIMAL -> ps.setBigDecimal(p, (BigDecimal) v);
        case TIMESTAMP -> {
          if (v == null) {
            ps.setNull(p, Types.TIMESTAMP);
          } else {
            long ms = (Long) v;
            ps.setObject(p, LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000), 0, ZoneOffset.UTC));
          }
        }
      }
    }
    ps.setLong(cols.size() + 1, version);
  }
}
