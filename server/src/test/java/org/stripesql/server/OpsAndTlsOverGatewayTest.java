package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.StripeEmulator;

/** {@code /metrics} and {@code /ready} over a real gateway and emulator; TLS with a keystore made here. */
class OpsAndTlsOverGatewayTest {
  static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path tmp;

  static StripeEmulator emulator() throws IOException {
    return StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1).anchor(ANCHOR).build().start();
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The sum of a metric's samples whose line matches {@code labels}. */
  static double sum(String scrape, String name, String labels) {
    double total = 0;
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
    while (m.find()) {
      if (labels == null || (m.group(1) != null && m.group(1).contains(labels))) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  @Test
  void metricsCountAQuerysStripeRequestsAndReadyFollowsStripe() throws Exception {
    StripeEmulator e = emulator();
    try (StripeSqlGateway g = StripeSqlGateway.builder().model(ModelSource.stripe(e.baseUrl(), "sk_test_ops"))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start()) {
      String base = "http://127.0.0.1:" + g.port();
      assertEquals(200, get(base + "/ready").statusCode());
      String before = get(base + "/metrics").body();
      e.requestLog().clear();
      int rows = 0;
      try (Connection c = DriverManager.getConnection(g.jdbcUrl("127.0.0.1"));
          Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id from charges")) {
        while (rs.next()) {
          rows++;
        }
      }
      int stripeRequests = e.requestLog().size();
      assertTrue(stripeRequests > 1, "charges take several pages: " + stripeRequests);
      HttpResponse<String> after = get(base + "/metrics");
      assertEquals(200, after.statusCode());
      assertTrue(after.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      String m = after.body();
      assertEquals(stripeRequests, sum(m, "stripesql_stripe_requests_seconds_count", "status=\"200\"")
          - sum(before, "stripesql_stripe_requests_seconds_count", "status=\"200\""), m);
      assertEquals(1, sum(m, "stripesql_queries_total", "outcome=\"ok\"")
          - sum(before, "stripesql_queries_total", "outcome=\"ok\""), m);
      assertEquals(rows, sum(m, "stripesql_rows_total", null) - sum(before, "stripesql_rows_total", null), m);
      assertTrue(m.contains("stripesql_query_latency_seconds_count"), m);
      assertTrue(m.contains("stripesql_open_connections"), m);
      assertTrue(!m.contains("sk_test_ops"), "no key in metrics");

      e.close();
      HttpResponse<String> down = get(base + "/ready");
      assertEquals(503, down.statusCode(), down.body());
      assertTrue(down.body().contains("unreachable"), down.body());
      assertFalse(down.body().contains("127.0.0.1") || down.body().contains("http"),
          "an anonymous caller learns no internal URL: " + down.body());
      assertEquals(200, get(base + "/health").statusCode(), "alive, just not ready");
    } finally {
      e.close();
    }
  }

  @Test
  void tlsServesHttpsOnlyAndTheThinDriverConnectsWithATruststore() throws Exception {
    Path ks = tmp.resolve("gateway.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "gateway", "-keyalg", "RSA",
        "-keysize", "2048", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "test-pass", "-keypass", "test-pass"))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    StripeEmulator e = emulator();
    try (StripeSqlGateway g = StripeSqlGateway.builder().model(ModelSource.stripe(e.baseUrl(), "sk_test_tls"))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF)
        .security(GatewaySecurity.builder().tls(ks, "test-pass", List.of("TLSv1.3", "TLSv1.2"), null).build())
        .build().start()) {
      String url = g.jdbcUrl("127.0.0.1");
      assertTrue(url.startsWith("jdbc:avatica:remote:url=https://"), url);
      try (Connection c = DriverManager.getConnection(url + ";truststore=" + ks + ";truststore_password=test-pass");
          Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from customers")) {
        assertTrue(rs.next());
        assertEquals(e.data().list("customers").size(), rs.getLong(1));
      }
      boolean plainServed;
      try {
        plainServed = get("http://127.0.0.1:" + g.port() + "/health").statusCode() == 200;
      } catch (IOException refused) {
        plainServed = false;
      }
      assertTrue(!plainServed, "plain HTTP must not be served when TLS is on");
    } finally {
      e.close();
    }
  }
}
