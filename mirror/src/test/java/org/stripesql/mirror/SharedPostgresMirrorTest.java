package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.RecordedRequest;

/**
 * Two gateways share one mirror in a real PostgreSQL: one loads and polls, both answer the same rows. In
 * this process a gateway is its own store URL (the same database, another ApplicationName), so each has its
 * own mirror, store session and lock, as two processes would. Needs {@code STRIPESQL_TEST_PG_URL}
 * ({@code .ci/run} starts PostgreSQL and sets it); skipped without it.
 */
class SharedPostgresMirrorTest {
  static final String URL = System.getenv("STRIPESQL_TEST_PG_URL");

  @BeforeAll
  static void needsPostgres() throws Exception {
    Assumptions.assumeTrue(URL != null && !URL.isBlank(), "skipped: no PostgreSQL (set STRIPESQL_TEST_PG_URL,"
        + " e.g. jdbc:postgresql://127.0.0.1:5432/stripesql_test?user=stripesql&password=stripesql; .ci/run does)");
    try (Connection c = DriverManager.getConnection(URL); Statement st = c.createStatement()) {
      List<String> old = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'stripe_mirror_%'")) {
        while (rs.next()) {
          old.add(rs.getString(1));
        }
      }
      for (String s : old) {
        st.execute("DROP SCHEMA \"" + s + "\" CASCADE");
      }
    }
  }

  @Test
  void twoGatewaysOnePollerSameRows() throws Exception {
    try (MirrorFixture f = new MirrorFixture(1);
        Connection a = f.mirrored("customers,charges", URL, Map.of());
        Connection b = gateway(f, "sk_test_second_gateway_98765");
        Connection live = f.live()) {
      MirrorFixture.awaitLive(a, Duration.ofSeconds(120));
      MirrorFixture.awaitLive(b, Duration.ofSeconds(120));
      List<Object> leaders = new ArrayList<>();
      leaders.add(MirrorFixture.rows(a, "SELECT leader FROM mirror_status").get(0).get(0));
      leaders.add(MirrorFixture.rows(b, "SELECT leader FROM mirror_status").get(0).get(0));
      assertEquals(1, leaders.stream().filter(Boolean.TRUE::equals).count(), "exactly one leader: " + leaders);
      // a load starts with the list's first page (no cursor, no time slice): one load, one such request
      long firstPages = f.emulator.requestLog().requests().stream()
          .filter(r -> r.method().equals("GET") && r.path().equals("/v1/charges") && !MirrorRecoveryTest.isProbe(r)
              && r.query().keySet().stream().noneMatch(k -> k.equals("starting_after") || k.startsWith("created")))
          .count();
      assertEquals(1, firstPages, "charges were loaded once, not by both");
      for (String t : List.of("customers", "charges")) {
        MirrorFixture.assertSameRows(a, live, t);
        MirrorFixture.assertSameRows(b, live, t);
      }
      String id = Writes.post(f.emulator, "/v1/customers", "name=Shared").path("id").asText();
      String sql = "SELECT name FROM customers WHERE id = '" + id + "'";
      MirrorEvents.get().await("the new customer reaching both gateways", Duration.ofSeconds(20),
          () -> !MirrorFixture.rows(a, sql).isEmpty() && !MirrorFixture.rows(b, sql).isEmpty());
      // one poller: the next polls are all made with one key, the leader's
      List<RecordedRequest> polls = f.emulator.requestLog().await(f.emulator.requestLog().size(),
          r -> r.path().equals("/v1/events") && r.query().containsKey("ending_before"), 10, Duration.ofSeconds(30));
      assertEquals(1, polls.stream().map(RecordedRequest::key).distinct().count(), "one poller: " + polls);
    } finally {
      StripeAdapter.closeMirrors();
    }
  }

  @Test
  void whenTheLeaderStopsAnotherGatewayTakesOver() throws Exception {
    try (MirrorFixture f = new MirrorFixture(1);
        Connection a = f.mirrored("customers", URL, Map.of());
        Connection b = gateway(f, "sk_test_third_gateway_13579", "customers")) {
      MirrorFixture.awaitLive(a, Duration.ofSeconds(120));
      MirrorFixture.awaitLive(b, Duration.ofSeconds(120));
      boolean aLeads = (Boolean) MirrorFixture.rows(a, "SELECT leader FROM mirror_status").get(0).get(0);
      Connection leader = aLeads ? a : b;
      Connection follower = aLeads ? b : a;
      String label = (String) MirrorFixture.rows(leader, "SELECT store FROM mirror_status").get(0).get(0);
      assertTrue(label.contains("PostgreSQL") && !label.contains("password"), label);
      MirrorModule.close(labelOf(leader));   // the leader's process dies: its session, and the lock, go
      String id = Writes.post(f.emulator, "/v1/customers", "name=After+Failover").path("id").asText();
      String sql = "SELECT name FROM customers WHERE id = '" + id + "'";
      MirrorEvents.get().await("the other gateway taking over polling", Duration.ofSeconds(30),
          () -> !MirrorFixture.rows(follower, sql).isEmpty());
      assertEquals(Boolean.TRUE, MirrorFixture.rows(follower, "SELECT leader FROM mirror_status").get(0).get(0));
    } finally {
      StripeAdapter.closeMirrors();
    }
  }

  /** The label of the mirror behind a connection's schema, as mirror_status and the metrics show it. */
  private static String labelOf(Connection c) throws Exception {
    return (String) MirrorFixture.rows(c, "SELECT mirror FROM mirror_status").get(0).get(0);
  }

  private static Connection gateway(MirrorFixture f, String key) throws Exception {
    return gateway(f, key, "customers,charges");
  }

  /** A second gateway: another key, and the store's URL as another process would write it. */
  private static Connection gateway(MirrorFixture f, String key, String tables) throws Exception {
    return f.mirroredWithKey(key, tables, otherGateway(URL), Map.of());
  }

  /** The same database under another URL: a mirror, store session and lock of its own in this process. */
  static String otherGateway(String url) {
    return url + (url.contains("?") ? "&" : "?") + "ApplicationName=stripesql-second-gateway";
  }
}
