package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.ColumnType;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.server.ModelSource;

/**
 * pgJDBC (the PostgreSQL JDBC driver, unmodified) against the endpoint: metadata lists every table and
 * column with the JDBC type the catalog gives it, prepared statements past pgJDBC's switch to server-side
 * statements and binary results, a large result streamed with a fetch size, cancel, errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgJdbcTest {
  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
  private PgFixture pg;

  @BeforeAll
  void start() throws Exception {
    pg = PgFixture.start();
  }

  @AfterAll
  void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  private List<ObjectNode> rows(String table) {
    return pg.emulator.data().list(table);
  }

  private static String idOf(JsonNode ref) {
    if (ref == null || ref.isNull() || ref.isMissingNode()) {
      return null;
    }
    return ref.isObject() ? ref.path("id").asText(null) : ref.asText();
  }

  /** What pgJDBC reports for a column Calcite types {@code calciteType}: bool is BIT, json OTHER. */
  private static int pgJdbcType(int calciteType, boolean json) {
    if (json) {
      return Types.OTHER;
    }
    switch (calciteType) {
      case Types.BOOLEAN:
        return Types.BIT;
      case Types.DECIMAL:
        return Types.NUMERIC;
      default:
        return calciteType;
    }
  }

  @Test
  void metadataListsEveryTableAndColumnWithItsJdbcType() throws Exception {
    Map<String, Integer> expected = new TreeMap<>();
    TreeSet<String> expectedTables = new TreeSet<>();
    Catalog catalog = Catalog.bundled();
    Properties calcite = PgFixture.model(pg.emulator).calciteProperties();
    try (Connection c = DriverManager.getConnection(ModelSource.CALCITE_URL, calcite)) {
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getTables(null, "stripe", "%", null)) {
        while (rs.next()) {
          expectedTables.add(rs.getString("TABLE_NAME"));
        }
      }
      try (ResultSet rs = md.getColumns(null, "stripe", "%", "%")) {
        while (rs.next()) {
          String table = rs.getString("TABLE_NAME");
          String column = rs.getString("COLUMN_NAME");
          boolean json = catalog.table(table).flatMap(t -> t.column(column)).map(ApiColumn::type)
              .filter(t -> t == ColumnType.JSON).isPresent();
          expected.put(table + "." + column, pgJdbcType(rs.getInt("DATA_TYPE"), json));
        }
      }
    }
    assertTrue(expectedTables.size() > 50, expectedTables.toString());
    TreeSet<String> tables = new TreeSet<>();
    Map<String, Integer> actual = new TreeMap<>();
    try (Connection c = pg.connect()) {
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getTables(null, "stripe", "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      try (ResultSet rs = md.getColumns(null, "stripe", "%", "%")) {
        while (rs.next()) {
          actual.put(rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
        }
      }
      try (ResultSet rs = md.getColumns(null, "stripe", "customers", "metadata")) {
        assertTrue(rs.next());
        assertEquals("json", rs.getString("TYPE_NAME"));
      }
    }
    assertEquals(expectedTables, tables);
    assertEquals(expected, actual);
  }

  @Test
  void schemasCatalogsAndTableTypes() throws Exception {
    try (Connection c = pg.connect()) {
      DatabaseMetaData md = c.getMetaData();
      assertEquals("PostgreSQL", md.getDatabaseProductName());
      assertEquals(15, md.getDatabaseMajorVersion());
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = md.getSchemas()) {
        while (rs.next()) {
          schemas.add(rs.getString("TABLE_SCHEM"));
        }
      }
      assertTrue(schemas.contains("stripe"), schemas.toString());
      try (ResultSet rs = md.getCatalogs()) {
        assertTrue(rs.next());
        assertEquals("stripe", rs.getString(1));
      }
      try (ResultSet rs = md.getPrimaryKeys(null, "stripe", "charges")) {
        assertTrue(rs.next());
        assertEquals("id", rs.getString("COLUMN_NAME"));
        assertEquals("charges_pkey", rs.getString("PK_NAME"));
        assertFalse(rs.next());
      }
      boolean customerKey = false;
      try (ResultSet rs = md.getImportedKeys(null, "stripe", "charges")) {
        while (rs.next()) {
          customerKey |= rs.getString("FKCOLUMN_NAME").equals("customer")
              && rs.getString("PKTABLE_NAME").equals("customers") && rs.getString("PKCOLUMN_NAME").equals("id");
        }
      }
      assertTrue(customerKey, "charges.customer references customers.id");
      try (ResultSet rs = md.getIndexInfo(null, "stripe", "customers", true, true)) {
        assertTrue(rs.next());
        assertEquals("customers_pkey", rs.getString("INDEX_NAME"));
      }
      try (ResultSet rs = md.getTypeInfo()) {
        assertTrue(rs.next());
      }
    }
  }

  @Test
  void preparedStatementsPastServerPrepareAndBinaryResults() throws Exception {
    List<ObjectNode> charges = rows("charges");
    String[] customers = charges.stream().map(o -> idOf(o.get("customer"))).filter(id -> id != null).distinct()
        .limit(2).toArray(String[]::new);
    long minAmount = 1000;
    Instant after = Instant.parse("2025-01-01T00:00:00Z");
    try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT id, amount, created, paid FROM charges WHERE customer = ? AND amount >= ? AND created > ? ORDER BY id")) {
      for (int i = 0; i < 8; i++) {
        String customer = customers[i % 2];
        List<String> expected = new ArrayList<>();
        charges.stream().filter(o -> customer.equals(idOf(o.get("customer"))))
            .filter(o -> o.path("amount").asLong() >= minAmount)
            .filter(o -> o.path("created").asLong() > after.getEpochSecond())
            .forEach(o -> expected.add(o.path("id").asText() + " " + o.path("amount").asLong() + " "
                + Instant.ofEpochSecond(o.path("created").asLong()) + " " + o.path("paid").asBoolean()));
        expected.sort(null);
        ps.setString(1, customer);
        ps.setLong(2, minAmount);
        ps.setTimestamp(3, Timestamp.from(after), UTC);
        List<String> actual = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            actual.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getTimestamp(3, UTC).toInstant() + " "
                + rs.getBoolean(4));
          }
        }
        assertEquals(expected, actual, "execution " + (i + 1) + " (pgJDBC asks binary results from the 6th on)");
      }
    }
  }

  @Test
  void parameterTypesIntDoubleBooleanDecimal() throws Exception {
    long expected = rows("customers").stream().filter(o -> o.path("balance").asLong() >= -1000)
        .filter(o -> !o.path("delinquent").asBoolean()).count();
    try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM customers WHERE balance >= ? AND delinquent = ?")) {
      for (int i = 0; i < 7; i++) {
        ps.setInt(1, -1000);
        ps.setBoolean(2, false);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(expected, rs.getLong(1));
        }
      }
    }
    long prices = rows("prices").stream().filter(o -> o.hasNonNull("unit_amount_decimal"))
        .filter(o -> new BigDecimal(o.path("unit_amount_decimal").asText()).compareTo(new BigDecimal("100.5")) > 0)
        .count();
    long coupons = rows("coupons").stream().filter(o -> o.hasNonNull("percent_off"))
        .filter(o -> o.path("percent_off").asDouble() > 10.5).count();
    try (Connection c = pg.connect();
        PreparedStatement p1 = c.prepareStatement("SELECT count(*) FROM prices WHERE unit_amount_decimal > ?");
        PreparedStatement p2 = c.prepareStatement("SELECT count(*) FROM coupons WHERE percent_off > ?")) {
      for (int i = 0; i < 7; i++) {
        p1.setBigDecimal(1, new BigDecimal("100.5"));
        try (ResultSet rs = p1.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(prices, rs.getLong(1));
        }
        p2.setDouble(1, 10.5);
        try (ResultSet rs = p2.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(coupons, rs.getLong(1));
        }
      }
    }
  }

  @Test
  void binaryAndTextResultsAgreeForEveryColumnType() throws Exception {
    String sql = "SELECT p.id, p.unit_amount, p.unit_amount_decimal, p.active, p.created, p.metadata, "
        + "p.recurring_interval_count, c.percent_off FROM prices p LEFT JOIN coupons c ON c.id = p.nickname "
        + "WHERE p.unit_amount >= ? ORDER BY p.id LIMIT 20";
    List<List<Object>> first = null;
    try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < 8; i++) {
        ps.setLong(1, 0);
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int k = 1; k <= 8; k++) {
              Object o = k == 5 ? rs.getTimestamp(k, UTC) : rs.getObject(k);
              row.add(o == null ? null : o.toString());
            }
            rows.add(row);
          }
        }
        assertFalse(rows.isEmpty());
        if (first == null) {
          first = rows;
        } else {
          assertEquals(first, rows, "execution " + (i + 1));
        }
      }
    }
  }

  @Test
  void fiftyThousandRowsStreamWithAFetchSize() throws Exception {
    long suspendedBefore = pg.server.counters().suspended();
    long n = 0;
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(1000);
        try (ResultSet rs = s.executeQuery("SELECT ch.id, cu.id AS customer_id, ch.amount, ch.created FROM charges ch"
            + " CROSS JOIN customers cu LIMIT 50000")) {
          while (rs.next()) {
            n++;
            assertTrue(rs.getString(1).startsWith("ch_"));
          }
        }
      }
      c.commit();
    }
    assertEquals(50_000, n);
    assertTrue(pg.server.counters().suspended() - suspendedBefore >= 49,
        "the portal was read 1000 rows at a time: " + (pg.server.counters().suspended() - suspendedBefore)
            + " suspensions");
  }

  @Test
  void cancelStopsTheStripeRequests() throws Exception {
    // Page by page, so the scan is still asking for pages when the cancel arrives (parallel reads would
    // have asked for all of them by then; the adapter's own tests cover cancelling those in flight).
    try (PgFixture sequential = PgFixture.start(Map.of("MaxConcurrency", "1"))) {
      cancelStopsTheStripeRequests(sequential);
    }
  }

  private static void cancelStopsTheStripeRequests(PgFixture pg) throws Exception {
    pg.emulator.faults().latency(Duration.ofMillis(300));
    try (Connection c = pg.connect(); Statement s = c.createStatement()) {
      pg.emulator.requestLog().clear();
      CompletableFuture<SQLException> failure = CompletableFuture.supplyAsync(() -> {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM charges")) {
          return null;
        } catch (SQLException e) {
          return e;
        }
      });
      Thread.sleep(900);
      s.cancel();
      SQLException e = failure.get();
      assertTrue(e != null, "the statement was cancelled");
      assertEquals("57014", e.getSQLState(), e.getMessage());
      Thread.sleep(700);
      long pages = pg.emulator.requestLog().requests().stream().map(RecordedRequest::path)
          .filter(p -> p.equals("/v1/charges")).count();
      assertTrue(pages < 12, "a full scan is 12 pages; after cancel no more were asked: " + pages);
      pg.emulator.faults().reset();
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
        assertTrue(rs.next());
        assertEquals(pg.emulator.data().list("customers").size(), rs.getLong(1));
      }
    } finally {
      pg.emulator.faults().reset();
    }
  }

  @Test
  void errorsCarryPostgresSqlStates() throws Exception {
    try (Connection c = pg.connect(); Statement s = c.createStatement()) {
      SQLException unknown = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM nosuchtable"));
      assertEquals("42P01", unknown.getSQLState());
      SQLException write = assertThrows(SQLException.class, () -> s.execute("DELETE FROM customers"));
      assertEquals("25006", write.getSQLState());
      SQLException column = assertThrows(SQLException.class, () -> s.executeQuery("SELECT nosuch FROM customers"));
      assertEquals("42703", column.getSQLState());
      SQLException syntax = assertThrows(SQLException.class, () -> s.executeQuery("SELECT FROM WHERE"));
      assertEquals("42601", syntax.getSQLState());
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
        assertTrue(rs.next(), "the connection works after errors");
      }
    }
  }
}
