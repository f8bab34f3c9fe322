package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each way a mirror once answered otherwise than live SQL, as a case of its own, in DuckDB and (with
 * {@code STRIPESQL_TEST_PG_URL}) PostgreSQL: SQL the store could not parse, SQL it evaluated otherwise,
 * parameters it bound as another type. The reference is the live path with {@code Pushdown=false}, where
 * Calcite evaluates everything; values come from the emulator's data, never from figures of its seed.
 * {@code DifferentialTest} looks for more at random.
 */
class MirrorSameRowsTest {
  private static final String TABLES = "customers,charges,invoices,invoice_lines";
  private static final String PG = System.getenv("STRIPESQL_TEST_PG_URL");

  @TempDir
  static Path dir;

  private static MirrorFixture fixture;
  private static Connection live;
  private static final Map<String, Connection> STORES = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    fixture = new MirrorFixture(1);
    // a name with a line break, before the mirrors load (LIKE's _ matches none in Calcite)
    Writes.post(fixture.emulator, "/v1/customers", "name=Line%0ABreak&email=line.break%40example.com");
    live = fixture.live(Map.of("Pushdown", "false"));
    STORES.put("DuckDB", fixture.mirrored(TABLES, dir.toString(), Map.of()));
    if (PG != null && !PG.isBlank()) {
      STORES.put("PostgreSQL", fixture.mirrored(TABLES, PG, Map.of()));
    }
    for (Connection c : STORES.values()) {
      MirrorFixture.awaitLive(c, Duration.ofSeconds(120));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (Connection c : STORES.values()) {
      c.close();
    }
    live.close();
    fixture.close();
  }

  static Stream<String> stores() {
    return Stream.of("DuckDB", "PostgreSQL");
  }

