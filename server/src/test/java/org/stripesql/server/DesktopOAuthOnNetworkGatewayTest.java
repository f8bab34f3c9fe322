package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.adapter.oauth.OAuthBrowser;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * InitiateOAuth=GETANDREFRESH on a gateway reachable from the network: no browser is opened on the server
 * and nobody waits for one; without a stored token the query fails at once naming /oauth/authorize.
 */
class DesktopOAuthOnNetworkGatewayTest {
  @TempDir
  Path tmp;

  @AfterEach
  void noBrowser() {
    OAuthBrowser.override(null);
  }

  @Test
  void aNetworkGatewayOpensNoBrowserAndFailsAtOnceNamingTheServedFlow() throws Exception {
    List<URI> opened = new CopyOnWriteArrayList<>();
    OAuthBrowser.override(opened::add);   // a browser is there: only the policy keeps it closed
    try (StripeEmulator emulator = StripeEmulator.builder().port(0).anchor(Instant.parse("2026-01-01T00:00:00Z"))
        .build().start()) {
      Path users = tmp.resolve("users.properties");
      UsersFile.put(users, "alice", PasswordHash.hash("alice-secret".toCharArray()));
      Path settings = tmp.resolve("oauth.json");
      ObjectNode root = JsonNodeFactory.instance.objectNode().put("version", "1.0").put("defaultSchema", "stripe");
      root.putArray("schemas").addObject().put("name", "stripe").put("type", "custom")
          .put("factory", StripeAdapter.SCHEMA_FACTORY).putObject("operand")
          .put("apiBase", emulator.baseUrl()).put("connectBase", emulator.baseUrl())
          .put("OAuthClientId", "ca_desktop0001").put("OAuthClientSecret", "sk_test_platform_desktop")
          .put("InitiateOAuth", "GETANDREFRESH").put("OAuthSettingsLocation", settings.toString());
      ModelSource model = ModelSource.inline(root.toString());
      try (StripeSqlGateway g = StripeSqlGateway.builder().model(model).host("0.0.0.0").port(0)
          .security(GatewaySecurity.builder().users(users).tlsTerminatedByProxy(true).build()).build().start();
          Connection c = DriverManager.getConnection(g.jdbcUrl("127.0.0.1")
              + ";authentication=BASIC;avatica_user=alice;avatica_password=alice-secret");
          Statement s = c.createStatement()) {
        long t0 = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("select count(*) from customers"));
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals("28000", e.getSQLState(), e.toString());
        assertTrue(e.getMessage().contains("/oauth/authorize"), e.getMessage());
        assertTrue(seconds < 20, "failed at once, not after the sign-in timeout: " + seconds + " s");
        assertTrue(opened.isEmpty(), "no browser opened on the server: " + opened);
        assertTrue(!Files.exists(settings));
      }
    }
  }
}
