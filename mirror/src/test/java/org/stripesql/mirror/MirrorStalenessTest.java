package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.StripeEmulator;

/**
 * A mirror says honestly how fresh it is: when its polls fail (here: the key that loads is revoked, and the
 * account's other key may not read the events) its tables are stale with the reason, never live; a
 * connection's MirrorMaxLagSeconds and MirrorWhenStale decide whether a query over an older copy reads it,
 * reads Stripe or fails with SQLSTATE 55000; EXPLAIN says which way and how old; a cached or prepared plan
 * follows the copy's age too.
 */
class MirrorStalenessTest {
  /** May read customers and its account, not the events: it can read the mirror, never load it. */
  static final String READER = "rk_test_customers_reader_003";
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;
  private MirrorFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new MirrorFixture(StripeEmulator.builder().restrictedKey(READER, "rak_customer_read", "rak_account_read"));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** A connection of the reader key with these connection properties. */
  private Connection reader(Map<String, String> session) throws SQLException {
    Properties p = new Properties();
    p.putAll(session);
    return f.connect(READER, Map.of("Mirror", "customers", "MirrorStore", dir.toString(), "MirrorRefreshSeconds", "0.2",
        "RateLimit", "100000", "EndpointRateLimit", "100000", "RetryBaseMillis", "1"), p);
  }

  @Test
  void aMirrorWhosePollsFailIsStaleWithTheReasonAndEachConnectionDecidesWhatToRead() throws Exception {
    try (Connection loader = f.mirrored("customers", dir);
        Connection dashboard = reader(Map.of("MirrorMaxLagSeconds", "3600"));
        Connection strict = reader(Map.of("MirrorMaxLagSeconds", "0.5", "MirrorWhenStale", "error"));
        Connection fallback = reader(Map.of("MirrorMaxLagSeconds", "0.5"));
        Connection live = f.liveWithKey(READER)) {
      MirrorFixture.awaitLive(loader, WAIT);
      MirrorEvents.get().await("the reader shown the table", WAIT,
          () -> MirrorFixture.rows(strict, "SELECT read_from FROM mirror_status").equals(List.of(List.of("mirror"))));
      String cached = "SELECT COUNT(*) FROM customers";
      long before = (Long) MirrorFixture.rows(fallback, cached).get(0).get(0);

      f.emulator.revokeKey(MirrorFixture.KEY);
      Writes.post(f.emulator, "/v1/customers", "name=Not+In+The+Mirror");
      MirrorFixture.awaitState(dashboard, "customers", "stale", WAIT);
      String reason = MirrorFixture.states(dashboard).get("customers");
      assertTrue(reason.contains("HTTP 401") || reason.contains("no key of this gateway may load"), reason);
      MirrorEvents.get().await("the copy older than half a second", WAIT, () -> {
        Object lag = MirrorFixture.rows(strict, "SELECT lag_seconds FROM mirror_status").get(0).get(0);
        return lag != null && (Double) lag > 0.5;
      });

      SQLException e = assertThrows(SQLException.class, () -> MirrorFixture.rows(strict, cached));
      assertEquals("55000", sqlState(e), MirrorAccessTest.causes(e));
      assertTrue(MirrorAccessTest.causes(e).contains("table customers"), MirrorAccessTest.causes(e));
      assertEquals(List.of(List.of("error")), MirrorFixture.rows(strict, "SELECT read_from FROM mirror_status"));

      String livePlan = MirrorAccessTest.plan(fallback, cached);
      assertTrue(livePlan.contains("StripeTableScan") && livePlan.contains("mirror=[live: its copy is"), livePlan);
      assertEquals(before + 1, MirrorFixture.rows(fallback, cached).get(0).get(0), "the cached plan read Stripe");
      MirrorFixture.assertSameRows(fallback, live, "customers");

      String dashboardPlan = MirrorAccessTest.plan(dashboard, cached);
      assertTrue(dashboardPlan.contains("MirrorRead(mirror=[customers: mirror, ")
          && dashboardPlan.contains("(at most 3600 s)"), dashboardPlan);
      assertEquals(before, MirrorFixture.rows(dashboard, cached).get(0).get(0), "an older copy, as it accepts");
    }
  }

  @Test
  void aStatementPreparedWhileTheCopyWasFreshIsCheckedWhenItRuns() throws Exception {
    try (Connection loader = f.mirrored("customers", dir);
        Connection strict = reader(Map.of("MirrorMaxLagSeconds", "0.5"))) {
      MirrorFixture.awaitLive(loader, WAIT);
      MirrorEvents.get().await("the reader shown the table", WAIT,
          () -> MirrorFixture.rows(strict, "SELECT read_from FROM mirror_status").equals(List.of(List.of("mirror"))));
      try (PreparedStatement ps = strict.prepareStatement("SELECT COUNT(*) FROM customers WHERE name <> ?")) {
        ps.setString(1, "nobody");
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
        }
        f.emulator.revokeKey(MirrorFixture.KEY);
        MirrorEvents.get().await("the copy older than half a second", WAIT, () -> {
          Object lag = MirrorFixture.rows(strict, "SELECT lag_seconds FROM mirror_status").get(0).get(0);
          return lag != null && (Double) lag > 0.5;
        });
        SQLException e = assertThrows(SQLException.class, ps::executeQuery);
        assertEquals("55000", sqlState(e), MirrorAccessTest.causes(e));
        assertTrue(MirrorAccessTest.causes(e).contains("prepare the statement again"), MirrorAccessTest.causes(e));
      }
      try (PreparedStatement again = strict.prepareStatement("SELECT COUNT(*) FROM customers WHERE name <> ?")) {
        again.setString(1, "nobody");
        try (ResultSet rs = again.executeQuery()) {
          assertTrue(rs.next(), "prepared again, it reads Stripe");
        }
      }
    }
  }

  @Test
  void theLeadersFailingPollsMakeItsTablesStaleAndASuccessfulOneLiveAgain() throws Exception {
    try (Connection m = f.mirrored("customers", dir.toString(), Map.of("MaxRetries", "0"))) {
      MirrorFixture.awaitLive(m, WAIT);
      f.emulator.faults().serverErrors(1.0);
      MirrorFixture.awaitState(m, "customers", "stale", WAIT);
      assertTrue(MirrorFixture.states(m).get("customers").contains("HTTP 500"), MirrorFixture.states(m).toString());
      f.emulator.faults().reset();
      MirrorFixture.awaitLive(m, WAIT);
    }
  }

  /** The SQLSTATE the adapter gave the failure (the first in its causes). */
  static String sqlState(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String s = StripeAdapter.sqlState(c);
      if (s != null) {
        return s;
      }
    }
    return t instanceof SQLException q ? q.getSQLState() : null;
  }
}
