package org.stripesql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.ForeignKey;
import org.stripesql.catalog.ReportTypes;

/**
 * {@code DatabaseMetaData} through this driver as a schema browser (DBeaver, DataGrip, Tableau) calls it:
 * tables in JDBC's order with descriptions, columns with descriptions, primary keys, foreign keys in both
 * directions, cross references, index info, types and functions; all from the catalog, without a Stripe
 * request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaBrowserMetadataTest {
  GatewayFixture fx;
  Connection c;
  DatabaseMetaData md;

  @BeforeAll
  void start() throws Exception {
    fx = GatewayFixture.start(Serialization.PROTOBUF);
    c = fx.connect();
    md = c.getMetaData();
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

  /** One foreign key row, as the tests compare it. */
  record Fk(String fkTable, String fkColumn, String pkTable, String pkColumn) {}

  static List<Fk> foreignKeys(ResultSet rs) throws SQLException {
    List<Fk> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        assertNull(rs.getString("PKTABLE_CAT"));
        assertEquals("stripe", rs.getString("PKTABLE_SCHEM"));
        assertEquals("stripe", rs.getString("FKTABLE_SCHEM"));
        assertEquals(1, rs.getShort("KEY_SEQ"), "one-column keys");
        assertEquals(DatabaseMetaData.importedKeyNoAction, rs.getShort("UPDATE_RULE"));
        assertEquals(DatabaseMetaData.importedKeyNoAction, rs.getShort("DELETE_RULE"));
        assertEquals(DatabaseMetaData.importedKeyNotDeferrable, rs.getShort("DEFERRABILITY"));
        assertEquals(rs.getString("PKTABLE_NAME") + "_pkey", rs.getString("PK_NAME"));
        assertEquals(rs.getString("FKTABLE_NAME") + "_" + rs.getString("FKCOLUMN_NAME") + "_fkey",
            rs.getString("FK_NAME"));
        out.add(new Fk(rs.getString("FKTABLE_NAME"), rs.getString("FKCOLUMN_NAME"), rs.getString("PKTABLE_NAME"),
            rs.getString("PKCOLUMN_NAME")));
      }
    }
    return out;
  }

  List<String> primaryKey(String table) throws SQLException {
    Map<Short, String> bySeq = new TreeMap<>();
    List<String> columnOrder = new ArrayList<>();
    try (ResultSet rs = md.getPrimaryKeys(null, "stripe", table)) {
      while (rs.next()) {
        assertEquals(table, rs.getString("TABLE_NAME"));
        assertEquals(table + "_pkey", rs.getString("PK_NAME"));
        bySeq.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
        columnOrder.add(rs.getString("COLUMN_NAME"));
      }
    }
    List<String> sorted = new ArrayList<>(columnOrder);
    sorted.sort(null);
    assertEquals(sorted, columnOrder, "getPrimaryKeys is ordered by COLUMN_NAME");
    return new ArrayList<>(bySeq.values());
  }

  /** What DBeaver does on opening a connection and expanding the schema, then each table. */
  @Test
  void aSchemaBrowsersCrawlIsAnsweredFromTheCatalogAlone() throws Exception {
    Catalog catalog = Catalog.bundledWithDescriptions();
    fx.emulator.requestLog().clear();
    try (ResultSet rs = md.getCatalogs()) {
      assertFalse(rs.next(), "no catalogs: every table's TABLE_CAT is null");
    }
    Set<String> schemas = new TreeSet<>();
    try (ResultSet rs = md.getSchemas()) {
      while (rs.next()) {
        schemas.add(rs.getString("TABLE_SCHEM"));
      }
    }
    assertTrue(schemas.contains("stripe"), schemas.toString());
    Map<String, String> tableRemarks = new LinkedHashMap<>();
    try (ResultSet rs = md.getTables(null, "stripe", "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        tableRemarks.put(rs.getString("TABLE_NAME"), rs.getString("REMARKS"));
      }
    }
    List<ApiTable> all = new ArrayList<>(catalog.tables());
    ReportTypes.bundled().types().forEach(r -> all.add(r.toTable()));   // and a table per report type
    assertEquals(new ArrayList<>(new TreeSet<>(all.stream().map(ApiTable::name).toList())),
        new ArrayList<>(tableRemarks.keySet()), "every table, ordered by name");
    int columns = 0;
    int described = 0;
    for (ApiTable t : all) {
      assertEquals(t.remarks(), tableRemarks.get(t.name()), t.name() + " REMARKS");
      assertNotNull(t.remarks(), t.name());
      try (ResultSet rs = md.getColumns(null, "stripe", t.name(), "%")) {
        int i = 0;
        while (rs.next()) {
          ApiColumn col = t.columns().get(i++);
          assertEquals(col.name(), rs.getString("COLUMN_NAME"));
          assertEquals(col.remarks(), rs.getString("REMARKS"), t.name() + "." + col.name());
          columns++;
          if (col.remarks() != null) {
            described++;
          }
        }
        assertEquals(t.columns().size(), i, t.name());
      }
      assertEquals(t.primaryKey(), primaryKey(t.name()), t.name() + " primary key");
      List<Fk> imported = foreignKeys(md.getImportedKeys(null, "stripe", t.name()));
      Set<Fk> expected = new HashSet<>();
      for (ForeignKey fk : t.foreignKeys()) {
        expected.add(new Fk(t.name(), fk.column(), fk.table(), "id"));
      }
      assertEquals(expected, new HashSet<>(imported), t.name() + " imported keys");
      List<String> referenced = imported.stream().map(Fk::pkTable).toList();
      assertEquals(referenced.stream().sorted().toList(), referenced, t.name() + ": ordered by PKTABLE_NAME");
      List<Fk> exported = foreignKeys(md.getExportedKeys(null, "stripe", t.name()));
      exported.forEach(fk -> assertEquals(t.name(), fk.pkTable()));
      List<String> referencing = exported.stream().map(Fk::fkTable).toList();
      assertEquals(referencing.stream().sorted().toList(), referencing, t.name() + ": ordered by FKTABLE_NAME");
      try (ResultSet rs = md.getIndexInfo(null, "stripe", t.name(), false, true)) {
        assertFalse(rs.next(), "no indexes");
      }
    }
    assertEquals(0, fx.emulator.requestLog().size(), "metadata made Stripe requests: "
        + fx.emulator.requestLog().requests());
    assertTrue(columns > 3900 && described > 3000, described + " of " + columns + " columns described");
  }

  /** Checked by hand against Stripe's API reference: the object pages of charges, invoices, refunds... */
  @Test
  void foreignKeysOfASampleAreStripes() throws Exception {
    assertTrue(foreignKeys(md.getImportedKeys(null, "stripe", "charges"))
        .contains(new Fk("charges", "customer", "customers", "id")));
    List<Fk> invoices = foreignKeys(md.getImportedKeys(null, "stripe", "invoices"));
    assertTrue(invoices.contains(new Fk("invoices", "customer", "customers", "id")), invoices.toString());
    assertTrue(invoices.contains(new Fk("invoices", "subscription", "subscriptions", "id")), invoices.toString());
    // a 2023-08-16 line item also names its invoice item, subscription and subscription item; JDBC orders
    // imported keys by the referenced table
    assertEquals(List.of(new Fk("invoice_lines", "invoice_item", "invoiceitems", "id"),
        new Fk("invoice_lines", "invoice", "invoices", "id"), new Fk("invoice_lines", "price_id", "prices", "id"),
        new Fk("invoice_lines", "price_product", "products", "id"),
        new Fk("invoice_lines", "subscription_item", "subscription_items", "id"),
        new Fk("invoice_lines", "subscription", "subscriptions", "id")),
        foreignKeys(md.getImportedKeys(null, "stripe", "invoice_lines")));
    assertTrue(foreignKeys(md.getImportedKeys(null, "stripe", "refunds"))
        .contains(new Fk("refunds", "charge", "charges", "id")));
    List<Fk> items = foreignKeys(md.getImportedKeys(null, "stripe", "subscription_items"));
    assertTrue(items.contains(new Fk("subscription_items", "subscription", "subscriptions", "id")), items.toString());
    assertTrue(items.contains(new Fk("subscription_items", "price_id", "prices", "id")), items.toString());
    assertEquals(List.of("invoice", "id"), primaryKey("invoice_lines"), "KEY_SEQ order");
    assertEquals(List.of("id"), primaryKey("charges"));
    assertEquals(List.of(), primaryKey("balance"));
  }

  /** What Tableau reads to relate two tables it is given: the keys between exactly those two. */
  @Test
  void crossReferenceRelatesTwoTables() throws Exception {
    List<Fk> cross = foreignKeys(md.getCrossReference(null, "stripe", "customers", null, "stripe", "charges"));
    assertEquals(List.of(new Fk("charges", "customer", "customers", "id")), cross);
    List<Fk> invoices = foreignKeys(md.getCrossReference(null, "stripe", "customers", null, "stripe", "invoices"));
    assertEquals(new Fk("invoices", "customer", "customers", "id"), invoices.get(0),
        "the invoice's own customer first, nested references after it: " + invoices);
    assertTrue(foreignKeys(md.getCrossReference(null, "stripe", "charges", null, "stripe", "customers")).isEmpty());
    assertTrue(foreignKeys(md.getImportedKeys(null, "stripe", "customers")).stream()
        .noneMatch(fk -> fk.fkColumn().equals("default_source")), "a polymorphic reference is no foreign key");
    assertTrue(foreignKeys(md.getImportedKeys("some_catalog", "stripe", "charges")).isEmpty(), "no such catalog");
    assertTrue(foreignKeys(md.getImportedKeys(null, "other", "charges")).isEmpty(), "no such schema");
  }

  @Test
  void tablesInJdbcOrderAndTheirTypes() throws Exception {
    List<List<String>> keys = new ArrayList<>();
    Set<String> types = new TreeSet<>();
    try (ResultSet rs = md.getTables(null, null, "%", null)) {
      while (rs.next()) {
        keys.add(List.of(rs.getString("TABLE_TYPE"), String.valueOf(rs.getString("TABLE_CAT")),
            rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME")));
        types.add(rs.getString("TABLE_TYPE"));
      }
    }
    List<List<String>> sorted = new ArrayList<>(keys);
    sorted.sort((a, b) -> {
      for (int i = 0; i < a.size(); i++) {
        int d = a.get(i).compareTo(b.get(i));
        if (d != 0) {
          return d;
        }
      }
      return 0;
    });
    assertEquals(sorted, keys, "ordered by TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME");
    List<String> tableTypes = new ArrayList<>();
    try (ResultSet rs = md.getTableTypes()) {
      while (rs.next()) {
        tableTypes.add(rs.getString("TABLE_TYPE"));
      }
    }
    assertEquals(new ArrayList<>(types), tableTypes, "the types getTables returns, ordered");
  }

  /** Every schema getSchemas lists holds tables that SQL reads, by the names getTables gives. */
  @Test
  void schemasAreTheOnesSqlAccepts() throws Exception {
    Map<String, String> oneTable = new LinkedHashMap<>();
    try (ResultSet rs = md.getTables(null, null, "%", null)) {
      while (rs.next()) {
        oneTable.putIfAbsent(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"));
      }
    }
    List<String> schemas = new ArrayList<>();
    try (ResultSet rs = md.getSchemas()) {
      while (rs.next()) {
        schemas.add(rs.getString("TABLE_SCHEM"));
        assertNull(rs.getString("TABLE_CATALOG"));
      }
    }
    assertEquals(schemas.stream().sorted().toList(), schemas, "ordered by TABLE_CATALOG, TABLE_SCHEM");
    assertEquals(new TreeSet<>(oneTable.keySet()), new TreeSet<>(schemas));
    fx.emulator.requestLog().clear();
    try (Statement s = c.createStatement()) {
      for (Map.Entry<String, String> e : oneTable.entrySet()) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + e.getKey() + "\".\"" + e.getValue() + "\" WHERE 1 = 0")) {
          assertFalse(rs.next(), e.toString());
        }
      }
    }
    assertEquals(0, fx.emulator.requestLog().size());
  }

  @Test
  void typesAreTheOnesSqlAccepts() throws Exception {
    List<Integer> dataTypes = new ArrayList<>();
    try (ResultSet rs = md.getTypeInfo(); Statement s = c.createStatement()) {
      while (rs.next()) {
        String name = rs.getString("TYPE_NAME");
        dataTypes.add(rs.getInt("DATA_TYPE"));
        try (ResultSet cast = s.executeQuery("SELECT CAST(NULL AS " + name + ")")) {
          assertTrue(cast.next(), name);
          assertEquals(rs.getInt("DATA_TYPE"), cast.getMetaData().getColumnType(1), name);
        }
        String prefix = rs.getString("LITERAL_PREFIX");
        String literal = switch (name) {
          case "DATE" -> "2026-01-02";
          case "TIME" -> "03:04:05";
          case "TIMESTAMP" -> "2026-01-02 03:04:05";
          case "CHAR", "VARCHAR" -> "abc";
          case "BINARY", "VARBINARY" -> "0A0B";
          default -> null;
        };
        if (literal != null) {
          try (ResultSet lit = s.executeQuery("SELECT " + prefix + literal + rs.getString("LITERAL_SUFFIX"))) {
            assertTrue(lit.next(), name);
          }
        }
      }
    }
    assertTrue(dataTypes.size() >= 12, dataTypes.toString());
    assertEquals(dataTypes.stream().sorted().toList(), dataTypes, "ordered by DATA_TYPE");
    assertEquals(dataTypes.size(), new HashSet<>(dataTypes).size(), "one name per JDBC type");
  }

  @Test
  void functionsAreTheOnesSqlAccepts() throws Exception {
    List<String> all = new ArrayList<>();
    Set<String> stripe = new TreeSet<>();
    try (ResultSet rs = md.getFunctions(null, null, "%")) {
      while (rs.next()) {
        String schema = rs.getString("FUNCTION_SCHEM");
        String name = rs.getString("FUNCTION_NAME");
        all.add((schema == null ? "" : schema) + "." + name);
        assertTrue(name.matches("[A-Za-z][A-Za-z0-9_]*"), "a name SQL accepts: " + name);
        if ("stripe".equals(schema)) {
          stripe.add(name);
        }
      }
    }
    assertEquals(all.stream().sorted().toList(), all, "ordered by schema and name (built-ins, without one, first)");
    assertTrue(all.contains(".UPPER") && all.contains(".JSON_VALUE"), all.toString());
    assertEquals(Set.of("GetOAuthAccessToken", "GetOAuthAuthorizationURL", "RefreshOAuthAccessToken"), stripe);
    try (ResultSet rs = md.getFunctions(null, "stripe", "GetOAuth%")) {
      int n = 0;
      while (rs.next()) {
        assertEquals("stripe", rs.getString("FUNCTION_SCHEM"));
        n++;
      }
      assertEquals(2, n);
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT UPPER('a'), JSON_VALUE('{\"k\": 1}', '$.k')")) {
      assertTrue(rs.next());
      assertEquals("A", rs.getString(1));
    }
  }
}
