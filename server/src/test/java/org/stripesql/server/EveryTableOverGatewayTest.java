package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.ColumnType;
import org.stripesql.catalog.TableKind;
import org.stripesql.emulator.StripeEmulator;

/**
 * Every table of the bundled catalog, read with {@code SELECT *} through the real gateway and the thin
 * driver (protobuf) from the emulator: rows come back, the ids are the emulator's, and every value has
 * the Java class of its column's declared type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryTableOverGatewayTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Child tables scanned in full, walking every parent: one with the parent id in the path, one with it
   * in the path as {@code {id}} (a synthetic parent column), one with it in a query parameter. The others
   * are read for one parent that has children, which keeps the suite short: a full scan costs one
   * request per parent row (600 for invoice_lines).
   */
  private static final Set<String> FULL_CHILD_SCANS = Set.of("account_persons", "transfer_reversals",
      "radar_value_list_items");

  private StripeEmulator emulator;
  private StripeSqlGateway gateway;
  private String url;

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1)
        .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start();
    gateway = StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), "sk_test_every_table"))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
    url = gateway.jdbcUrl("127.0.0.1");
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

  static Stream<String> tables() {
    return Catalog.bundled().tables().stream().map(ApiTable::name);
  }

  @Test
  void catalogHasEveryKind() {
    List<ApiTable> all = Catalog.bundled().tables();
    assertEquals(85, all.size(), "tables in the bundled catalog");
    Set<TableKind> kinds = new HashSet<>();
    all.forEach(t -> kinds.add(t.kind()));
    assertEquals(Set.of(TableKind.LIST, TableKind.CHILD, TableKind.SINGLETON), kinds);
    for (String child : FULL_CHILD_SCANS) {
      assertEquals(TableKind.CHILD, Catalog.bundled().table(child).orElseThrow().kind(), child);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void selectStarReturnsTypedRows(String name) throws Exception {
    ApiTable t = Catalog.bundled().table(name).orElseThrow();
    String sql = "SELECT * FROM \"" + name + "\"";
    List<ObjectNode> expected = emulator.data().list(name);
    if (t.kind() == TableKind.CHILD && !FULL_CHILD_SCANS.contains(name)) {
      assertFalse(expected.isEmpty(), "the emulator has rows of " + name);
      String parentId = emulator.data().parentOf(name, expected.get(0).path("id").asText());
      assertNotNull(parentId, "parent of the first " + name + " row");
      sql += " WHERE \"" + t.parent().column() + "\" = '" + parentId + "'";
      expected = emulator.data().children(name, parentId);
    }
    Set<String> ids = new TreeSet<>();
    int rows = 0;
    try (Connection c = DriverManager.getConnection(url, "", "");
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(t.columns().size(), md.getColumnCount(), "columns of " + name);
      for (int i = 0; i < t.columns().size(); i++) {
        ApiColumn col = t.columns().get(i);
        assertEquals(col.name(), md.getColumnLabel(i + 1), name + " column " + (i + 1));
        assertEquals(jdbcType(col.type()), md.getColumnType(i + 1), name + "." + col.name() + " JDBC type");
      }
      int idColumn = t.columnIndex("id");
      while (rs.next()) {
        rows++;
        for (int i = 0; i < t.columns().size(); i++) {
          ApiColumn col = t.columns().get(i);
          Object v = rs.getObject(i + 1);
          if (v == null) {
            continue;
          }
          assertEquals(javaClass(col.type()), v.getClass(), name + "." + col.name() + " = " + v);
          if (col.type() == ColumnType.JSON) {
            assertParsesAsJson(name + "." + col.name(), (String) v);
          }
        }
        if (idColumn >= 0) {
          ids.add(rs.getString(idColumn + 1));
        }
      }
    }
    assertTrue(rows > 0, name + " returned no rows for " + sql);
    if (t.kind() == TableKind.SINGLETON) {
      assertEquals(1, expected.size(), name + " is one object");
      if (t.explode() == null) {
        assertEquals(1, rows, name + " is one row");
      } else {
        assertEquals(explodedRows(expected.get(0), t), rows, name + " has a row per array entry");
      }
    } else {
      assertEquals(expected.size(), rows, "rows of " + sql);
    }
    if (t.columnIndex("id") >= 0 && t.kind() != TableKind.SINGLETON) {
      Set<String> expectedIds = new TreeSet<>();
      expected.forEach(o -> expectedIds.add(o.path("id").asText()));
      assertEquals(expectedIds, ids, "ids of " + sql);
    }
  }

  @Test
  void metadataJsonValueFindsGoldCustomers() throws Exception {
    Set<String> expected = new TreeSet<>();
    for (ObjectNode o : emulator.data().list("customers")) {
      if ("gold".equals(o.path("metadata").path("plan").asText(null))) {
        expected.add(o.path("id").asText());
      }
    }
    int customers = emulator.data().list("customers").size();
    assertTrue(!expected.isEmpty() && expected.size() < customers,
        "the emulator has some, not all, customers with metadata.plan = gold: " + expected.size());
    Set<String> actual = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(url, "", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM customers WHERE JSON_VALUE(metadata, '$.plan') = 'gold'")) {
      while (rs.next()) {
        assertTrue(actual.add(rs.getString(1)), "duplicate " + rs.getString(1));
      }
    }
    assertEquals(expected, actual);
  }

  private static int explodedRows(JsonNode object, ApiTable t) {
    int n = 0;
    for (var source : t.explode().arrays()) {
      JsonNode a = object;
      for (String p : source.path()) {
        a = a.path(p);
      }
      n += a.isArray() ? a.size() : 0;
    }
    return n;
  }

  private static void assertParsesAsJson(String what, String text) {
    try {
      JsonNode n = JSON.readTree(text);
      assertNotNull(n, what + " is JSON: " + text);
      assertFalse(n.isMissingNode(), what + " is JSON: " + text);
    } catch (JsonProcessingException e) {
      fail(what + " is not JSON: " + text + " (" + e.getOriginalMessage() + ")");
    }
  }

  static int jdbcType(ColumnType type) {
    return switch (type) {
      case VARCHAR, JSON -> Types.VARCHAR;
      case BIGINT -> Types.BIGINT;
      case BOOLEAN -> Types.BOOLEAN;
      case DOUBLE -> Types.DOUBLE;
      case DECIMAL -> Types.DECIMAL;
      case TIMESTAMP -> Types.TIMESTAMP;
    };
  }

  static Class<?> javaClass(ColumnType type) {
    return switch (type) {
      case VARCHAR, JSON -> String.class;
      case BIGINT -> Long.class;
      case BOOLEAN -> Boolean.class;
      case DOUBLE -> Double.class;
      case DECIMAL -> BigDecimal.class;
      case TIMESTAMP -> Timestamp.class;
    };
  }

}
