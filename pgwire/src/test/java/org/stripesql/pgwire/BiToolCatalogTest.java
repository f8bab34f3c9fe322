package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The catalog queries of the BI tools, as they send them (src/test/resources/clients: Metabase's sync through
 * pgJDBC with its parameters, Grafana's query editor through the simple and the extended protocol), run as SQL
 * over pg_catalog and information_schema: each must succeed and find the tables, columns and keys the catalog has.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BiToolCatalogTest {
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

  /** A statement of a client's file: what it is for, its text, the values of its {@code ?} parameters. */
  record ClientQuery(String what, String sql, List<String> parameters) {}

  /** The statements of a file: blocks after a {@code -- what | parameter | ...} line, comment-only blocks skipped. */
  static Map<String, ClientQuery> queries(String resource) throws IOException {
    String text;
    try (InputStream in = BiToolCatalogTest.class.getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, ClientQuery> out = new LinkedHashMap<>();
    for (String block : text.split("\n\\s*\n")) {
      int eol = block.indexOf('\n');
      String sql = eol < 0 ? "" : block.substring(eol + 1);
      if (!block.startsWith("-- ") || sql.isBlank() || sql.startsWith("--")) {
        continue;
      }
      String[] header = block.substring(3, eol).split("\\s*\\|\\s*");
      out.put(header[0], new ClientQuery(header[0], sql, List.of(header).subList(1, header.length)));
    }
    return out;
  }

  private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    ResultSetMetaData md = rs.getMetaData();
    while (rs.next()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        row.put(md.getColumnLabel(i), rs.getObject(i));
      }
      rows.add(row);
    }
    return rows;
  }

  /** Every statement of the file run, its rows by what it is for; a failure names the statement. */
  private Map<String, List<Map<String, Object>>> runAll(String resource, Properties properties) throws Exception {
    Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    try (Connection c = pg.connect(properties)) {
      for (ClientQuery q : queries(resource).values()) {
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
          for (int i = 0; i < q.parameters().size(); i++) {
            ps.setString(i + 1, q.parameters().get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            results.put(q.what(), rows(rs));
          }
        } catch (SQLException e) {
          failures.add(q.what() + ": " + e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse(""));
        }
      }
    }
    assertEquals(List.of(), failures);
    return results;
  }

  /** The rows of the statement whose description starts so. */
  private static List<Map<String, Object>> rowsOf(Map<String, List<Map<String, Object>>> results, String what) {
    return results.entrySet().stream().filter(e -> e.getKey().startsWith(what)).findFirst().orElseThrow().getValue();
  }

  private static boolean any(List<Map<String, Object>> rows, Map<String, Object> values) {
    return rows.stream().anyMatch(r -> values.entrySet().stream()
        .allMatch(e -> e.getValue().equals(r.get(e.getKey()) == null ? null : r.get(e.getKey()).toString())));
  }

  @Test
  void metabaseSync() throws Exception {
    Map<String, List<Map<String, Object>>> r = runAll("/clients/metabase-sync.sql", new Properties());
    List<Map<String, Object>> tables = rowsOf(r, "tables of schema stripe");
    assertTrue(any(tables, Map.of("name", "charges", "type", "TABLE")), tables.toString());
    assertTrue(tables.stream().allMatch(t -> t.get("estimated_row_count") != null), "estimates from pg_stat_user_tables");
    assertTrue(any(rowsOf(r, "table privileges"), Map.of("table", "charges", "select", "true")));
    assertEquals(List.of(), rowsOf(r, "enum types"));
    List<Map<String, Object>> fields = rowsOf(r, "fields of schema stripe");
    assertTrue(any(fields, Map.of("table-name", "charges", "name", "id", "pk?", "true", "database-position", "0")),
        "charges.id is the key");
    assertTrue(any(fields, Map.of("table-name", "charges", "name", "amount", "database-type", "int8", "pk?", "false")));
    assertTrue(any(rowsOf(r, "foreign keys of schema stripe"), Map.of("fk-table-name", "charges", "fk-column-name",
        "customer", "pk-table-name", "customers", "pk-column-name", "id")));
    assertTrue(any(rowsOf(r, "indexes of schema stripe"), Map.of("table-name", "charges", "field-name", "id")));
    assertNotNull(rowsOf(r, "time zone").get(0).values().iterator().next());
  }

  private void grafana(Properties properties) throws Exception {
    Map<String, List<Map<String, Object>>> r = runAll("/clients/grafana.sql", properties);
    try (Connection c = pg.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select current_setting('server_version_num')::int")) {
      rs.next();
      assertEquals(rs.getInt(1) / 100, ((Number) rowsOf(r, "version").get(0).get("version")).intValue());
    }
    assertEquals(List.of(), rowsOf(r, "TimescaleDB"));
    assertTrue(any(rowsOf(r, "schemas"), Map.of("name", "stripe")));
    assertTrue(any(rowsOf(r, "tables of schema stripe"), Map.of("table", "charges")));
    assertTrue(any(rowsOf(r, "tables on the search path first"), Map.of("table", "charges")),
        "the search path's tables by their bare names");
    assertTrue(any(rowsOf(r, "columns of charges"), Map.of("column", "amount", "type", "bigint")));
    assertTrue(any(rowsOf(r, "columns of stripe.customers"), Map.of("column", "email")));
    assertFalse(rowsOf(r, "columns of stripe.customers").isEmpty());
  }

  @Test
  void grafanaSimpleProtocol() throws Exception {
    Properties simple = new Properties();
    simple.setProperty("preferQueryMode", "simple");
    grafana(simple);
  }

  @Test
  void grafanaExtendedProtocol() throws Exception {
    grafana(new Properties());
  }
}
