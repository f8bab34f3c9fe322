package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.RequestLog;

/**
 * A PostgreSQL store that restarts under two running gateways: while it is down the tables say stale (the
 * store unreachable) and queries read Stripe; once it is back the gateways reconnect, one takes the lock
 * again and catches up from the stored cursor within two polls, by itself. A PostgreSQL server of the
 * test's own ({@link PrivatePostgres}); skipped where PostgreSQL is not installed.
 */
class PostgresRestartTest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void aStoreThatRestartsIsWrittenAgainWithinTwoPollsAfterItIsBack() throws Exception {
    Path bin = PrivatePostgres.binaries().orElse(null);
    Assumptions.assumeTrue(bin != null, "skipped: no PostgreSQL installed (or not root or postgres)");
    try (PrivatePostgres pg = PrivatePostgres.start(bin); MirrorFixture f = new MirrorFixture(1)) {
      Map<String, String> refresh = Map.of("MirrorRefreshSeconds", "0.5");
      try (Connection a = f.mirrored("customers", pg.url(), refresh);
          Connection b = f.mirroredWithKey("sk_test_the_other_gateway_5151", "customers",
              SharedPostgresMirrorTest.otherGateway(pg.url()), refresh);
          Connection live = f.live()) {
        MirrorFixture.awaitLive(a, WAIT);
        MirrorFixture.awaitLive(b, WAIT);

        pg.stopServer();
        MirrorFixture.awaitState(a, "customers", "stale (the store is unreachable", WAIT);
        MirrorFixture.awaitState(b, "customers", "stale (the store is unreachable", WAIT);
        String id = Writes.post(f.emulator, "/v1/customers", "name=Written+While+Down").path("id").asText();
        MirrorFixture.assertSameRows(a, live, "customers");   // read live meanwhile

        RequestLog log = f.emulator.requestLog();
        pg.startServer();
        int back = log.size();
        String sql = "SELECT name FROM customers WHERE id = '" + id + "'";
        int[] seen = new int[1];
        MirrorFixture.awaitPasses("the customer written while the store was down, read from the store", WAIT, () -> {
          seen[0] = log.size();
          assertTrue(MirrorAccessTest.plan(a, sql).contains("JdbcTableScan"), "from the store");
          assertEquals(List.of(List.of("Written While Down")), MirrorFixture.rows(a, sql));
          assertEquals(List.of(List.of("Written While Down")), MirrorFixture.rows(b, sql));
        });
        long polls = log.requests().subList(back, seen[0]).stream()
            .filter(r -> r.path().equals("/v1/events") && r.query().containsKey("ending_before")).count();
        // the first poll after the store is back may have read before the reconnect: one more
        assertTrue(polls <= 3, "caught up within two polls of the store coming back: " + polls);
        MirrorFixture.awaitLive(a, WAIT);
        MirrorFixture.awaitLive(b, WAIT);
        List<Object> leaders = new ArrayList<>();
        leaders.add(MirrorFixture.rows(a, "SELECT leader FROM mirror_status").get(0).get(0));
        leaders.add(MirrorFixture.rows(b, "SELECT leader FROM mirror_status").get(0).get(0));
        assertEquals(1, leaders.stream().filter(Boolean.TRUE::equals).count(), "one leader again: " + leaders);
        MirrorFixture.assertSameRows(a, live, "customers");
      } finally {
        StripeAdapter.closeMirrors();
      }
    }
  }
}
