package org.stripesql.mirror.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stripesql.adapter.mirror.MirrorState;

/**
 * The mirror's own bookkeeping in the store, so that a restart (or another gateway on the same
 * PostgreSQL) knows where it stands: per table its {@link TableRecord} (state, progress of a load, the
 * events it has seen), the event feed's cursor, and tombstones of deleted objects (so a late event cannot
 * bring one back), and the gateways that could lead a shared mirror with how much of it their keys read.
 */
public final class MetaTables {
  private static final String TABLES = "_mirror_tables";
  private static final String FEED = "_mirror_feed";
  private static final String TOMBSTONES = "_mirror_tombstones";
  private static final String CANDIDATES = "_mirror_candidates";

  private final Store store;

  public MetaTables(Store store) {
    this.store = store;
  }

  /** Creates the bookkeeping tables when missing. */
  public void create(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + store.table(TABLES) + " (table_name VARCHAR(200) PRIMARY KEY,"
          + " fingerprint VARCHAR(64), state VARCHAR(20), reason VARCHAR(2000), row_count BIGINT,"
          + " load_since VARCHAR(255), load_since_created BIGINT, load_resume BIGINT, loaded_rows BIGINT, last_event VARCHAR(255),"
          + " last_event_created BIGINT, complete_at BIGINT, loaded_at BIGINT, verified_at BIGINT,"
          + " drift VARCHAR(2000))");
      st.execute("CREATE TABLE IF NOT EXISTS " + store.table(FEED) + " (id INTEGER PRIMARY KEY,"
          + " anchor VARCHAR(255), newest VARCHAR(255), newest_created BIGINT, polled_at BIGINT)");
      st.execute("CREATE TABLE IF NOT EXISTS " + store.table(TOMBSTONES) + " (table_name VARCHAR(200),"
          + " id VARCHAR(255), version BIGINT, PRIMARY KEY (table_name, id))");
      st.execute("CREATE TABLE IF NOT EXISTS " + store.table(CANDIDATES) + " (candidate VARCHAR(64) PRIMARY KEY,"
          + " readable INTEGER, seen_at BIGINT)");
    }
  }

  /** Every table's record, by name. */
  public Map<String, TableRecord> tables(Connection c) throws SQLException {
    Map<String, TableRecord> out = new LinkedHashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT table_name, fingerprint, state,"
        + " reason, row_count, load_since, load_since_created, load_resume, loaded_rows, last_event, last_event_created, complete_at,"
        + " loaded_at, verified_at, drift FROM " + store.table(TABLES))) {
      while (rs.next()) {
        out.put(rs.getString(1), new TableRecord(rs.getString(1), rs.getString(2), MirrorState.of(rs.getString(3)),
            rs.getString(4),
            rs.getLong(5), rs.getString(6), rs.getLong(7), (Long) rs.getObject(8, Long.class), rs.getLong(9),
            rs.getString(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getString(15)));
      }
    }
    return out;
  }

  /** Writes a table's record (insert or replace). */
  public void put(Connection c, TableRecord r) throws SQLException {
    try (PreparedStatement del = c.prepareStatement("DELETE FROM " + store.table(TABLES) + " WHERE table_name = ?")) {
      del.setString(1, r.table());
      del.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + store.table(TABLES)
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, r.table());
      ps.setString(2, r.fingerprint());
      ps.setString(3, r.state().label());
      ps.setString(4, r.reason());
      ps.setLong(5, r.rows());
      ps.setString(6, r.loadSince());
      ps.setLong(7, r.loadSinceCreated());
      if (r.loadResume() == null) {
        ps.setNull(8, Types.BIGINT);
      } else {
        ps.setLong(8, r.loadResume());
      }
      ps.setLong(9, r.loadedRows());
      ps.setString(10, r.lastEvent());
      ps.setLong(11, r.lastEventCreated());
      ps.setLong(12, r.completeAt());
      ps.setLong(13, r.loadedAt());
      ps.setLong(14, r.verifiedAt());
      ps.setString(15, r.drift());
      ps.executeUpdate();
    }
  }

  /** The event feed's position, or null before the first poll. */
  public Feed feed(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT anchor, newest, newest_created,"
        + " polled_at FROM " + store.table(FEED) + " WHERE id = 1")) {
      return rs.next() ? new Feed(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)) : null;
    }
  }

  public void putFeed(Connection c, Feed f) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM " + store.table(FEED) + " WHERE id = 1");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + store.table(FEED) + " VALUES (1, ?, ?, ?, ?)")) {
      ps.setString(1, f.anchor());
      ps.setString(2, f.newest());
      ps.setLong(3, f.newestCreated());
      ps.setLong(4, f.polledAt());
      ps.executeUpdate();
    }
  }

  /** The versions at which objects of a table were deleted, for these ids. */
  public Map<String, Long> tombstones(Connection c, String table, List<String> ids) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
      String marks = String.join(", ", part.stream().map(x -> "?").toList());
      try (PreparedStatement ps = c.prepareStatement("SELECT id, version FROM " + store.table(TOMBSTONES)
          + " WHERE table_name = ? AND id IN (" + marks + ")")) {
        ps.setString(1, table);
        for (int i = 0; i < part.size(); i++) {
          ps.setString(i + 2, part.get(i));
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

  /** Records deletions; an id deleted again keeps the newer version. */
  public void putTombstones(Connection c, String table, Map<String, Long> versions) throws SQLException {
    if (versions.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(versions.keySet());
    Map<String, Long> old = tombstones(c, table, ids);
    try (PreparedStatement del = c.prepareStatement("DELETE FROM " + store.table(TOMBSTONES)
        + " WHERE table_name = ? AND id = ?");
        PreparedStatement ins = c.prepareStatement("INSERT INTO " + store.table(TOMBSTONES) + " VALUES (?, ?, ?)")) {
      for (Map.Entry<String, Long> e : versions.entrySet()) {
        del.setString(1, table);
        del.setString(2, e.getKey());
        del.executeUpdate();
        ins.setString(1, table);
        ins.setString(2, e.getKey());
        ins.setLong(3, Math.max(e.getValue(), Objects.requireNonNullElse(old.get(e.getKey()), 0L)));
        ins.executeUpdate();
      }
    }
  }

  /** Forgets a table's tombstones (its rows were read again from a scan). */
  public void clearTombstones(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + store.table(TOMBSTONES) + " WHERE table_name = ?")) {
      ps.setString(1, table);
      ps.executeUpdate();
    }
  }

  /**
   * Announces a gateway that could lead the mirror: how many of the mirror's tables its key has been shown
   * to read, now ({@code seenAt}, wall time in ms).
   */
  public void putCandidate(Connection c, String candidate, int readable, long seenAt) throws SQLException {
    try (PreparedStatement del = c.prepareStatement("DELETE FROM " + store.table(CANDIDATES) + " WHERE candidate = ?");
        PreparedStatement ins = c.prepareStatement("INSERT INTO " + store.table(CANDIDATES) + " VALUES (?, ?, ?)")) {
      del.setString(1, candidate);
      del.executeUpdate();
      ins.setString(1, candidate);
      ins.setInt(2, readable);
      ins.setLong(3, seenAt);
      ins.executeUpdate();
    }
  }

  /** The most tables another candidate seen at or after {@code since} reads; 0 when none. */
  public int strongestOther(Connection c, String self, long since) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT MAX(readable) FROM " + store.table(CANDIDATES)
        + " WHERE candidate <> ? AND seen_at >= ?")) {
      ps.setString(1, self);
      ps.setLong(2, since);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** Forgets a candidate (its gateway stops). */
  public void removeCandidate(Connection c, String candidate) throws SQLException {
    try (PreparedStatement del = c.prepareStatement("DELETE FROM " + store.table(CANDIDATES) + " WHERE candidate = ?")) {
      del.setString(1, candidate);
      del.executeUpdate();
    }
  }

  /**
   * Where the event feed stands: {@code anchor} is the event the next poll lists after (ending_before),
   * {@code newest} the newest event applied and its {@code created}, {@code polledAt} the wall time (ms)
   * of the last complete poll.
   */
  public record Feed(String anchor, String newest, long newestCreated, long polledAt) {}
}
