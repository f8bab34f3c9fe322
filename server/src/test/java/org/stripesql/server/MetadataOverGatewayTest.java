package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.ReportTypes;
import org.stripesql.catalog.TablesDoc;
import org.stripesql.emulator.StripeEmulator;

/**
 * {@code DatabaseMetaData} over Avatica's own thin driver lists every catalog table (in JDBC's order,
 * described) and column (typed, described), answers the stripe-sql driver's metadata calls, and reads the
 * catalog alone: the emulator sees no request. The stripe-sql driver's side: SchemaBrowserMetadataTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetadataOverGatewayTest {
  /** The statement prefix of a metadata call, as the gateway and the stripe-sql driver spell it. */
  private static final String PREFIX = "/*stripesql:metadata*/";
  private StripeEmulator emulator;
  private StripeSqlGateway gateway;

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().host("127.0.0.1").port(0).build().start();
    gateway = StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), "sk_test_metadata"))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void tablesAndColumnsWithoutStripeRequests() throws Exception {
    Catalog catalog = Catalog.bundledWithDescriptions();
    emulator.requestLog().clear();
    Map<String, String> tables = new LinkedHashMap<>();
    Map<String, String> tableRemarks = new LinkedHashMap<>();
    Map<String, String> columnRemarks = new LinkedHashMap<>();
    Map<String, List<String>> columns = new LinkedHashMap<>();
    Map<String, Integer> types = new LinkedHashMap<>();
    Map<String, String> nullable = new LinkedHashMap<>();
    int remarks = 0;
    try (Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "")) {
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getTables(null, "stripe", "%", null)) {
        while (rs.next()) {
          assertEquals("stripe", rs.getString("TABLE_SCHEM"));
          tables.put(rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE"));
          tableRemarks.put(rs.getString("TABLE_NAME"), rs.getString("REMARKS"));
        }
      }
      try (ResultSet rs = md.getColumns(null, "stripe", "%", "%")) {
        while (rs.next()) {
          String table = rs.getString("TABLE_NAME");
          String column = rs.getString("COLUMN_NAME");
          columns.computeIfAbsent(table, k -> new ArrayList<>()).add(column);
          assertEquals(columns.get(table).size(), rs.getInt("ORDINAL_POSITION"), table + "." + column);
          types.put(table + "." + column, rs.getInt("DATA_TYPE"));
          nullable.put(table + "." + column, rs.getString("IS_NULLABLE"));
          columnRemarks.put(table + "." + column, rs.getString("REMARKS"));
          if (rs.getString("REMARKS") != null) {
            remarks++;
          }
        }
      }
    }
    assertEquals(List.of(), emulator.requestLog().requests(), "metadata made Stripe requests");

    assertEquals(Catalog.bundled().tables().size(), catalog.tables().size());
    assertTrue(catalog.tables().size() >= 97, "the 2023-08-16 catalog: " + catalog.tables().size());
    List<ApiTable> all = new ArrayList<>(catalog.tables());
    ReportTypes.bundled().types().forEach(r -> all.add(r.toTable()));   // and a table per report type
    assertEquals(new ArrayList<>(new TreeSet<>(all.stream().map(ApiTable::name).toList())),
        new ArrayList<>(tables.keySet()),
        "getTables ordered by TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME: here by name");
    tables.forEach((name, type) -> assertEquals("TABLE", type, name));
    int expectedColumns = 0;
    for (ApiTable t : all) {
      List<String> names = new ArrayList<>();
      for (ApiColumn col : t.columns()) {
        names.add(col.name());
        expectedColumns++;
        String key = t.name() + "." + col.name();
        assertEquals(EveryTableOverGatewayTest.jdbcType(col.type()), types.get(key), key + " DATA_TYPE");
        // only ids and the columns stripe-sql fills itself (parent ids, the balance kind) are NOT NULL,
        // as docs/tables.md says
        boolean notNull = col.path().isEmpty() || (col.name().equals("id") && !col.nullable());
        assertEquals(!notNull, TablesDoc.nullableInSql(col), key);
        assertEquals(notNull ? "NO" : "YES", nullable.get(key), key + " IS_NULLABLE");
      }
      assertEquals(names, columns.get(t.name()), "columns of " + t.name() + " in catalog order");
      assertEquals(t.remarks(), tableRemarks.get(t.name()), t.name() + " REMARKS");
      assertTrue(t.remarks() != null, "every table is described: " + t.name());
      for (ApiColumn col : t.columns()) {
        assertEquals(col.remarks(), columnRemarks.get(t.name() + "." + col.name()), t.name() + "." + col.name());
      }
    }
    assertEquals(expectedColumns, types.size());
    assertTrue(expectedColumns > 1000, expectedColumns + " columns");
    assertTrue(remarks > 3000, remarks + " columns described by the committed descriptions");
  }

  @Test
  void columnsOfOneTableByPattern() throws Exception {
    emulator.requestLog().clear();
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "");
        ResultSet rs = c.getMetaData().getColumns(null, "stripe", "customers", "e%")) {
      while (rs.next()) {
        names.add(rs.getString("COLUMN_NAME"));
      }
    }
    List<String> expected = new ArrayList<>();
    for (ApiColumn col : Catalog.bundled().table("customers").orElseThrow().columns()) {
      if (col.name().startsWith("e")) {
        expected.add(col.name());
      }
    }
    assertTrue(expected.contains("email"), expected.toString());
    assertEquals(expected, names);
    assertEquals(0, emulator.requestLog().size());
  }

  /** The calls Avatica's protocol lacks, as the stripe-sql driver sends them: any statement can carry one. */
  @Test
  void metadataCallsOnAStatement() throws Exception {
    emulator.requestLog().clear();
    try (Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "");
        Statement s = c.createStatement()) {
      List<String> keys = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(call("getPrimaryKeys", "null", "\"stripe\"", "\"invoice_lines\""))) {
        while (rs.next()) {
          keys.add(rs.getString("COLUMN_NAME") + "#" + rs.getShort("KEY_SEQ"));
        }
      }
      assertEquals(List.of("id#2", "invoice#1"), keys);
      List<String> fks = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(call("getCrossReference", "null", "\"stripe\"", "\"charges\"", "null",
          "\"stripe\"", "\"refunds\""))) {
        while (rs.next()) {
          fks.add(rs.getString("FKTABLE_NAME") + "." + rs.getString("FKCOLUMN_NAME") + "->"
              + rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME"));
          assertEquals(DatabaseMetaData.importedKeyNotDeferrable, rs.getShort("DEFERRABILITY"));
        }
      }
      assertEquals(List.of("refunds.charge->charges.id"), fks);
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(call("getEverything", "null")));
      assertEquals("42000", e.getSQLState());
      assertTrue(e.getMessage().contains("'getEverything' is not one of [getCrossReference, getExportedKeys,"),
          e.getMessage());
      e = assertThrows(SQLException.class, () -> s.executeQuery(PREFIX + " {not json"));
      assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }
    assertEquals(0, emulator.requestLog().size());
  }

  /** What the stripe-sql driver sends for a DatabaseMetaData call: the prefix and a JSON object. */
  private static String call(String name, String... args) {
    return PREFIX + " {\"call\": \"" + name + "\", \"args\": [" + String.join(", ", args) + "]}";
  }
}
