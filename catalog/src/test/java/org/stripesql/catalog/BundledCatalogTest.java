package org.stripesql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
  /**
   * The shared copy of the Stripe description the built-in catalog is derived from (API version
   * 2023-08-16), beside the repository; absent on a machine without it.
   */
  static Path sharedSpecDir() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("stripe-openapi").resolve("2023-08-16");
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
        "skipped: ../shared/stripe-openapi/2023-08-16/spec3.json is absent, so the committed catalog cannot be re-derived here");
    String derived = CatalogTool.catalogText(dir.resolve("spec3.json"));
    String committed;
    try (var in = Catalog.class.getResourceAsStream(Catalog.RESOURCE)) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(committed, derived, "catalog.json is stale: run bin/stripesql catalog --spec "
        + dir.resolve("spec3.json") + " --out catalog/src/main/resources/org/stripesql/catalog/catalog.json");
  }

  @Test
  void committedDescriptionsAreWhatTheGeneratorDerives() throws Exception {
    Path dir = sharedSpecDir();
    Assumptions.assumeTrue(dir != null, "skipped: ../shared/stripe-openapi/2023-08-16/spec3.json is absent");
    String committed;
    try (var in = Catalog.class.getResourceAsStream(CatalogDescriptions.RESOURCE)) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(committed, CatalogTool.descriptionsText(dir.resolve("spec3.json")),
        CatalogDescriptions.FILE_NAME + " is stale: run bin/stripesql catalog --spec " + dir.resolve("spec3.json")
            + " --out catalog/src/main/resources/org/stripesql/catalog/catalog.json (it writes both files)");
  }

  @Test
  void committedDescriptionsFitTheCommittedCatalog() {
    Catalog described = Catalog.bundledWithDescriptions();
    int columns = 0;
    int remarks = 0;
    for (ApiTable t : Catalog.bundled().tables()) {
      assertTrue(CatalogDescriptions.bundled().covers(t), t.name() + ": descriptions made for other columns");
    }
    for (ApiTable t : described.tables()) {
      assertTrue(t.remarks() != null && !t.remarks().isBlank(), "no description of " + t.name());
      for (ApiColumn c : t.columns()) {
        columns++;
        if (c.remarks() != null) {
          remarks++;
          assertTrue(c.remarks().length() <= PlainText.MAX_LENGTH, t.name() + "." + c.name());
        }
      }
    }
    assertTrue(remarks > columns * 8 / 10, remarks + " of " + columns + " columns described");
    assertEquals("Time at which the object was created.",
        described.table("charges").orElseThrow().column("created").orElseThrow().remarks());
    assertEquals("This object represents a customer of your business.",
        described.table("customers").orElseThrow().remarks());
    assertNull(Catalog.bundled().table("customers").orElseThrow().remarks(), "the bundled catalog stays bare");
  }

  @Test
  void everyTableButBalanceHasAPrimaryKeyOfExistingColumns() {
    for (ApiTable t : Catalog.bundled().tables()) {
      if (t.name().equals("balance")) {
        assertEquals(List.of(), t.primaryKey());
        continue;
      }
      assertFalse(t.primaryKey().isEmpty(), t.name());
      assertEquals("id", t.primaryKey().get(t.primaryKey().size() - 1), t.name());
      t.primaryKey().forEach(k -> assertTrue(t.column(k).isPresent(), t.name() + "." + k));
    }
    assertEquals(List.of("account", "id"), Catalog.bundled().table("account_capabilities").orElseThrow().primaryKey(),
        "capability ids (card_payments) repeat across connected accounts");
    assertEquals(List.of("id"), Catalog.bundled().table("subscription_items").orElseThrow().primaryKey(),
        "retrieved by id alone: GET /v1/subscription_items/{item}");
  }

  @Test
  void foreignKeysPointAtOneColumnKeys() {
    Catalog c = Catalog.bundled();
    int n = 0;
    for (ApiTable t : c.tables()) {
      for (ForeignKey fk : t.foreignKeys()) {
        assertTrue(t.column(fk.column()).isPresent(), t.name() + "." + fk.column());
        ApiTable target = c.table(fk.table()).orElseThrow(() -> new AssertionError(t.name() + " -> " + fk.table()));
        assertEquals(List.of("id"), target.primaryKey(), t.name() + "." + fk.column() + " -> " + fk.table());
        assertFalse(target.name().startsWith("own_account_"), t.name() + "." + fk.column());
        n++;
      }
      for (PolymorphicReference r : t.polymorphicReferences()) {
        assertTrue(t.foreignKey(r.column()).isEmpty(), t.name() + "." + r.column());
      }
    }
    assertTrue(n > 200, n + " foreign keys");
  }

  /** A sample checked by hand against Stripe's API reference (the object pages of each resource). */
  @Test
  void sampleForeignKeysAreStripes() {
    Catalog c = Catalog.bundled();
    assertEquals("customers", fk(c, "charges", "customer"));
    assertEquals("customers", fk(c, "invoices", "customer"));
    assertEquals("subscriptions", fk(c, "invoices", "subscription"));
    assertEquals("invoices", fk(c, "invoice_lines", "invoice"));
    assertEquals("charges", fk(c, "refunds", "charge"));
    assertEquals("subscriptions", fk(c, "subscription_items", "subscription"));
    assertEquals("prices", fk(c, "subscription_items", "price_id"));
    assertEquals("products", fk(c, "prices", "product"));
    assertEquals("payment_intents", fk(c, "charges", "payment_intent"));
    assertEquals("balance_transactions", fk(c, "charges", "balance_transaction"));
    assertEquals(List.of("bank_account", "card", "source"),
        c.table("customers").orElseThrow().polymorphicReferences().get(0).objects());
  }

  private static String fk(Catalog c, String table, String column) {
    return c.table(table).orElseThrow().foreignKey(column).map(ForeignKey::table).orElse(null);
  }

  @Test
  void coversEveryListEndpoint() {
    Catalog c = Catalog.bundled();
    assertEquals("2023-08-16", c.apiVersion());
    // the 94 list endpoints and singletons of 2023-08-16, less the alias linked_accounts, plus the four
    // tables whose queries must fix a column (issue 25)
    assertTrue(c.tables().size() >= 94 - 1 + 4, "tables: " + c.tables().size());
    for (String t : List.of("customers", "charges", "invoices", "subscriptions", "products", "prices",
        "payment_intents", "refunds", "balance_transactions", "events", "payouts", "disputes", "issuing_cards",
        "checkout_sessions", "invoice_lines", "customer_tax_ids", "checkout_session_line_items",
        "account_persons", "transfer_reversals", "balance", "account", "subscription_items",
        "treasury_financial_accounts", "treasury_transactions", "financial_connections_accounts",
        "payment_method_domains", "terminal_configurations", "customer_cash_balance_transactions",
        "apps_secrets", "tax_calculation_line_items", "tax_transaction_line_items",
        "financial_connections_account_owners")) {
      assertTrue(c.table(t).isPresent(), "missing table " + t);
    }
    assertTrue(c.table("balance_history").isEmpty(), "an alias of balance_transactions");
    assertTrue(c.table("linked_accounts").isEmpty(), "an alias of financial_connections_accounts");
    for (String retired : List.of("orders", "order_returns", "skus", "own_account_persons",
        "own_account_capabilities", "own_account_external_accounts")) {
      assertTrue(c.table(retired).isEmpty(), retired + " is retired in 2023-08-16");
    }
  }

  @Test
  void saysWhatItSkippedAndWhy() {
    List<String> skipped = Catalog.bundled().skipped().stream().map(Skipped::toString).toList();
    assertTrue(skipped.contains("GET /v1/linked_accounts: alias of GET /v1/financial_connections/accounts"), skipped.toString());
    assertTrue(skipped.contains("GET /v1/linked_accounts/{account}/owners: alias of GET"
        + " /v1/financial_connections/accounts/{account}/owners"), skipped.toString());
    assertTrue(skipped.contains("GET /v1/customers/{customer}/cards: deprecated by Stripe"), skipped.toString());
  }

  @Test
  void requiredParametersAreColumnsAQueryMustFix() {
    Catalog c = Catalog.bundled();
    ApiTable lines = c.table("tax_calculation_line_items").orElseThrow();
    assertFalse(lines.parent().listed());
    assertEquals(List.of("calculation"), lines.fixedColumns());
    assertEquals("tax.calculation", lines.column("calculation").orElseThrow().ref());
    ApiTable owners = c.table("financial_connections_account_owners").orElseThrow();
    assertEquals("financial_connections_accounts", owners.parent().table());
    assertEquals(List.of("ownership"), owners.fixedColumns());
    ApiTable secrets = c.table("apps_secrets").orElseThrow();
    ApiFilter scopeType = secrets.filter("scope[type]").orElseThrow();
    assertEquals("scope_type", scopeType.column());
    assertTrue(scopeType.mustBeFixed(), "a member of an object parameter is never fanned out");
    assertEquals("scope_user", secrets.filter("scope[user]").orElseThrow().column());
    assertFalse(secrets.filter("scope[user]").orElseThrow().isRequired());
    assertEquals(List.of("scope_type"), secrets.fixedColumns());
    assertEquals(List.of(), c.table("customers").orElseThrow().fixedColumns());
    assertEquals(List.of(), c.table("invoice_lines").orElseThrow().fixedColumns());
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
        assertTrue(!t.parent().listed() || c.table(t.parent().table()).isPresent(), t.name() + " parent");
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
    Assumptions.assumeTrue(dir != null, "skipped: ../shared/stripe-openapi/2023-08-16 is absent");
    Path committed = Path.of("").toAbsolutePath().resolveSibling("emulator")
        .resolve("src/main/resources/org/stripesql/emulator/examples.json");
    Assumptions.assumeTrue(Files.isRegularFile(committed), "skipped: not run from the catalog module");
    assertEquals(Files.readString(committed),
        CatalogTool.examplesText(dir.resolve("spec3.json"), dir.resolve("fixtures3.json")));
  }
}
