package org.stripesql.adapter.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.catalog.Catalog;

/**
 * A narrow client test on a tiny Stripe stand-in (the emulator keeps no headers and has no restricted
 * keys): AccountId and StripeVersion reach Stripe as headers, and a restricted key's 403 names the
 * resource and the permission without echoing the key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StripeHeadersAndPermissionsTest {
  static final String KEY = "rk_test_restricted_0123abcd";
  HttpServer server;
  final Map<String, String> seen = new ConcurrentHashMap<>();

  @BeforeAll
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/charges", ex -> {
      seen.put("Stripe-Account", String.valueOf(ex.getRequestHeaders().getFirst("Stripe-Account")));
      seen.put("Stripe-Version", String.valueOf(ex.getRequestHeaders().getFirst("Stripe-Version")));
      reply(ex, 200, "{\"object\":\"list\",\"url\":\"/v1/charges\",\"has_more\":false,\"data\":[{\"id\":\"ch_1\","
          + "\"object\":\"charge\",\"amount\":100,\"created\":1700000000}]}");
    });
    server.createContext("/v1/customers", ex -> reply(ex, 403, "{\"error\":{\"type\":\"invalid_request_error\","
        + "\"message\":\"The provided key 'rk_test_****abcd' does not have the required permissions for this"
        + " endpoint on account 'acct_1Platform'. Having the 'rak_customer_read' permission would allow this"
        + " request to continue.\"}}"));
    server.start();
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.getResponseHeaders().add("Request-Id", "req_test123");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @AfterAll
  void stop() {
    server.stop(0);
  }

  private Connection connect() throws SQLException {
    return connect(",\"StripeVersion\":\"2024-06-20\"");
  }

  private Connection connect(String versionOperand) throws SQLException {
    Properties p = new Properties();
    p.setProperty("model", "inline:{\"version\":\"1.0\",\"defaultSchema\":\"stripe\",\"schemas\":[{\"name\":"
        + "\"stripe\",\"type\":\"custom\",\"factory\":\"org.stripesql.adapter.StripeSchemaFactory\",\"operand\":{"
        + "\"OAuthAccessToken\":\"" + KEY + "\",\"apiBase\":\"http://127.0.0.1:" + server.getAddress().getPort()
        + "\",\"AccountId\":\"acct_1Connected\"" + versionOperand + ",\"MaxRetries\":\"0\","
        + "\"RateLimit\":\"1000\"}}]}");
    p.setProperty("lex", "MYSQL_ANSI");
    return DriverManager.getConnection("jdbc:calcite:", p);
  }

  @Test
  void accountIdAndVersionAreSentAsHeaders() throws Exception {
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select id, amount from charges")) {
      assertTrue(rs.next());
      assertEquals("ch_1", rs.getString(1));
    }
    assertEquals("acct_1Connected", seen.get("Stripe-Account"));
    assertEquals("2024-06-20", seen.get("Stripe-Version"));
  }

  @Test
  void withoutStripeVersionTheCatalogsVersionIsSent() throws Exception {
    try (Connection c = connect(""); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select id from charges")) {
      assertTrue(rs.next());
    }
    assertEquals(Catalog.bundled().apiVersion(), seen.get("Stripe-Version"));
    assertEquals("2023-08-16", seen.get("Stripe-Version"), "the version of the spec the catalog was derived from");
  }

  @Test
  void restrictedKeyLackingAPermissionNamesTheResource() throws Exception {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery("select id from customers")) {
          rs.next();
        }
      });
      StringBuilder all = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        all.append(t.getMessage()).append(" | ");
      }
      String m = all.toString();
      assertTrue(m.contains("403"), m);
      String state = null;
      for (Throwable t = e; t != null && state == null; t = t.getCause()) {
        state = t instanceof SqlStateProvider p ? p.sqlState() : null;
      }
      assertEquals("42501", state, "insufficient_privilege, not an authentication failure: " + m);
      assertTrue(m.contains("customers"), m);
      assertTrue(m.contains("rak_customer_read"), m);
      assertTrue(m.contains("req_test123"), m);
      assertFalse(m.contains(KEY), m);
      assertFalse(m.contains("0123abcd") || m.contains("****abcd"), "not even the masked tail: " + m);
    }
  }
}
