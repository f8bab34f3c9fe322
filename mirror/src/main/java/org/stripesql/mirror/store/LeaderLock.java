package org.stripesql.mirror.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Who loads and polls a shared mirror: the gateway holding PostgreSQL's session-level advisory lock of
 * the mirror's schema ({@code pg_try_advisory_lock}) on a connection of its own. The lock goes with the
 * session, so when the leader dies another gateway's next try takes over. A DuckDB store always leads.
 */
public final class LeaderLock implements AutoCloseable {
  private final String url;
  private final long key;
  private Connection session;

  private LeaderLock(String url, long key) {
    this.url = url;
    this.key = key;
  }

  /** The lock of a store: a real one for PostgreSQL, one that is always held for DuckDB. */
  public static LeaderLock of(Store store, String url) {
    return new LeaderLock(store.kind() == StoreKind.POSTGRESQL ? url : null, keyOf(store.schema()));
  }

  /** Whether this process leads: takes the lock when free, keeps it once held. */
  public synchronized boolean tryLead() {
    if (url == null) {
      return true;
    }
    try {
      if (session != null && session.isValid(2)) {
        return true;   // session-level: held until the session ends
      }
      closeSession();
      Connection c = DriverManager.getConnection(url);
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        ps.setLong(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getBoolean(1)) {
            session = c;
            return true;
          }
        }
      }
      c.close();
      return false;
    } catch (SQLException e) {
      closeSession();
      return false;
    }
  }

  @Override
  public synchronized void close() {
    closeSession();
  }

  private void closeSession() {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        // the lock goes with the session
      }
      session = null;
    }
  }

  private static long keyOf(String schema) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(("stripesql-mirror:" + schema)
          .getBytes(StandardCharsets.UTF_8));
      long k = 0;
      for (int i = 0; i < 8; i++) {
        k = (k << 8) | (d[i] & 0xff);
      }
      return k;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
