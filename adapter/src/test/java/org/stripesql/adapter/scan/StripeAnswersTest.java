package org.stripesql.adapter.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Answers of Stripe the emulator does not give, from a small HTTP server that answers as Stripe documents:
 * deleted stubs and test-clock objects on retrieve are no rows, {@code resource_missing} on a list filter
 * means no rows for that value, and an account without Search falls back to the list, once noticed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StripeAnswersTest {
  private static final String KEY = "sk_test_answers_0123456789";
  private static final String CUSTOMER = "{\"id\":\"%s\",\"object\":\"customer\",\"created\":1700000000,"
      + "\"name\":\"Ann\",\"test_clock\":%s}";
  private static final String SUBSCRIPTION = "{\"id\":\"%s\",\"object\":\"subscription\",\"customer\":\"cus_A\","
      + "\"status\":\"active\",\"created\":1700000000,\"test_clock\":%s}";
  private HttpServer server;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/", this::answer);
    server.start();
  }

  @AfterAll
  void stop() {
    server.stop(0);
  }

  @BeforeEach
  void clear() {
    requests.clear();
    SearchScan.forgetAccounts();
  }

  private void answer(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getRawQuery() == null ? ""
        : URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
    requests.add(path + (query.isEmpty() ? "" : "?" + query));
    switch (path) {
      case "/v1/customers" -> reply(ex, 200, list(String.format(CUSTOMER, "cus_A", "null")));
      case "/v1/customers/cus_A" -> reply(ex, 200, String.format(CUSTOMER, "cus_A", "null"));
      case "/v1/customers/cus_deleted" -> reply(ex, 200, "{\"id\":\"cus_deleted\",\"object\":\"customer\","
          + "\"deleted\":true}");
      case "/v1/customers/cus_clock" -> reply(ex, 200, String.format(CUSTOMER, "cus_clock", "\"clock_1\""));
      case "/v1/customers/search" -> reply(ex, 404, "{\"error\":{\"type\":\"invalid_request_error\","
          + "\"message\":\"Unrecognized request URL (GET: /v1/customers/search).\"}}");
      case "/v1/charges" -> {
        if (query.contains("customer=cus_typo")) {
          reply(ex, 400, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
              + "\"param\":\"customer\",\"message\":\"No such customer: 'cus_typo'\"}}");
        } else {
          reply(ex, 200, list("{\"id\":\"ch_1\",\"object\":\"charge\",\"customer\":\"cus_A\",\"created\":1700000000}"));
        }
      }
      case "/v1/subscriptions" -> reply(ex, 200, list(String.format(SUBSCRIPTION, "sub_1", "null"),
          String.format(SUBSCRIPTION, "sub_clock", "\"clock_1\"")));
      default -> reply(ex, 404, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
          + "\"message\":\"No such object\"}}");
    }
  }

  private static String list(String... objects) {
    return "{\"object\":\"list\",\"url\":\"/v1/x\",\"has_more\":false,\"data\":[" + String.join(",", objects) + "]}";
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("model", "inline:{\"version\":\"1.0\",\"defaultSchema\":\"stripe\",\"schemas\":[{\"name\":"
        + "\"stripe\",\"type\":\"custom\",\"factory\":\"org.stripesql.adapter.StripeSchemaFactory\",\"operand\":{"
        + "\"OAuthAccessToken\":\"" + KEY + "\",\"apiBase\":\"http://127.0.0.1:" + server.getAddress().getPort()
        + "\",\"MaxRetries\":\"0\",\"RateLimit\":\"1000\",\"SearchLagWindow\":\"0\"}}]}");
    p.setProperty("lex", "MYSQL_ANSI");
    return DriverManager.getConnection("jdbc:calcite:", p);
  }

  private List<String> ids(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void deletedStubsAndTestClockObjectsAreNoRows() throws Exception {
    assertEquals(List.of("cus_A"), ids("select id from customers where id in ('cus_A', 'cus_deleted', 'cus_clock')"));
    assertEquals(3, requests.size(), requests.toString());
  }

  @Test
  void aListNarrowedByCustomerLeavesOutTestClockObjectsAsTheScanDoes() throws Exception {
    assertEquals(List.of("sub_1"), ids("select id from subscriptions where customer = 'cus_A'"));
    assertEquals(List.of("/v1/subscriptions?status=all&customer=cus_A&limit=100"), requests);
  }

  @Test
  void anUnknownReferenceMatchesNoRow() throws Exception {
    assertEquals(List.of(), ids("select id from charges where customer = 'cus_typo'"));
    assertEquals(List.of("ch_1"), ids("select id from charges where customer in ('cus_A', 'cus_typo')"));
  }

  @Test
  void withoutSearchTheListIsReadOnceNoticed() throws Exception {
    assertEquals(List.of("cus_A"), ids("select id from customers where name = 'Ann'"));
    assertTrue(requests.contains("/v1/customers/search?query=name:\"Ann\"&limit=100"), requests.toString());
    assertTrue(requests.contains("/v1/customers?limit=100"), requests.toString());
    requests.clear();
    assertEquals(List.of("cus_A"), ids("select id from customers where name = 'Ann'"));
    assertEquals(List.of("/v1/customers?limit=100"), requests, "remembered for the account: no search request");
    assertFalse(requests.stream().anyMatch(r -> r.contains("search")));
  }
}
