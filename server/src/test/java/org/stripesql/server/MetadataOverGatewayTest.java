package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.TablesDoc;
import org.stripesql.emulator.StripeEmulator;

/**
 * {@code DatabaseMetaData} over the thin driver lists every catalog table and column with its JDBC type,
 * and answers from the catalog alone: the emulator sees no request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetadataOverGatewayTest {
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
    Catalog catalog = Catalog.bundled();
    emulator.requestLog().clear();
    Map<String, String> tables = new TreeMap<>();
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
          if (rs.getString("REMARKS") != null) {
            remarks++;
          }
        }
      }
    }
    assertEquals(List.of(), emulator.requestLog().requests(), "metadata made Stripe requests");

    assertEquals(85, catalog.tables().size());
    assertEquals(new TreeSet<>(catalog.byName().keySet()), tables.keySet());
    tables.forEach((name, type) -> assertEquals("TABLE", type, name));
    int expectedColumns = 0;
    for (ApiTable t : catalog.tables()) {
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
    }
    assertEquals(expectedColumns, types.size());
    assertTrue(expectedColumns > 1000, expectedColumns + " columns");
    assertEquals(0, remarks, "the bundled catalog carries no descriptions");
  }

  @Test
  void columnsOfOneTableByPattern() throws Exception {
    emulator.requestLog().clear();
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "");
        ResultSet rs = c.getMetaData().getColumns(null, "stripe", "customers", "e%")) {
      while (rs.next()) {
        names.add(rs.getString("COLUMN_NAME"));
        assertNull(rs.getString("REMARKS"));
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
}
