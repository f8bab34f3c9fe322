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
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
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
import org.stripesql.catalog.ListOmit;
import org.stripesql.catalog.TableKind;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.emulator.data.JsonPaths;

/**
 * Every table of the bundled catalog, read with {@code SELECT *} through the real gateway and the thin
 * driver (protobuf) from the emulator: the rows are the objects a scan lists, every value is the
 * emulator object's value at the column's path (flattened paths, reference ids, JSON text), with the
 * Java class of its column's declared type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryTableOverGatewayTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

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
    assertTrue(all.size() >= 97, "tables in the bundled catalog (2023-08-16): " + all.size());
    Set<TableKind> kinds = new HashSet<>();
    all.forEach(t -> kinds.add(t.kind()));
    assertEquals(Set.of(TableKind.LIST, TableKind.CHILD, TableKind.SINGLETON), kinds);
    for (String child : FULL_CHILD_SCANS) {
      assertEquals(TableKind.CHILD, Catalog.bundled().table(child).orElseThrow().kind(), child);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void selectStarReturnsTheEmulatorsValues(String name) throws Exception {
    ApiTable t = Catalog.bundled().table(name).orElseThrow();
    String sql = "SELECT * FROM \"" + name + "\"";
    List<ObjectNode> expected = listed(t, emulator.data().list(name));
    String onlyParent = null;
    if (t.kind() == TableKind.CHILD && !FULL_CHILD_SCANS.contains(name)) {
      assertFalse(expected.isEmpty(), "the emulator has rows of " + name);
      onlyParent = emulator.data().parentOf(name, expected.get(0).path("id").asText());
      assertNotNull(onlyParent, "parent of the first " + name + " row");
      sql += " WHERE \"" + t.parent().column() + "\" = '" + onlyParent + "'";
      expected = listed(t, emulator.data().children(name, onlyParent));
    }
    for (String fixed : t.fixedColumns()) {
      if (t.parent() == null || !fixed.equals(t.parent().column())) {
        // a column Stripe needs a value for (ownership, scope_type): the first row's; only rows that hold it
        JsonNode value = JsonPaths.at(expected.get(0), t.column(fixed).orElseThrow().path());
        sql += (sql.contains(" WHERE ") ? " AND" : " WHERE") + " \"" + fixed + "\" = '" + value.asText() + "'";
        List<String> path = t.column(fixed).orElseThrow().path();
        expected = expected.stream().filter(o -> value.equals(JsonPaths.at(o, path))).toList();
      }
    }
    List<Object[]> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, "", "");
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(t.columns().size(), md.getColumnCount(), "columns of " + name);
      for (int i = 0; i < t.columns().size(); i++) {
        ApiColumn col = t.columns().get(i);
        assertEquals(col.name(), md.getColumnLabel(i + 1), name + " column " + (i + 1));
        assertEquals(jdbcType(col.type()), md.getColumnType(i + 1), name + "." + col.name() + " JDBC type");
      }
      while (rs.next()) {
        Object[] row = new Object[t.columns().size()];
        for (int i = 0; i < row.length; i++) {
          ApiColumn col = t.columns().get(i);
          Object v = col.type() == ColumnType.TIMESTAMP ? rs.getTimestamp(i + 1, UTC) : rs.getObject(i + 1);
          if (v != null) {
            assertEquals(javaClass(col.type()), v.getClass(), name + "." + col.name() + " = " + v);
          }
          row[i] = v;
        }
        rows.add(row);
      }
    }
    assertTrue(rows.size() > 0, name + " returned no rows for " + sql);
    if (t.kind() == TableKind.SINGLETON) {
      assertEquals(1, expected.size(), name + " is one object");
      assertSingletonValues(t, expected.get(0), rows);
      return;
    }
    assertEquals(expected.size(), rows.size(), "rows of " + sql);
    int idColumn = t.columnIndex("id");
    Map<String, ObjectNode> byId = new TreeMap<>();
    expected.forEach(o -> byId.put(o.path("id").asText(), o));
    Set<String> seen = new TreeSet<>();
    for (Object[] row : rows) {
      String id = (String) row[idColumn];
      assertTrue(seen.add(id), "each row once: " + id);
      ObjectNode object = byId.get(id);
      assertNotNull(object, name + " row " + id + " is one of the emulator's");
      String parent = t.parent() == null ? null : onlyParent != null ? onlyParent : emulator.data().parentOf(name, id);
      assertRowValues(t, row, object, object, parent, null);
    }
    assertEquals(byId.keySet(), seen, "ids of " + sql);
  }

  /**
   * The objects a plain scan lists: not those the list leaves out (test-clock objects, a customer's
   * canceled subscriptions), and payment methods only through a listed customer (Stripe lists none
   * without one).
   */
  private List<ObjectNode> listed(ApiTable t, List<ObjectNode> objects) {
    List<ObjectNode> out = new ArrayList<>();
    Set<String> owners = null;
    if (t.scanPer() != null) {
      ApiTable owner = Catalog.bundled().table(t.scanPer().table()).orElseThrow();
      owners = new TreeSet<>();
      for (ObjectNode o : listed(owner, emulator.data().list(owner.name()))) {
        owners.add(o.path("id").asText());
      }
    }
    for (ObjectNode o : objects) {
      boolean omitted = false;
      for (ListOmit omit : t.listOmitsOrEmpty()) {
        Object v = expectedValue(t.column(omit.column()).orElseThrow(), o, o);
        omitted |= omit.omits(v);
      }
      if (owners != null && !owners.contains(o.path(t.scanPer().param()).asText())) {
        omitted = true;
      }
      if (!omitted) {
        out.add(o);
      }
    }
    return out;
  }

  /** A singleton's row, or an exploded singleton's rows (one per array entry, in the arrays' order). */
  private static void assertSingletonValues(ApiTable t, ObjectNode object, List<Object[]> rows) {
    if (t.explode() == null) {
      assertEquals(1, rows.size(), t.name() + " is one row");
      assertRowValues(t, rows.get(0), object, object, null, null);
      return;
    }
    int i = 0;
    for (var source : t.explode().arrays()) {
      JsonNode array = object;
      for (String p : source.path()) {
        array = array.path(p);
      }
      for (JsonNode entry : array) {
        assertTrue(i < rows.size(), t.name() + " has a row per array entry");
        assertRowValues(t, rows.get(i++), entry, object, null, source.kind());
      }
    }
    assertEquals(i, rows.size(), t.name() + " has a row per array entry");
  }

  /** Every column of a row holds the object's value at the column's path, as the catalog types it. */
  private static void assertRowValues(ApiTable t, Object[] row, JsonNode object, JsonNode root, String parentId,
      String kind) {
    for (int i = 0; i < row.length; i++) {
      ApiColumn col = t.columns().get(i);
      String what = t.name() + "." + col.name() + " of " + object.path("id").asText("the object");
      Object want;
      if (t.parent() != null && t.parent().column().equals(col.name())) {
        want = parentId;
      } else if (t.explode() != null && t.explode().kindColumn().equals(col.name())) {
        want = kind;
      } else {
        want = expectedValue(col, object, root);
      }
      Object got = row[i];
      if (want == null || got == null) {
        assertEquals(want, got, what);
      } else if (col.type() == ColumnType.TIMESTAMP) {
        assertEquals(want, ((Timestamp) got).getTime(), what);
      } else if (col.type() == ColumnType.DECIMAL) {
        assertEquals(0, ((BigDecimal) want).compareTo((BigDecimal) got), what + ": " + want + " vs " + got);
      } else if (col.type() == ColumnType.JSON) {
        assertParsesAsJson(what, (String) got);
        assertEquals(want, json((String) got), what);
      } else {
        assertEquals(want, got, what);
      }
    }
  }

  /**
   * The value Stripe's object holds for a column, as SQL sees it: the flattened path's scalar, a
   * reference's id (expanded or not), seconds as milliseconds, anything else as JSON.
   */
  private static Object expectedValue(ApiColumn col, JsonNode object, JsonNode root) {
    if (col.path().isEmpty()) {
      return null;
    }
    JsonNode n = object;
    List<String> path = col.path();
    if (path.get(0).equals("$object")) {
      n = root;
      path = path.subList(1, path.size());
    }
    for (String p : path) {
      n = n == null ? null : n.get(p);
    }
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    return switch (col.type()) {
      case VARCHAR -> n.isObject() && col.ref() != null ? n.path("id").asText() : n.isValueNode() ? n.asText()
          : n.toString();
      case BIGINT -> n.asLong();
      case BOOLEAN -> n.asBoolean();
      case DOUBLE -> n.asDouble();
      case DECIMAL -> new BigDecimal(n.asText());
      case TIMESTAMP -> n.asLong() * 1000L;
      case JSON -> json(n.toString());
    };
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + text, e);
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
