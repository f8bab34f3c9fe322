package org.stripesql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SQL Tableau (with tableau/stripesql/dialect.tdd) and DBeaver send, and their metadata calls, through the
 * stripe-sql driver against a gateway and the emulator; expected values computed from the emulator's data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableauSqlTest {
  static final String CUSTOM = "SELECT \"id\", \"amount\", \"created\" FROM \"stripe\".\"charges\" WHERE \"status\" = 'succeeded'";

  GatewayFixture fx;
  Connection c;
  List<ObjectNode> charges;

  @BeforeAll
  void start() throws Exception {
    fx = GatewayFixture.start(Serialization.PROTOBUF);
    c = fx.connect();
    charges = fx.emulator.data().list("charges");
  }

  @AfterAll
  void stop() throws SQLException {
    if (c != null) {
      c.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  List<List<Object>> rows(String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  long one(String sql) throws SQLException {
    List<List<Object>> r = rows(sql);
    assertEquals(1, r.size(), sql);
    return ((Number) r.get(0).get(0)).longValue();
  }

  static LocalDateTime created(ObjectNode o) {
    return LocalDateTime.ofEpochSecond(o.path("created").asLong(), 0, ZoneOffset.UTC);
  }

  @Test
  void customSqlWrappingCostsNoStripeRequest() throws Exception {
    for (String probe : List.of("SELECT * FROM (" + CUSTOM + ") \"Custom SQL Query\" WHERE 1=0",
        "SELECT * FROM (" + CUSTOM + ") \"Custom SQL Query\" LIMIT 0")) {
      fx.emulator.requestLog().clear();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(probe)) {
        ResultSetMetaData md = rs.getMetaData();
        assertEquals(3, md.getColumnCount(), probe);
        assertEquals("id", md.getColumnLabel(1));
        assertEquals(Types.BIGINT, md.getColumnType(2));
        assertEquals(Types.TIMESTAMP, md.getColumnType(3));
        assertFalse(rs.next(), probe);
      }
      assertEquals(0, fx.emulator.requestLog().size(), probe + " made Stripe requests: "
          + fx.emulator.requestLog().requests());
    }
    // the same custom SQL, really run, does call Stripe: the probe's zero means something
    fx.emulator.requestLog().clear();
    long succeeded = charges.stream().filter(o -> "succeeded".equals(o.path("status").asText())).count();
    assertEquals(succeeded, one("SELECT COUNT(*) FROM (" + CUSTOM + ") \"Custom SQL Query\""));
    assertTrue(fx.emulator.requestLog().size() > 0);
  }

  @Test
  void countDistinctAndHavingWithoutGroupBy() throws Exception {
    long distinct = charges.stream().map(o -> GatewayFixtureData.ref(o.get("customer"))).filter(x -> x != null)
        .distinct().count();
    assertTrue(distinct > 1);
    assertEquals(distinct, one("SELECT COUNT(DISTINCT \"charges\".\"customer\") AS \"ctd:customer:ok\""
        + " FROM \"stripe\".\"charges\" \"charges\""));
    assertEquals(charges.size(), one("SELECT COUNT(1) AS \"cnt:charges:ok\" FROM \"stripe\".\"charges\" \"charges\""
        + " HAVING (COUNT(1) > 0)"));
    assertEquals(0, rows("SELECT COUNT(1) AS \"x\" FROM \"stripe\".\"charges\" \"charges\" HAVING (COUNT(1) < 0)")
        .size());
  }

  @Test
  void caseAndBooleansStayBooleans() throws Exception {
    long succeededAmount = charges.stream().filter(o -> "succeeded".equals(o.path("status").asText()))
        .mapToLong(o -> o.path("amount").asLong()).sum();
    assertEquals(succeededAmount, one("SELECT SUM(CASE WHEN (\"charges\".\"status\" = 'succeeded') THEN"
        + " \"charges\".\"amount\" ELSE 0 END) AS \"sum:calc:ok\" FROM \"stripe\".\"charges\" \"charges\""));
    long paid = charges.stream().filter(o -> o.path("paid").asBoolean()).count();
    assertEquals(paid, one("SELECT COUNT(*) FROM \"stripe\".\"charges\" \"charges\" WHERE \"charges\".\"paid\""));
    assertEquals(charges.size() - paid, one("SELECT COUNT(*) FROM \"stripe\".\"charges\" \"charges\""
        + " WHERE (\"charges\".\"paid\" = FALSE)"));
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT \"charges\".\"paid\" AS \"paid\", (\"charges\".\"amount\" > 0) AS \"positive\""
            + " FROM \"stripe\".\"charges\" \"charges\" LIMIT 1")) {
      assertEquals(Types.BOOLEAN, rs.getMetaData().getColumnType(1));
      assertEquals(Types.BOOLEAN, rs.getMetaData().getColumnType(2));
      assertTrue(rs.next());
      assertTrue(rs.getObject(2) instanceof Boolean);
    }
  }

  @Test
  void castToDateAndBackAndTimestampArithmetic() throws Exception {
    ObjectNode ch = charges.get(3);
    String id = ch.path("id").asText();
    LocalDateTime t = created(ch);
    String where = " FROM \"stripe\".\"charges\" \"charges\" WHERE \"charges\".\"id\" = '" + id + "'";
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT CAST(CAST(\"charges\".\"created\" AS DATE) AS TIMESTAMP) AS \"d\","
            + " CAST(\"charges\".\"created\" AS DATE) AS \"day\","
            + " (\"charges\".\"created\" + INTERVAL '1' DAY) AS \"next\","
            + " TIMESTAMPADD(MINUTE, 90, \"charges\".\"created\") AS \"later\","
            + " TIMESTAMPDIFF(SECOND, \"charges\".\"created\", \"charges\".\"created\" + INTERVAL '90' MINUTE) AS \"s\""
            + where)) {
      assertTrue(rs.next());
      assertTrue(rs.getString("d").startsWith(t.toLocalDate() + " 00:00:00"), rs.getString("d"));
      assertEquals(t.toLocalDate().toString(), rs.getString("day"));
      assertTrue(rs.getString("next").startsWith(t.plusDays(1).toString().replace('T', ' ')), rs.getString("next"));
      assertTrue(rs.getString("later").startsWith(t.plusMinutes(90).toString().replace('T', ' ')));
      assertEquals(5400, rs.getLong("s"));
    }
    LocalDateTime since = LocalDateTime.of(2025, 12, 1, 0, 0);
    long expected = charges.stream().filter(o -> !created(o).isBefore(since)).count();
    assertEquals(expected, one("SELECT COUNT(*) FROM \"stripe\".\"charges\" \"charges\""
        + " WHERE (\"charges\".\"created\" >= (TIMESTAMP '2025-12-31 00:00:00' - INTERVAL '30' DAY))"));
    assertEquals(expected, one("SELECT COUNT(*) FROM \"stripe\".\"charges\" \"charges\""
        + " WHERE (CAST(\"charges\".\"created\" AS DATE) >= (DATE '2025-12-01'))"));
  }

  @Test
  void groupByDateTruncationOverCreated() throws Exception {
    Map<String, Long> expected = new TreeMap<>();
    charges.forEach(o -> expected.merge(YearMonth.from(created(o)).atDay(1) + " 00:00:00", 1L, Long::sum));
    Map<String, Long> actual = new TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT FLOOR(\"charges\".\"created\" TO MONTH) AS \"tmn:created:ok\", COUNT(1) AS \"cnt:charges:ok\""
            + " FROM \"stripe\".\"charges\" \"charges\" GROUP BY FLOOR(\"charges\".\"created\" TO MONTH)")) {
      while (rs.next()) {
        actual.put(rs.getString(1).substring(0, 19), rs.getLong(2));
      }
    }
    assertTrue(expected.size() > 1, "charges span several months");
    assertEquals(expected, actual);
    Map<Long, Long> byYear = new TreeMap<>();
    charges.forEach(o -> byYear.merge((long) created(o).getYear(), o.path("amount").asLong(), Long::sum));
    Map<Long, Long> actualYear = new TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT EXTRACT(YEAR FROM \"charges\".\"created\") AS \"yr:created:ok\", SUM(\"charges\".\"amount\") AS \"s\""
            + " FROM \"stripe\".\"charges\" \"charges\" GROUP BY EXTRACT(YEAR FROM \"charges\".\"created\")")) {
      while (rs.next()) {
        actualYear.put(rs.getLong(1), rs.getLong(2));
      }
    }
    assertEquals(byYear, actualYear);
  }

  @Test
  void topNWithOrderByAndJoinWithQuotedAliases() throws Exception {
    Map<String, Long> byCustomer = new HashMap<>();
    charges.forEach(o -> {
      String cu = GatewayFixtureData.ref(o.get("customer"));
      if (cu != null) {
        byCustomer.merge(cu, o.path("amount").asLong(), Long::sum);
      }
    });
    List<Long> top = byCustomer.values().stream().sorted(Comparator.reverseOrder()).limit(5)
        .collect(Collectors.toList());
    List<Long> actual = new ArrayList<>();
    for (List<Object> r : rows("SELECT \"charges\".\"customer\" AS \"customer\", SUM(\"charges\".\"amount\") AS"
        + " \"sum:amount:ok\" FROM \"stripe\".\"charges\" \"charges\" WHERE (\"charges\".\"customer\" IS NOT NULL)"
        + " GROUP BY \"charges\".\"customer\" ORDER BY \"sum:amount:ok\" DESC LIMIT 5")) {
      actual.add(((Number) r.get(1)).longValue());
    }
    assertEquals(top, actual);

    Set<String> customerIds = new HashSet<>();
    fx.emulator.data().list("customers").forEach(o -> customerIds.add(o.path("id").asText()));
    long joined = charges.stream().filter(o -> customerIds.contains(GatewayFixtureData.ref(o.get("customer"))))
        .mapToLong(o -> o.path("amount").asLong()).sum();
    Map<String, String> emails = new HashMap<>();
    fx.emulator.data().list("customers").forEach(o -> emails.put(o.path("id").asText(), o.path("email").asText(null)));
    Map<String, Long> byEmail = new TreeMap<>();
    charges.stream().filter(o -> customerIds.contains(GatewayFixtureData.ref(o.get("customer"))))
        .forEach(o -> byEmail.merge(String.valueOf(emails.get(GatewayFixtureData.ref(o.get("customer")))),
            o.path("amount").asLong(), Long::sum));
    Map<String, Long> actualByEmail = counts(rows("SELECT \"Customers\".\"email\" AS \"email\","
        + " SUM(\"Charges\".\"amount\") AS \"sum\" FROM \"stripe\".\"charges\" \"Charges\" INNER JOIN"
        + " \"stripe\".\"customers\" \"Customers\" ON (\"Charges\".\"customer\" = \"Customers\".\"id\")"
        + " GROUP BY \"Customers\".\"email\""));
    assertTrue(joined > 0);
    assertEquals(byEmail, actualByEmail, "the sum of each email's charges");
  }

  @Test
  void tableauAndDbeaverMetadataCalls() throws Exception {
    fx.emulator.requestLog().clear();
    DatabaseMetaData md = c.getMetaData();
    Set<String> schemas = new HashSet<>();
    try (ResultSet rs = md.getSchemas()) {
      while (rs.next()) {
        schemas.add(rs.getString("TABLE_SCHEM"));
      }
    }
    assertTrue(schemas.contains("stripe"), schemas.toString());
    try (ResultSet rs = md.getCatalogs()) {
      assertEquals("TABLE_CAT", rs.getMetaData().getColumnLabel(1));
      int n = 0;
      while (rs.next()) {
        n++;
      }
      assertTrue(n <= 1, "at most Calcite's one (unnamed) catalog: " + n);
    }
    Set<String> types = new HashSet<>();
    try (ResultSet rs = md.getTableTypes()) {
      while (rs.next()) {
        types.add(rs.getString("TABLE_TYPE"));
      }
    }
    assertTrue(types.contains("TABLE"), types.toString());
    Set<String> tables = new HashSet<>();
    try (ResultSet rs = md.getTables(null, "stripe", "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
    }
    assertTrue(tables.containsAll(List.of("charges", "customers", "invoices")), tables.toString());
    Map<String, Integer> cols = new HashMap<>();
    try (ResultSet rs = md.getColumns(null, "stripe", "charges", null)) {
      while (rs.next()) {
        cols.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
      }
    }
    assertEquals(Types.TIMESTAMP, cols.get("created"));
    assertEquals(Types.BIGINT, cols.get("amount"));
    assertEquals(Types.BOOLEAN, cols.get("paid"));
    Set<String> typeNames = new HashSet<>();
    try (ResultSet rs = md.getTypeInfo()) {
      while (rs.next()) {
        typeNames.add(rs.getString("TYPE_NAME"));
      }
    }
    assertTrue(typeNames.containsAll(List.of("VARCHAR", "BIGINT", "TIMESTAMP", "BOOLEAN")), typeNames.toString());
    try (ResultSet rs = md.getPrimaryKeys(null, "stripe", "charges")) {
      assertTrue(rs.next(), "primary keys (CAP_JDBC_METADATA_READ_PRIMARYKEYS=yes)");
      assertEquals("id", rs.getString("COLUMN_NAME"));
      assertFalse(rs.next());
    }
    try (ResultSet rs = md.getImportedKeys(null, "stripe", "charges")) {
      assertTrue(rs.next(), "foreign keys (CAP_JDBC_METADATA_READ_FOREIGNKEYS=yes)");
    }
    assertEquals("stripe-sql", md.getDatabaseProductName());
    assertEquals("\"", md.getIdentifierQuoteString());
    assertTrue(c.isValid(5));
    c.setReadOnly(true);
    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    c.setTransactionIsolation(Connection.TRANSACTION_NONE);
    c.setAutoCommit(true);
    assertEquals(0, fx.emulator.requestLog().size(), "metadata calls cost no Stripe request");
  }

  @Test
  void noTemporaryTablesAsTheManifestSays() {
    SQLException e = assertThrows(SQLException.class, () -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TEMPORARY TABLE \"#Tableau_1\" (\"x\" INTEGER)");
      }
    });
    assertEquals("25006", e.getSQLState(), "refused as a write to the read-only gateway: " + e);
    assertThrows(SQLException.class, () -> rows("SELECT \"id\" INTO \"#t\" FROM \"stripe\".\"charges\""));
  }

  @Test
  void lenientConformanceForHandWrittenSql() throws Exception {
    Map<String, Long> byStatus = new TreeMap<>();
    charges.forEach(o -> byStatus.merge(o.path("status").asText(), 1L, Long::sum));
    assertTrue(byStatus.size() > 1, "charges have several statuses");
    assertEquals(byStatus, counts(rows("SELECT \"status\" AS st, COUNT(*) FROM charges GROUP BY st")));
    assertEquals(byStatus, counts(rows("SELECT status, COUNT(*) FROM charges GROUP BY 1")));
    assertEquals(charges.size(), one("SELECT COUNT(*) FROM charges WHERE amount != -1"));
  }

  /** Rows of (group, count) as a map, each group once. */
  private static Map<String, Long> counts(List<List<Object>> rows) {
    Map<String, Long> out = new TreeMap<>();
    for (List<Object> r : rows) {
      assertEquals(null, out.put(String.valueOf(r.get(0)), ((Number) r.get(1)).longValue()), "one row per group");
    }
    return out;
  }

  /** CAP_QUERY_GROUP_BY_BOOL, CAP_QUERY_SORT_BY and CAP_SUPPORTS_UNION, as the manifest declares them. */
  @Test
  void groupByBooleanSortAndUnionAsTheManifestSays() throws Exception {
    long paid = charges.stream().filter(o -> o.path("paid").asBoolean()).count();
    List<List<Object>> byPaid = rows("SELECT \"charges\".\"paid\" AS \"paid\", COUNT(*) AS \"n\" FROM \"stripe\".\"charges\""
        + " \"charges\" GROUP BY \"charges\".\"paid\" ORDER BY \"paid\" DESC");
    assertEquals(Boolean.TRUE, byPaid.get(0).get(0));
    assertEquals(paid, ((Number) byPaid.get(0).get(1)).longValue());
    long customers = fx.emulator.data().list("customers").size();
    assertEquals(customers + charges.size(), rows("SELECT \"id\" FROM \"stripe\".\"customers\" UNION ALL"
        + " SELECT \"id\" FROM \"stripe\".\"charges\"").size());
  }

  /** The join Tableau writes for a relationship it made from the keys (charges.customer = customers.id). */
  @Test
  void relationshipFromTheForeignKeyJoins() throws Exception {
    Map<String, Long> expected = new TreeMap<>();
    Set<String> customerIds = new HashSet<>();
    fx.emulator.data().list("customers").forEach(o -> customerIds.add(o.path("id").asText()));
    for (ObjectNode ch : charges) {
      String customer = GatewayFixtureData.ref(ch.get("customer"));
      if (customer != null && customerIds.contains(customer)) {
        expected.merge(ch.path("status").asText(), ch.path("amount").asLong(), Long::sum);
      }
    }
    Map<String, Long> actual = new TreeMap<>();
    for (List<Object> r : rows("SELECT \"charges\".\"status\" AS \"status\", SUM(\"charges\".\"amount\") AS \"sum\""
        + " FROM \"stripe\".\"charges\" \"charges\" INNER JOIN \"stripe\".\"customers\" \"customers\""
        + " ON (\"charges\".\"customer\" = \"customers\".\"id\") GROUP BY \"charges\".\"status\"")) {
      actual.put((String) r.get(0), ((Number) r.get(1)).longValue());
    }
    assertEquals(expected, actual);
  }
}
