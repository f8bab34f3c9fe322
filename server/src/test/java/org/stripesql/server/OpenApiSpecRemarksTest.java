package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.OpenApiCatalogGenerator;
import org.stripesql.catalog.ReportTypes;
import org.stripesql.emulator.StripeEmulator;

/**
 * A schema whose tables come from an {@code OpenApiSpec} operand: a spec with a resource Stripe does not
 * have ({@code widgets}) and a property it does not have ({@code customers.loyalty_tier}). Over the thin
 * driver the new table and column exist, {@code getColumns} carries the spec's descriptions in REMARKS,
 * and the new table can be read (the emulator serves the same generated catalog).
 */
class OpenApiSpecRemarksTest {
  static final String LOYALTY = "The customer's loyalty tier (bronze, silver or gold), computed nightly from"
      + " the last year's spend.";
  static final String SPARKLE = "How much the widget sparkles, from 0 to 1.";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  /** The small self-contained spec in the test resources: customers and widgets. */
  @Test
  void smallSpecWithNewTableAndColumn() throws Exception {
    Path spec = tmp.resolve("spec.json");
    try (InputStream in = getClass().getResourceAsStream("/specs/customers-widgets.json")) {
      assertNotNull(in, "test spec resource");
      Files.copy(in, spec);
    }
    Catalog catalog = OpenApiCatalogGenerator.fromFile(spec, true);
    assertEquals(Set.of("customers", "widgets"), catalog.byName().keySet());
    checkOverGateway(spec, catalog, true);
  }

  /**
   * Stripe's full spec with the same two additions. Runs when the shared copy of Stripe's description
   * is next to the repository ({@code ../shared/stripe-openapi/2023-08-16/spec3.json}).
   */
  @Test
  void stripeSpecWithNewTableAndColumn() throws Exception {
    Path shared = sharedSpec();
    Assumptions.assumeTrue(shared != null && Files.isRegularFile(shared),
        "Stripe's spec3.json is not at ../shared/stripe-openapi/2023-08-16/spec3.json next to the repository");
    ObjectNode root = (ObjectNode) JSON.readTree(shared.toFile());
    ObjectNode small;
    try (InputStream in = getClass().getResourceAsStream("/specs/customers-widgets.json")) {
      small = (ObjectNode) JSON.readTree(in);
    }
    // the widget resource: list and retrieve endpoints and the object schema
    ObjectNode paths = (ObjectNode) root.get("paths");
    paths.set("/v1/widgets", small.path("paths").path("/v1/widgets"));
    paths.set("/v1/widgets/{widget}", small.path("paths").path("/v1/widgets/{widget}"));
    ObjectNode schemas = (ObjectNode) root.path("components").path("schemas");
    schemas.set("widget", small.path("components").path("schemas").path("widget"));
    // a new property of an existing object
    ((ObjectNode) schemas.path("customer").path("properties")).set("loyalty_tier",
        small.path("components").path("schemas").path("customer").path("properties").path("loyalty_tier"));
    Path spec = tmp.resolve("spec3.json");
    JSON.writeValue(spec.toFile(), root);

    Catalog catalog = OpenApiCatalogGenerator.fromFile(spec, true);
    assertTrue(catalog.table("widgets").isPresent(), "widgets derived from the modified spec");
    assertTrue(catalog.table("customers").orElseThrow().column("loyalty_tier").isPresent());
    assertTrue(catalog.table("charges").isPresent(), "Stripe's own tables stay");
    checkOverGateway(spec, catalog, false);
  }

  private void checkOverGateway(Path spec, Catalog catalog, boolean everyColumn) throws Exception {
    try (StripeEmulator emulator = StripeEmulator.builder().host("127.0.0.1").port(0).catalog(catalog).build()
        .start();
        StripeSqlGateway gateway = StripeSqlGateway.builder().model(model(emulator.baseUrl(), spec))
            .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
        Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "")) {
      DatabaseMetaData md = c.getMetaData();
      Set<String> tables = new TreeSet<>();
      try (ResultSet rs = md.getTables(null, "stripe", "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      Set<String> expected = new TreeSet<>(catalog.byName().keySet());
      if (catalog.table("reporting_report_runs").isPresent()) {   // a spec with the Reporting API: report tables
        ReportTypes.bundled().types().forEach(r -> expected.add(r.tableName()));
      }
      assertEquals(expected, tables);

      emulator.requestLog().clear();
      Map<String, String> remarks = new HashMap<>();
      Map<String, Integer> types = new HashMap<>();
      try (ResultSet rs = md.getColumns(null, "stripe", everyColumn ? "%" : "widgets", "%")) {
        while (rs.next()) {
          String key = rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME");
          remarks.put(key, rs.getString("REMARKS"));
          types.put(key, rs.getInt("DATA_TYPE"));
        }
      }
      try (ResultSet rs = md.getColumns(null, "stripe", "customers", "loyalty%")) {
        assertTrue(rs.next(), "customers.loyalty_tier is listed");
        assertEquals("loyalty_tier", rs.getString("COLUMN_NAME"));
        assertEquals(Types.VARCHAR, rs.getInt("DATA_TYPE"));
        assertEquals(LOYALTY, rs.getString("REMARKS"));
        assertTrue(!rs.next(), "one column matches loyalty%");
      }
      assertEquals(0, emulator.requestLog().size(), "metadata made Stripe requests");

      assertEquals(SPARKLE, remarks.get("widgets.sparkle"));
      assertEquals(Types.DOUBLE, types.get("widgets.sparkle"));
      assertEquals("Unique identifier for the widget.", remarks.get("widgets.id"));
      int described = 0;
      for (ApiTable t : catalog.tables()) {
        if (!everyColumn && !t.name().equals("widgets")) {
          continue;
        }
        for (ApiColumn col : t.columns()) {
          String key = t.name() + "." + col.name();
          assertTrue(remarks.containsKey(key), key + " listed");
          assertEquals(col.remarks(), remarks.get(key), key + " REMARKS");
          if (col.remarks() != null) {
            described++;
          }
        }
      }
      assertTrue(described >= 4, described + " described columns");

      int widgets = emulator.data().list("widgets").size();
      assertTrue(widgets > 0, "the emulator serves widgets");
      Set<String> expectedIds = new TreeSet<>();
      emulator.data().list("widgets").forEach(o -> expectedIds.add(o.path("id").asText()));
      Set<String> ids = new TreeSet<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id, created, sparkle FROM widgets")) {
        while (rs.next()) {
          ids.add(rs.getString("id"));
        }
      }
      assertEquals(expectedIds, ids, "widgets read through the gateway");
      int customers = emulator.data().list("customers").size();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(loyalty_tier) FROM customers")) {
        assertTrue(rs.next());
        assertEquals(customers, rs.getLong(1));
        assertEquals(0, rs.getLong(2), "the emulator's customers have no loyalty tier");
      }
    }
  }

  private static ModelSource model(String apiBase, Path spec) {
    return ModelSource.stripe(apiBase, "sk_test_openapi_spec",
        Map.of("OpenApiSpec", spec.toAbsolutePath().toString()));
  }


  /** {@code ../shared/stripe-openapi/2023-08-16/spec3.json} from the repository root (the directory with server/). */
  private static Path sharedSpec() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("server").resolve("pom.xml")) && dir.getParent() != null) {
        return dir.getParent().resolve("shared").resolve("stripe-openapi").resolve("2023-08-16").resolve("spec3.json");
      }
    }
    return null;
  }
}
