package org.stripesql.mirror.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one writer connection, one transaction at a time. A connection that fails (a PostgreSQL
 * that restarts) is dropped and opened again on a later use, no sooner than a backoff that doubles from
 * 100 ms up to a cap (the mirror's refresh interval), so a store that comes back is written again within
 * one refresh. For PostgreSQL the same session holds the leader's advisory lock of the mirror's schema:
 * a session lost is a lock lost, and a write only the leader may make ({@link #transaction} fenced) is
 * refused on a session that does not hold it, so two gateways never both write.
 */
final class WriterSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriterSession.class);
  private static final long FIRST_BACKOFF_NANOS = 100_000_000L;

  /** Opens a connection. */
  @FunctionalInterface
  interface Opener {
    Connection open() throws SQLException;
  }

  private final Opener opener;
  private final String description;
  /** The advisory lock's key for PostgreSQL; null for DuckDB, whose one process always leads. */
  private final Long lockKey;
  private final long maxBackoffNanos;
  private Connection connection;
  private boolean lockHeld;
  private long retryAt;
  private long backoff = FIRST_BACKOFF_NANOS;
  private String problem;
  private boolean closed;

  WriterSession(Opener opener, String description, String lockName, Duration maxBackoff) {
    this.opener = opener;
    this.description = description;
    this.lockKey = lockName == null ? null : keyOf(lockName);
    this.maxBackoffNanos = Math.max(FIRST_BACKOFF_NANOS, maxBackoff.toNanos());
  }

  /** Runs {@code work} in one transaction; {@code fenced}: only while this session holds the leader's lock. */
  synchronized <T> T transaction(SqlWork<T> work, boolean fenced) {
    Connection c = connection();
    if (fenced && lockKey != null && !lockHeld) {
      throw new NotLeaderException("mirror store " + description + ": this gateway does not hold the mirror's lock");
    }
    try {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        if (connection == c) {
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw failure(c, e);
    }
  }

  /**
   * Whether this session holds the leader's lock now: keeps it while the session lives, takes it when free.
   *
   * @throws StoreUnavailableException when the store cannot be reached
   */
  synchronized boolean tryLead() {
    if (lockKey == null) {
      return true;
    }
    Connection c = connection();
    try {
      if (lockHeld) {
        if (c.isValid(5)) {
          return true;
        }
        throw new SQLException("the connection is no longer valid", "08006");
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        ps.setLong(1, lockKey);
        try (ResultSet rs = ps.executeQuery()) {
          lockHeld = rs.next() && rs.getBoolean(1);
        }
      }
      return lockHeld;
    } catch (SQLException e) {
      throw failure(c, e);
    }
  }

  /** Gives the lock away (a stronger key's gateway takes it); the session stays. */
  synchronized void releaseLead() {
    if (lockKey == null || !lockHeld || connection == null) {
      return;
    }
    lockHeld = false;
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      ps.setLong(1, lockKey);
      ps.execute();
    } catch (SQLException e) {
      drop();   // the lock goes with the session
    }
  }

  /** Whether this session holds the lock (DuckDB: always). */
  synchronized boolean leads() {
    return lockKey == null || lockHeld;
  }

  private Connection connection() {
    if (closed) {
      throw new StoreUnavailableException("mirror store " + description + " is closed", null);
    }
    if (connection != null) {
      return connection;
    }
    long now = System.nanoTime();
    if (retryAt != 0 && now - retryAt < 0) {
      throw new StoreUnavailableException("mirror store " + description + " is unreachable: " + problem, null);
    }
    try {
      connection = opener.open();
      lockHeld = false;
      if (problem != null) {
        LOG.info("mirror store {} is reachable again", description);
      }
      problem = null;
      retryAt = 0;
      backoff = FIRST_BACKOFF_NANOS;
      return connection;
    } catch (SQLException e) {
      retryLater(e);
      throw new StoreUnavailableException("mirror store " + description + " is unreachable: " + problem, e);
    }
  }

  private StoreException failure(Connection c, SQLException e) {
    if (!lost(c, e)) {
      return new StoreException("mirror store " + description + ": " + e.getMessage(), e);
    }
    drop();
    retryLater(e);
    return new StoreUnavailableException("mirror store " + description + " is unreachable: " + problem, e);
  }

  /** Whether the connection itself failed (SQLSTATE class 08, an administrator's or crash shutdown, closed). */
  static boolean lost(Connection c, SQLException e) {
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
      return true;
    }
    try {
      return c.isClosed() || !c.isValid(2);
    } catch (SQLException other) {
      return true;
    }
  }

  private void retryLater(SQLException e) {
    if (problem == null) {
      LOG.warn("mirror store {} is unreachable: {}; trying again with backoff", description, e.getMessage());
    }
    problem = String.valueOf(e.getMessage());
    retryAt = System.nanoTime() + backoff;
    backoff = Math.min(maxBackoffNanos, backoff * 2);
  }

  private void drop() {
    Connection c = connection;
    connection = null;
    lockHeld = false;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // it failed already
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection failed: the transaction is gone with it
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    drop();
  }

  /** The advisory lock's key: the first 8 bytes of a digest of the lock's name (the mirror's schema). */
  static long keyOf(String name) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(("stripesql-mirror:" + name)
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
