package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import org.apache.calcite.avatica.AvaticaSqlException;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * End-to-end tests through the real Avatica server and the thin driver: emulator and gateway on
 * free loopback ports, started once per class; expected values computed from the emulator's data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayTestBase {
  static final String REVOKED_KEY = "sk_test_revoked_4f9a8b7c6d5e";
  static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

  StripeEmulator emulator;
  StripeSqlGateway gateway;
  String url;

  @TempDir
  Path tmp;

  abstract Driver.Serialization serialization();

  @BeforeAll
  void startAll() throws Exception {
    emulator = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1)
        .anchor(ANCHOR).revokedKey(REVOKED_KEY).build();
    emulator.start();
    gateway = StripeSqlGateway.builder()
        .model(ModelSource.stripe(emulator.baseUrl(), "sk_test_gateway_it"))
        .host("127.0.0.1").port(0).serialization(serialization()).build().start();
    url = gateway.jdbcUrl("127.0.0.1");
  }

  @AfterAll
  void stopAll() {
    if (gateway != null) {
      gateway.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, "", "");
  }

  List<ObjectNode> rows(String table) {
    return emulator.data().list(table);
  }

  long queryLong(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), "one row from " + sql);
      long v = rs.getLong(1);
      assertFalse(rs.next(), "only one row from " + sql);
      return v;
    }
  }

  static String idOf(JsonNode ref) {
    if (ref == null || ref.isNull() || ref.isMissingNode()) {
      return null;
    }
    return ref.isObject() ? ref.path("id").asText(null) : ref.asText();
  }

  @Test
  void urlIsTheThinDriverUrl() {
    assertEquals("jdbc:avatica:remote:url=http://127.0.0.1:" + gateway.port() + ";serialization="
        + serialization().name().toLowerCase(Locale.ROOT), url);
  }

  @Test
  void countsCustomers() throws Exception {
    try (Connection c = connect()) {
      assertEquals(rows("customers").size(), queryLong(c, "select count(*) from customers"));
    }
  }

  @Test
  void identifiersResolveInAnyCaseAndQuoted() throws Exception {
    long expected = rows("customers").size();
    try (Connection c = connect()) {
      assertEquals(expected, queryLong(c, "select count(*) from \"customers\""));
      assertEquals(expected, queryLong(c, "select count(*) from CUSTOMERS"));
      assertEquals(expected, queryLong(c, "select count(*) from stripe.customers"));
    }
  }

  @Test
  void sumsChargeAmounts() throws Exception {
    long expected = rows("charges").stream().mapToLong(o -> o.path("amount").asLong()).sum();
    try (Connection c = connect()) {
      assertEquals(expected, queryLong(c, "select sum(amount) from charges"));
    }
  }

  @Test
  void joinsCustomersAndCharges() throws Exception {
    Set<String> customerIds = new HashSet<>();
    rows("customers").forEach(o -> customerIds.add(o.path("id").asText()));
    long expected = rows("charges").stream()
        .filter(o -> customerIds.contains(idOf(o.get("customer")))).count();
    assertTrue(expected > 0, "the data set links charges to customers");
    try (Connection c = connect()) {
      assertEquals(expected, queryLong(c,
          "select count(*) from charges ch join customers cu on ch.customer = cu.id"));
    }
  }

  @Test
  void groupsChargesByStatus() throws Exception {
    Map<String, Long> expected = new TreeMap<>();
    rows("charges").forEach(o -> expected.merge(o.path("status").asText(), 1L, Long::sum));
    Map<String, Long> actual = new TreeMap<>();
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "select status, count(*) as n from charges group by status order by status")) {
      while (rs.next()) {
        actual.put(rs.getString("status"), rs.getLong("n"));
      }
    }
    assertEquals(expected, actual);
  }

  @Test
  void ordersByCreatedDescending() throws Exception {
    List<ObjectNode> sorted = new ArrayList<>(rows("charges"));
    sorted.sort(Comparator.comparingLong((ObjectNode o) -> o.path("created").asLong()).reversed());
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expected.add(sorted.get(i).path("created").asLong());
    }
    Set<String> newestIds = new HashSet<>();
    for (ObjectNode o : sorted) {
      if (o.path("created").asLong() == expected.get(0)) {
        newestIds.add(o.path("id").asText());
      }
    }
    Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    List<Long> actual = new ArrayList<>();
    String firstId = null;
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "select id, created from charges order by created desc limit 5")) {
      while (rs.next()) {
        if (firstId == null) {
          firstId = rs.getString("id");
        }
        actual.add(rs.getTimestamp("created", utc).getTime() / 1000);
      }
    }
    assertEquals(expected, actual);
    assertTrue(newestIds.contains(firstId), firstId + " is one of the newest charges");
  }

  @Test
  void readsTimestampsInUtc() throws Exception {
    ObjectNode customer = rows("customers").get(0);
    String id = customer.path("id").asText();
    long created = customer.path("created").asLong();
    Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select created from customers where id = '" + id + "'")) {
      assertTrue(rs.next(), "customer " + id + " found");
      Timestamp ts = rs.getTimestamp(1, utc);
      assertNotNull(ts);
      assertEquals(created, ts.getTime() / 1000, "created of " + id);
      assertEquals(0, ts.getTime() % 1000);
    }
  }

  @Test
  void metadataListsTablesAndJdbcTypes() throws Exception {
    try (Connection c = connect()) {
      DatabaseMetaData md = c.getMetaData();
      Set<String> tables = new HashSet<>();
      try (ResultSet rs = md.getTables(null, "stripe", "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertTrue(tables.contains("customers"), tables.toString());
      assertTrue(tables.contains("charges"), tables.toString());
      Map<String, Integer> types = new HashMap<>();
      try (ResultSet rs = md.getColumns(null, "stripe", "charges", "%")) {
        while (rs.next()) {
          types.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
        }
      }
      assertEquals(Types.VARCHAR, types.get("id"));
      assertEquals(Types.BIGINT, types.get("amount"));
      assertEquals(Types.TIMESTAMP, types.get("created"));
      assertEquals(Types.BOOLEAN, types.get("livemode"));
    }
  }

  @Test
  void pagesThroughLargeTables() throws Exception {
    int n = rows("charges").size();
    assertTrue(n >= 250, "charges has " + n + " rows: more than two Stripe pages");
    try (Connection c = connect()) {
      assertEquals(n, queryLong(c, "select count(*) from charges"));
      assertEquals(n, queryLong(c, "select count(distinct id) from charges"));
    }
  }

  @Test
  void clientCannotReplaceTheModel() throws Exception {
    Path evil = tmp.resolve("evil.json");
    Files.writeString(evil, "{\"version\":\"1.0\",\"defaultSchema\":\"evil\",\"schemas\":[{\"name\":"
        + "\"evil\",\"tables\":[{\"name\":\"secret_table\",\"type\":\"view\","
        + "\"sql\":\"values (1)\"}]}]}", StandardCharsets.UTF_8);
    // The model works when Calcite is given it directly, so the remote test means something.
    Properties direct = new Properties();
    direct.setProperty("model", evil.toString());
    try (Connection c = DriverManager.getConnection("jdbc:calcite:", direct)) {
      assertEquals(1, queryLong(c, "select count(*) from \"secret_table\""));
    }
    Properties p = new Properties();
    p.setProperty("user", "");
    p.setProperty("password", "");
    p.setProperty("model", evil.toString());
    p.setProperty("schema", "evil");
    p.setProperty("lex", "ORACLE");
    p.setProperty("schemaFactory", "org.apache.calcite.adapter.java.ReflectiveSchema$Factory");
    try (Connection c = DriverManager.getConnection(url, p)) {
      assertThrows(SQLException.class, () -> queryLong(c, "select count(*) from secret_table"));
      assertThrows(SQLException.class,
          () -> queryLong(c, "select count(*) from evil.secret_table"));
      try (ResultSet rs = c.getMetaData().getTables(null, null, "secret_table", null)) {
        assertFalse(rs.next(), "secret_table is not visible");
      }
      // lex=ORACLE would upper-case and match case-sensitively: customers would not resolve.
      assertEquals(rows("customers").size(), queryLong(c, "select count(*) from customers"));
    }
  }

  @Test
  void rejectedKeyIsReportedWithoutTheKey() throws Exception {
    try (StripeSqlGateway revoked = StripeSqlGateway.builder()
        .model(ModelSource.stripe(emulator.baseUrl(), REVOKED_KEY))
        .host("127.0.0.1").port(0).serialization(serialization()).build().start();
        Connection c = DriverManager.getConnection(revoked.jdbcUrl("127.0.0.1"), "", "")) {
      SQLException e = assertThrows(SQLException.class,
          () -> queryLong(c, "select count(*) from customers"));
      StringBuilder all = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        all.append(t).append('\n');
        if (t instanceof AvaticaSqlException) {
          ((AvaticaSqlException) t).getStackTraces().forEach(st -> all.append(st).append('\n'));
        }
      }
      assertTrue(e.getMessage().contains("Stripe rejected the API key"), e.getMessage());
      assertNoPartOfKey(REVOKED_KEY, all.toString());
    }
  }

  /**
   * No part of a key's secret in a text: no six characters of it in a row (those with a digit: the
   * fixture's words such as {@code revoked} may well appear in a message), and not the last four as
   * Stripe masks a key ({@code sk_test_****6d5e}). Fails on any of them, not only on the whole key.
   */
  static void assertNoPartOfKey(String key, String text) {
    String secret = key.substring(key.indexOf('_', key.indexOf('_') + 1) + 1);
    for (int i = 0; i + 6 <= secret.length(); i++) {
      String part = secret.substring(i, i + 6);
      assertFalse(part.matches(".*[0-9].*") && text.contains(part), "part of the key (" + part + ") leaks: " + text);
    }
    String masked = "*" + key.substring(key.length() - 4);
    assertFalse(text.contains(masked), "the masked key (" + masked + ") leaks: " + text);
  }

  @Test
  void healthIsUp() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/health"))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals("{\"status\":\"UP\"}", r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
  }

  // pushdown seen from a remote client: EXPLAIN over the thin driver, and the requests a query costs

  @Test
  void explainShowsTheStripeRequestAndNoKey() throws Exception {
    String customer = emulator.data().list("charges").get(0).path("customer").asText();
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR SELECT id FROM charges WHERE customer = '" + customer
             + "' AND created >= TIMESTAMP '2025-01-01 00:00:00' LIMIT 5")) {
      assertTrue(rs.next());
      String plan = rs.getString(1);
      assertTrue(plan.contains("StripeTableScan"), plan);
      assertTrue(plan.contains("created[gte]=1735689600"), plan);
      assertTrue(plan.contains("customer=" + customer + " "), plan);
      assertTrue(plan.contains("fetch=5"), plan);
      assertFalse(plan.contains("sk_test_gateway_it"), "no credential in EXPLAIN: " + plan);
    }
  }

  @Test
  void selectiveQueryCostsOneRequest() throws Exception {
    String customer = emulator.data().list("charges").get(0).path("customer").asText();
    long expected = emulator.data().list("charges").stream()
        .filter(o -> customer.equals(o.path("customer").asText())).count();
    emulator.requestLog().clear();
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM charges WHERE customer = '" + customer + "'")) {
      assertTrue(rs.next());
      assertEquals(expected, rs.getLong(1));
    }
    assertEquals(1, emulator.requestLog().size(), emulator.requestLog().requests().toString());
    RecordedRequest r = emulator.requestLog().requests().get(0);
    assertEquals("/v1/charges", r.path());
    assertEquals(List.of(customer), r.query().get("customer"));
  }

  /** A prepared statement's parameter is pushed with each execution's value, as the literal would be. */
  @Test
  void preparedStatementParametersArePushed() throws Exception {
    List<ObjectNode> charges = emulator.data().list("charges");
    try (Connection c = connect();
         PreparedStatement byCustomer = c.prepareStatement("SELECT id, amount FROM charges WHERE customer = ?");
         PreparedStatement byId = c.prepareStatement("SELECT id, amount FROM charges WHERE id = ?")) {
      for (int i : new int[] {0, 7}) {
        String customer = charges.get(i).path("customer").asText();
        Set<String> expected = new HashSet<>();
        charges.stream().filter(o -> customer.equals(o.path("customer").asText()))
            .forEach(o -> expected.add(o.path("id").asText()));
        emulator.requestLog().clear();
        byCustomer.setString(1, customer);
        Set<String> ids = new HashSet<>();
        try (ResultSet rs = byCustomer.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
        assertEquals(expected, ids);
        assertEquals(1, emulator.requestLog().size(), emulator.requestLog().requests().toString());
        assertEquals(List.of(customer), emulator.requestLog().requests().get(0).query().get("customer"));
      }
      String charge = charges.get(3).path("id").asText();
      emulator.requestLog().clear();
      byId.setString(1, charge);
      try (ResultSet rs = byId.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(charge, rs.getString(1));
        assertEquals(charges.get(3).path("amount").asLong(), rs.getLong(2));
        assertFalse(rs.next());
      }
      assertEquals(List.of("/v1/charges/" + charge),
          emulator.requestLog().requests().stream().map(RecordedRequest::path).toList());
      emulator.requestLog().clear();
      byId.setNull(1, Types.VARCHAR);
      try (ResultSet rs = byId.executeQuery()) {
        assertFalse(rs.next());
      }
      assertEquals(0, emulator.requestLog().size(), "no request for NULL");
    }
  }

  @Test
  void tableauProbesCostNoRequest() throws Exception {
    emulator.requestLog().clear();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(
          "SELECT * FROM (SELECT id, amount FROM charges) \"Custom SQL Query\" WHERE 1 = 0")) {
        assertFalse(rs.next());
        assertEquals(2, rs.getMetaData().getColumnCount());
      }
      try (ResultSet rs = s.executeQuery("SELECT * FROM customers LIMIT 0")) {
        assertFalse(rs.next());
      }
    }
    assertEquals(0, emulator.requestLog().size(), emulator.requestLog().requests().toString());
  }

  /** A metadata call the stripe-sql driver sends (here by hand), in either serialization. */
  @Test
  void foreignKeysThroughAMetadataCall() throws Exception {
    emulator.requestLog().clear();
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "/*stripesql:metadata*/ {\"call\": \"getImportedKeys\", \"args\": [null, \"stripe\", \"refunds\"]}")) {
      Map<String, String> keys = new TreeMap<>();
      while (rs.next()) {
        keys.put(rs.getString("FKCOLUMN_NAME"), rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME"));
        assertEquals(1, rs.getShort("KEY_SEQ"));
        assertEquals(Types.SMALLINT, rs.getMetaData().getColumnType(rs.findColumn("DEFERRABILITY")));
      }
      assertEquals("charges.id", keys.get("charge"), keys.toString());
      assertEquals("payment_intents.id", keys.get("payment_intent"), keys.toString());
    }
    assertEquals(0, emulator.requestLog().size());
  }
}
