package org.stripesql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The committed catalog: what it holds, and that it is exactly what the generator derives. */
class BundledCatalogTest {
  /** The shared Stripe description, beside the repository; absent on a machine without it. */
  static Path sharedSpecDir() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("stripe-openapi");
      if (Files.isRegularFile(candidate.resolve("spec3.json"))) {
        return candidate;
      }
    }
    return null;
  }

  @Test
  void committedCatalogIsWhatTheGeneratorDerives() throws Exception {
    Path dir = sharedSpecDir();
    Assumptions.assumeTrue(dir != null,
        "skipped: ../shared/stripe-openapi/spec3.json is absent, so the committed catalog cannot be re-derived here");
    String derived = CatalogTool.catalogText(dir.resolve("spec3.json"));
    String committed;
    try (var in = Catalog.class.getResourceAsStream(Catalog.RESOURCE)) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(committed, derived, "catalog.json is stale: run bin/stripesql catalog --spec "
        + dir.resolve("spec3.json") + " --out catalog/src/main/resources/org/stripesql/catalog/catalog.json");
  }

  @Test
  void coversEveryListEndpoint() {
    Catalog c = Catalog.bundled();
    assertTrue(c.tables().size() >= 85, "tables: " + c.tables().size());
    for (String t : List.of("customers", "charges", "invoices", "subscriptions", "products", "prices",
        "payment_intents", "refunds", "balance_transactions", "events", "payouts", "disputes", "issuing_cards",
        "checkout_sessions", "invoice_lines", "customer_tax_ids", "checkout_session_line_items",
        "account_persons", "transfer_reversals", "balance", "account", "subscription_items")) {
      assertTrue(c.table(t).isPresent(), "missing table " + t);
    }
    assertTrue(c.table("balance_history").isEmpty(), "an alias of balance_transactions");
  }

  @Test
  void namesAreUniqueEverywhere() {
    Set<String> tables = new HashSet<>();
    for (ApiTable t : Catalog.bundled().tables()) {
      assertTrue(tables.add(t.name()), "duplicate table " + t.name());
      Set<String> cols = new HashSet<>();
      for (ApiColumn col : t.columns()) {
        assertTrue(cols.add(col.name()), "duplicate column " + t.name() + "." + col.name());
        assertTrue(col.name().matches("[a-z0-9_]+"), "bad column name " + col.name());
      }
    }
  }

  @Test
  void childTablesPointAtExistingParentsAndColumns() {
    Catalog c = Catalog.bundled();
    for (ApiTable t : c.tables()) {
      if (t.kind() == TableKind.CHILD) {
        assertTrue(c.table(t.parent().table()).isPresent(), t.name() + " parent");
        assertTrue(t.column(t.parent().column()).isPresent(), t.name() + " parent column");
      }
    }
    Parent lines = c.table("invoice_lines").orElseThrow().parent();
    assertEquals("invoices", lines.table());
    assertEquals("invoice", lines.column());
  }

  @Test
  void typicalColumnsAreTyped() {
    ApiTable charges = Catalog.bundled().table("charges").orElseThrow();
    assertEquals(ColumnType.BIGINT, charges.column("amount").orElseThrow().type());
    assertEquals(ColumnType.TIMESTAMP, charges.column("created").orElseThrow().type());
    assertEquals(ColumnType.VARCHAR, charges.column("billing_details_address_city").orElseThrow().type());
    assertEquals("customer", charges.column("customer").orElseThrow().ref());
    assertEquals(ColumnType.JSON, charges.column("metadata").orElseThrow().type());
    assertEquals("all", Catalog.bundled().table("subscriptions").orElseThrow().scanParamsOrEmpty().get("status"));
  }

  @Test
  void committedExamplesAreWhatTheGeneratorDerives() throws Exception {
    Path dir = sharedSpecDir();
    Assumptions.assumeTrue(dir != null, "skipped: ../shared/stripe-openapi is absent");
    Path committed = Path.of("").toAbsolutePath().resolveSibling("emulator")
        .resolve("src/main/resources/org/stripesql/emulator/examples.json");
    Assumptions.assumeTrue(Files.isRegularFile(committed), "skipped: not run from the catalog module");
    assertEquals(Files.readString(committed),
        CatalogTool.examplesText(dir.resolve("spec3.json"), dir.resolve("fixtures3.json")));
  }
}
