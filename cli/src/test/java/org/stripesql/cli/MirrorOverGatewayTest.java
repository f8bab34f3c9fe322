package org.stripesql.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * The mirror behind a real gateway, as bin/stripesql runs it (the mirror module found on the class path):
 * mirror_status over the thin driver, EXPLAIN naming the store for mirrored tables and Stripe for the
 * others in one statement, a connection's own freshness bound (a thin-driver URL property), and the
 * mirror's per-table metrics at the metrics address only, never on the anonymous /metrics.
 */
class MirrorOverGatewayTest {
  @TempDir
  Path dir;

  @Test
  void mirroredAndLiveTablesInOneStatementWithMetrics() throws Exception {
    StripeEmulator e = StripeEmulator.builder().build().start();
    try (StripeSqlGateway g = StripeSqlGateway.builder().model(ModelSource.stripe(e.baseUrl(), "sk_test_gw_mirror",
            Map.of("Mirror", "customers,charges", "MirrorStore", dir.toString(), "MirrorRefreshSeconds", "0.2",
                "RateLimit", "100000")))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).metricsAddress("127.0.0.1", 0).build()
        .start();
        Connection c = DriverManager.getConnection(g.jdbcUrl("127.0.0.1"));
        Connection liveOnly = DriverManager.getConnection(g.jdbcUrl("127.0.0.1"), liveOnly())) {
      MirrorLiveListener.awaitLive(c, Duration.ofSeconds(90));
      String plan = String.join("\n", rows(c, "EXPLAIN PLAN FOR SELECT c.email, COUNT(*) FROM customers c"
          + " JOIN disputes d ON d.charge IN (SELECT id FROM charges WHERE customer = c.id) GROUP BY c.email"));
      assertTrue(plan.contains("JdbcTableScan(table=[[stripe, customers]])"), plan);
      assertTrue(plan.contains("MirrorRead(mirror=[customers: mirror, "), plan);
      assertTrue(plan.contains("StripeTableScan(table=[[stripe, disputes]]"), plan);
      assertFalse(rows(c, "SELECT COUNT(*) FROM charges c JOIN customers u ON c.customer = u.id").isEmpty());
      // a connection that reads live only (a connection property), on the same gateway
      String livePlan = String.join("\n", rows(liveOnly, "EXPLAIN PLAN FOR SELECT COUNT(*) FROM customers"));
      assertTrue(livePlan.contains("StripeTableScan(table=[[stripe, customers]]") && livePlan.contains("mirror=[live: "),
          livePlan);
      assertEquals(List.of("live", "live"), rows(liveOnly, "SELECT read_from FROM mirror_status"));
      long chargesRows = Long.parseLong(rows(c, "SELECT COUNT(*) FROM charges").get(0));
      String open = get("http://127.0.0.1:" + g.port() + "/metrics");
      assertFalse(open.contains("stripesql_mirror_rows") || open.contains("stripesql_mirror_lag_seconds")
          || open.contains("stripesql_mirror_state"), "no per-mirror figure for anyone: " + open);
      assertTrue(open.matches("(?s).*stripesql_mirror_tables\\{state=\"live\"} 2\\.0.*"), open);
      String metrics = get("http://127.0.0.1:" + g.metricsPort() + "/metrics");
      assertTrue(metrics.matches("(?s).*stripesql_mirror_state\\{[^}]*state=\"live\",table=\"charges\"} 1\\.0.*"),
          metrics);
      assertTrue(metrics.matches("(?s).*stripesql_mirror_rows\\{[^}]*table=\"charges\"} " + chargesRows + "\\.0.*"),
          metrics);
      assertFalse(metrics.contains("acct_"), "no account id in metrics");
    } finally {
      StripeAdapter.closeMirrors();
      e.close();
    }
  }

  @Test
  void mirrorGoesWithDemo() {
    assertEquals(2, StripeSqlCli.run("serve", "--mirror"), "a usage error");
  }

  /** The connection property of a reconciliation: read Stripe, never the mirror. */
  private static Properties liveOnly() {
    Properties p = new Properties();
    p.setProperty("MirrorMaxLagSeconds", "0");
    return p;
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static List<String> rows(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
