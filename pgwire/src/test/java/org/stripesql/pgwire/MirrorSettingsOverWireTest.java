package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.RequestLog;

/**
 * The mirror's freshness settings as PostgreSQL settings: SET and SHOW, the startup packet's options
 * (pgJDBC's {@code options}, libpq's PGOPTIONS), a bad value refused with 22023; and a server-prepared
 * statement that read the store, run again after its connection stopped accepting the copy, is prepared
 * again by the endpoint and reads Stripe.
 */
class MirrorSettingsOverWireTest {
  @TempDir
  static Path dir;
  private static PgFixture pg;
  private static long published;

  @BeforeAll
  static void start() throws Exception {
    StripeAdapter.listenMirrors(s -> {
      synchronized (MirrorSettingsOverWireTest.class) {
        published++;
        MirrorSettingsOverWireTest.class.notifyAll();
      }
    });
    pg = PgFixture.start(Map.of("Mirror", "customers", "MirrorStore", dir.toString(), "MirrorRefreshSeconds", "0.2"));
    try (Connection c = pg.connect()) {
      awaitReadFrom(c, "mirror");
    }
  }

  @AfterAll
  static void stop() {
    StripeAdapter.closeMirrors();
    pg.close();
  }

  @Test
  void setAndShowChooseHowOldACopyThisSessionAccepts() throws Exception {
    try (Connection c = pg.connect(); Statement s = c.createStatement()) {
      assertEquals("default", one(s, "SHOW stripesql.mirror_max_lag_seconds"));
      assertEquals("live", one(s, "SHOW stripesql.mirror_when_stale"));
      assertEquals("mirror", one(s, "SELECT read_from FROM mirror_status"));
      s.execute("SET stripesql.mirror_max_lag_seconds = 0");
      assertEquals("0.0", one(s, "SHOW stripesql.mirror_max_lag_seconds"));
      assertEquals("live", one(s, "SELECT read_from FROM mirror_status"));
      s.execute("SET stripesql.mirror_when_stale = 'error'");
      assertEquals("error", one(s, "SELECT read_from FROM mirror_status"));
      SQLException e = assertThrows(SQLException.class, () -> one(s, "SELECT COUNT(*) FROM customers"));
      assertEquals("55000", e.getSQLState(), e.getMessage());
      s.execute("RESET stripesql.mirror_max_lag_seconds");
      s.execute("RESET stripesql.mirror_when_stale");
      assertEquals("mirror", one(s, "SELECT read_from FROM mirror_status"));
      SQLException bad = assertThrows(SQLException.class, () -> s.execute("SET stripesql.mirror_when_stale = 'sometimes'"));
      assertEquals("22023", bad.getSQLState(), bad.getMessage());
    }
  }

  @Test
  void theStartupPacketsOptionsSetThemForTheSession() throws Exception {
    Properties p = new Properties();
    p.setProperty("options", "-c stripesql.mirror_max_lag_seconds=0");
    try (Connection c = pg.connect(p); Statement s = c.createStatement()) {
      assertEquals("live", one(s, "SELECT read_from FROM mirror_status"));
      assertEquals("0.0", one(s, "SHOW stripesql.mirror_max_lag_seconds"));
    }
  }

  @Test
  void aPreparedStatementThatReadTheStoreIsPreparedAgainWhenTheSessionNoLongerAcceptsTheCopy() throws Exception {
    Properties p = new Properties();
    p.setProperty("prepareThreshold", "1");   // a named statement on the server from the first execution
    RequestLog log = pg.emulator.requestLog();
    try (Connection c = pg.connect(p); Statement s = c.createStatement();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM customers WHERE name <> ?")) {
      ps.setString(1, "nobody");
      long fromStore = count(ps);
      int before = log.size();
      s.execute("SET stripesql.mirror_max_lag_seconds = 0");
      assertEquals(fromStore, count(ps), "the same answer, read from Stripe");
      assertTrue(log.requests().subList(before, log.size()).stream().anyMatch(r -> r.path().equals("/v1/customers")),
          "read live");
    }
  }

  private static long count(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String one(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String oneOrNull(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Waits, on the mirror's own status events, until the session reads customers from {@code where}. */
  private static void awaitReadFrom(Connection c, String where) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    try (Statement s = c.createStatement()) {
      while (true) {
        long seen;
        synchronized (MirrorSettingsOverWireTest.class) {
          seen = published;
        }
        // no row yet while the mirror starts: its first status event comes after
        if (where.equals(oneOrNull(s, "SELECT read_from FROM mirror_status"))) {
          return;
        }
        synchronized (MirrorSettingsOverWireTest.class) {
          while (published == seen) {
            long left = end - System.nanoTime();
            if (left <= 0) {
              fail("customers never read from " + where);
            }
            MirrorSettingsOverWireTest.class.wait(Math.max(1, left / 1_000_000));
          }
        }
      }
    }
  }
}
