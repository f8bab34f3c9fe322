package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * {@code StripeVersion} newer than the catalog's (issue 25): a Stripe stand-in answers subscriptions in the
 * shape of 2025-03-31.basil, whose periods moved onto the items. The built-in catalog (2023-08-16) keeps
 * its columns and reads them there, never a silent NULL; the filter on them is not pushed; the schema
 * warns at start, naming the columns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionDriftTest {
  private static final String BASIL = "2025-03-31.basil";
  private HttpServer server;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final List<String> versions = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/subscriptions", ex -> {
      queries.add(String.valueOf(ex.getRequestURI().getRawQuery()));
      versions.add(String.valueOf(ex.getRequestHeaders().getFirst("Stripe-Version")));
      byte[] body = ("{\"object\":\"list\",\"url\":\"/v1/subscriptions\",\"has_more\":false,\"data\":[{\"id\":\"sub_1\","
          + "\"object\":\"subscription\",\"created\":1700000000,\"status\":\"active\",\"items\":{\"object\":\"list\","
          + "\"url\":\"/v1/subscription_items?subscription=sub_1\",\"has_more\":false,\"data\":["
          + "{\"id\":\"si_1\",\"object\":\"subscription_item\",\"current_period_start\":1700000000,"
          + "\"current_period_end\":1702592000},"
          + "{\"id\":\"si_2\",\"object\":\"subscription_item\",\"current_period_start\":1700086400,"
          + "\"current_period_end\":1705000000}]}}]}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterAll
  void stop() {
    server.stop(0);
  }

  private Connection connect(String version) throws Exception {
    Properties p = new Properties();
    p.setProperty("model", "inline:{\"version\":\"1.0\",\"defaultSchema\":\"stripe\",\"schemas\":[{\"name\":"
        + "\"drift\",\"type\":\"custom\",\"factory\":\"org.stripesql.adapter.StripeSchemaFactory\",\"operand\":{"
        + "\"OAuthAccessToken\":\"sk_test_drift_0123456789\",\"apiBase\":\"http://127.0.0.1:"
        + server.getAddress().getPort() + "\",\"StripeVersion\":\"" + version + "\",\"MaxRetries\":\"0\","
        + "\"MaxConcurrency\":\"1\",\"RateLimit\":\"1000\"}}]}");
    p.setProperty("lex", "MYSQL_ANSI");
    p.setProperty("timeZone", "UTC");
    return DriverManager.getConnection("jdbc:calcite:", p);
  }

  @Test
  void movedFieldsAreReadWhereStripePutThemAndTheStartWarns() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(CatalogReport.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    log.addAppender(seen);
    CatalogReport.forget();
    try (Connection c = connect(BASIL); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select id, current_period_start, current_period_end from drift.subscriptions"
             + " where current_period_start >= timestamp '2023-01-01 00:00:00'")) {
      assertTrue(rs.next());
      assertEquals("sub_1", rs.getString(1));
      assertEquals(new Timestamp(1700000000_000L), rs.getTimestamp(2), "the earliest start of the items");
      assertEquals(new Timestamp(1705000000_000L), rs.getTimestamp(3), "the latest end of the items");
      assertFalse(rs.next());
    } finally {
      log.detachAppender(seen);
    }
    assertEquals(BASIL, versions.get(versions.size() - 1));
    assertFalse(queries.get(queries.size() - 1).contains("current_period_start"),
        "a moved field's filter is not sent: " + queries);
    String warning = seen.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
        .findFirst().orElseThrow(() -> new AssertionError("no warning at start"));
    assertTrue(warning.contains("StripeVersion " + BASIL + " differs from the catalog's API version 2023-08-16"),
        warning);
    assertTrue(warning.contains("subscriptions.current_period_start") && warning.contains(
        "subscriptions.current_period_end"), warning);
    assertTrue(seen.list.stream().anyMatch(e -> e.getLevel() == Level.INFO
        && e.getFormattedMessage().contains("built-in catalog, API version 2023-08-16")), "the start report");
  }
}