  private static Connection store(String name) {
    Connection c = STORES.get(name);
    Assumptions.assumeTrue(c != null, "no PostgreSQL: set STRIPESQL_TEST_PG_URL");
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void castToVarcharOfALengthIsWrittenInSqlTheStoreParses(String store) throws Exception {
    assertSameRows(store, "SELECT id, CAST(name AS VARCHAR(3)) FROM customers");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void castToVarcharOfALengthTruncatesAsInCalcite(String store) throws Exception {
    String id = fixture.emulator.data().list("customers").get(3).path("id").asText();
    List<String> rows = assertSameRows(store, "SELECT id FROM customers WHERE CAST(id AS VARCHAR(11)) = '"
        + id.substring(0, 11) + "'");
    assertFalse(rows.isEmpty(), "the prefix of a customer's id names it");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void theCastsCalciteAddsToALeftJoinAreWrittenInSqlTheStoreParses(String store) throws Exception {
    String email = fixture.emulator.data().list("customers").get(4).path("email").asText();
    assertSameRows(store, "SELECT c.id, p.email FROM charges c LEFT JOIN customers p ON c.customer = p.id"
        + " WHERE p.email = '" + email + "' OR p.email IS NULL");
    String customer = fixture.emulator.data().list("charges").get(7).path("customer").asText();
    assertFalse(assertSameRows(store, "SELECT c.id, p.id, p.name FROM charges c LEFT JOIN customers p"
        + " ON c.customer = p.id WHERE p.id = '" + customer + "'").isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void timeArithmeticIsWrittenInSqlTheStoreParses(String store) throws Exception {
    String newest = timestamp(newestCharge());
    String sql = "SELECT id FROM charges WHERE created > TIMESTAMPADD(DAY, -30, TIMESTAMP '" + newest + "')";
    assertFalse(assertSameRows(store, sql).isEmpty(), "charges of the last 30 days before the newest");
    assertTrue(plan(store(store), sql).contains("JdbcFilter"), "the store filters: " + plan(store(store), sql));
    assertSameRows(store, "SELECT id FROM charges WHERE created > TIMESTAMPADD(DAY, -30, CURRENT_TIMESTAMP)");
    assertSameRows(store, "SELECT id FROM charges WHERE created >= TIMESTAMP '" + newest + "' - INTERVAL '2' MONTH");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void jsonValueComparesTheStringAtThePathWithoutItsQuotes(String store) throws Exception {
    String plan = fixture.emulator.data().list("customers").stream()
        .map(o -> o.path("metadata").path("plan").asText("")).filter(v -> !v.isEmpty()).findFirst().orElseThrow();
    String sql = "SELECT id, email FROM customers WHERE JSON_VALUE(metadata, '$.plan') = '" + plan + "'";
    assertFalse(assertSameRows(store, sql).isEmpty(), "customers on plan " + plan);
    assertTrue(plan(store(store), sql).contains("JSON_STRING"), "the store narrows: " + plan(store(store), sql));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aTimestampParameterIsBoundAsATimestamp(String store) throws Exception {
    List<ObjectNode> charges = fixture.emulator.data().list("charges");
    long created = charges.get(charges.size() / 2).path("created").asLong();
    Timestamp at = Timestamp.valueOf(LocalDateTime.ofEpochSecond(created, 0, ZoneOffset.UTC));
    String sql = "SELECT id FROM charges WHERE created < ?";
    List<String> expected = rows(live, sql, at);
    assertFalse(expected.isEmpty(), "charges before the middle one");
    assertEquals(expected, rows(store(store), sql, at), sql);
    String dateSql = "SELECT id FROM charges WHERE CAST(created AS DATE) <= ?";
    Date day = Date.valueOf(at.toLocalDateTime().toLocalDate());
    assertEquals(rows(live, dateSql, day), rows(store(store), dateSql, day), dateSql);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void nullsOrderAsInCalcite(String store) throws Exception {
    assertSameRows(store, "SELECT failure_code, id FROM charges ORDER BY failure_code DESC, id LIMIT 20");
    assertSameRows(store, "SELECT failure_code, id FROM charges ORDER BY failure_code, id LIMIT 20");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void likeUnderscoreMatchesNoLineBreakAsInCalcite(String store) throws Exception {
    assertTrue(assertSameRows(store, "SELECT id FROM customers WHERE name LIKE 'Line_Break'").isEmpty());
    assertFalse(assertSameRows(store, "SELECT id FROM customers WHERE name LIKE 'Line%Break'").isEmpty());
    assertSameRows(store, "SELECT id FROM customers WHERE name LIKE 'A_%' OR email LIKE '%\\_%' ESCAPE '\\'");
  }

  /** Differential seed 22, statement 912: a sort on an expression the select list does not keep, a column twice. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aSortOnAnExpressionOutsideASelectListThatRepeatsAColumn(String store) throws Exception {
    assertSameRows(store, "SELECT t.id, t.livemode, t.id FROM charges t WHERE (LOWER(t.description) = 'none'"
        + " OR t.currency IS NULL) ORDER BY CAST(t.amount AS DECIMAL(20, 2)) NULLS FIRST, t.id DESC NULLS LAST LIMIT 5");
    assertSameRows(store, "SELECT t.id, t.livemode, t.id FROM charges t"
        + " ORDER BY CAST(t.amount AS DECIMAL(20, 2)) NULLS FIRST, t.id DESC NULLS LAST LIMIT 5");
  }

  /** Differential seed 22, statement 1661: a sort on a cast the select list also holds (two collations). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aSortOnACastTheSelectListHolds(String store) throws Exception {
    String name = fixture.emulator.data().list("customers").get(2).path("name").asText();
    assertFalse(assertSameRows(store, "SELECT CAST(t.livemode AS VARCHAR), t.livemode FROM customers t"
        + " WHERE t.name = '" + name.replace("'", "''") + "' ORDER BY CAST(t.livemode AS VARCHAR), t.id").isEmpty());
  }

  private static ObjectNode newestCharge() {
    return fixture.emulator.data().list("charges").stream()
        .max(Comparator.comparingLong(o -> o.path("created").asLong())).orElseThrow();
  }

  private static String timestamp(ObjectNode o) {
    return Instant.ofEpochSecond(o.path("created").asLong()).toString().replace('T', ' ').replace("Z", "");
  }

  /** The statement's rows on the store and live, which must be equal; returns them. */
  private static List<String> assertSameRows(String store, String sql) throws SQLException {
    List<String> expected = rows(live, sql);
    assertEquals(expected, rows(store(store), sql), store + ": " + sql);
    return expected;
  }

  private static String plan(Connection c, String sql) throws SQLException {
    return String.join("\n", rows(c, "EXPLAIN PLAN FOR " + sql));
  }

  /** Rows as text (decimals by value), sorted unless the statement orders them. */
  private static List<String> rows(Connection c, String sql, Object... params) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            Object v = rs.getObject(i);
            row.add(v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(v));
          }
          out.add(String.join(" | ", row));
        }
      }
    }
    if (!sql.contains("ORDER BY")) {
      out.sort(null);
    }
    return out;
  }
}
