package org.stripesql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/tables.md is exactly what {@link TablesDoc} writes for the bundled catalog, so it cannot go stale. */
class TablesDocTest {
  /** The module runs with its own directory as the working directory; the docs are one level up. */
  private static final Path COMMITTED = Path.of("..", "docs", "tables.md");

  @Test
  void committedFileMatchesTheGenerator() throws Exception {
    assertTrue(Files.isRegularFile(COMMITTED), COMMITTED.toAbsolutePath() + " exists");
    String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
    String generated = TablesDoc.markdown(Catalog.bundled());
    if (!committed.equals(generated)) {
      List<String> a = committed.lines().toList();
      List<String> b = generated.lines().toList();
      int i = 0;
      while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
        i++;
      }
      assertEquals(i < b.size() ? b.get(i) : "<end of file>", i < a.size() ? a.get(i) : "<end of file>",
          "docs/tables.md is stale at line " + (i + 1) + "; regenerate it with: " + TablesDoc.COMMAND);
      assertEquals(generated, committed, "docs/tables.md is stale; regenerate it with: " + TablesDoc.COMMAND);
    }
  }

  @Test
  void deterministic() {
    assertEquals(TablesDoc.markdown(Catalog.bundled()), TablesDoc.markdown(Catalog.bundled()));
  }

  @Test
  void everyTableAndColumnIsDocumented() {
    Catalog catalog = Catalog.bundled();
    String md = TablesDoc.markdown(catalog);
    for (ApiTable t : catalog.tables()) {
      String section = section(md, t.name());
      assertTrue(section.contains("- Kind: " + t.kind() + "\n"), t.name());
      assertTrue(section.contains("- Endpoint: `GET " + t.path() + "`\n"), t.name());
      for (ApiColumn c : t.columns()) {
        assertTrue(section.contains("\n| `" + c.name() + "` | "), t.name() + "." + c.name());
      }
      if (t.parent() != null) {
        assertTrue(section.contains(t.parent().listed() ? "- Parent: [`" + t.parent().table() + "`]"
            : "- Parent: no table lists "), t.name());
        assertTrue(section.contains("- `" + t.parent().column() + "` `=`, `IN (…)` → lists the children"),
            t.name());
      }
      if (t.retrievePath() != null && t.column("id").isPresent()) {
        assertTrue(section.contains("- `id` `=`, `IN (…)` → `GET " + t.retrievePath() + "`"), t.name());
      }
      for (ApiFilter f : t.filters()) {
        if (f.column() != null && f.kind() != FilterKind.OTHER && f.kind() != FilterKind.IN) {
          assertTrue(section.contains("- `" + f.column() + "` ") && section.contains("`" + f.param()),
              t.name() + " filter " + f.param());
        }
      }
      if (t.search() != null) {
        assertTrue(section.contains("Search API `GET " + t.search().path() + "`"), t.name());
      }
      if (!t.fixedColumns().isEmpty()) {
        assertTrue(section.contains("- Query must fix: `" + t.fixedColumns().get(0) + "`"), t.name());
      }
    }
  }

  @Test
  void saysWhatBecameNoTableAndWhatAQueryMustFix() {
    String md = TablesDoc.markdown(Catalog.bundled());
    String notTables = md.substring(md.indexOf("## Not tables"), md.indexOf("\n## ", md.indexOf("## Not tables") + 1));
    assertTrue(notTables.contains("| `GET /v1/linked_accounts` | alias of GET /v1/financial_connections/accounts |"),
        notTables);
    assertTrue(notTables.contains("| `GET /v1/balance/history` | alias of GET /v1/balance_transactions |"), notTables);
    String lines = section(md, "tax_calculation_line_items");
    assertTrue(lines.contains("- Parent: no table lists `tax.calculation` objects, its id in column `calculation`"),
        lines);
    assertTrue(lines.contains("- Query must fix: `calculation`"), lines);
    String secrets = section(md, "apps_secrets");
    assertTrue(secrets.contains("- Query must fix: `scope_type`"), secrets);
    assertTrue(secrets.contains("`scope[type]=`"), secrets);
    assertTrue(section(md, "financial_connections_account_owners").contains("- Query must fix: `ownership`"));
  }

  @Test
  void showsTypesNullabilityAndPushdownOfCustomers() {
    String customers = section(TablesDoc.markdown(Catalog.bundled()), "customers");
    assertTrue(customers.contains("| `id` | VARCHAR | NO | `id` |"), customers);
    assertTrue(customers.contains("| `created` | TIMESTAMP(0) | YES | `created` |"));
    assertTrue(customers.contains("| `metadata` | JSON | YES | `metadata` |"));
    assertTrue(customers.contains("| `address_city` | VARCHAR | YES | `address.city` |"));
    assertTrue(customers.contains("- `created` `=`, `<`, `<=`, `>`, `>=`, `BETWEEN` → `created[gt|gte|lt|lte]=`"));
    assertTrue(customers.contains("- `email` `=`, `IN (…)` → `email=`"));
    assertTrue(customers.contains("- Not rows: objects whose `test_clock` is set"), customers);
    String subscriptions = section(TablesDoc.markdown(Catalog.bundled()), "subscriptions");
    assertTrue(subscriptions.contains("`all`, `ended` select no status of that value and are not sent"), subscriptions);
    String refunds = section(TablesDoc.markdown(Catalog.bundled()), "charge_refunds");
    assertTrue(refunds.contains("when the query also fixes `charge` (one request per parent and id), else"
        + " `GET /v1/refunds/{refund}`"), refunds);
    assertTrue(section(TablesDoc.markdown(Catalog.bundled()), "payment_methods")
        .contains("a scan makes one call without `customer`, then one per row of [`customers`]"));
    assertTrue(customers.contains("`email` (`=`, `LIKE '%text%'`)"));
    String lines = section(TablesDoc.markdown(Catalog.bundled()), "invoice_lines");
    assertTrue(lines.contains("| `invoice` | VARCHAR | NO |  | parent id (`invoices`); foreign key to [`invoices`](#invoices) |"),
        lines);
    assertTrue(lines.contains("- Primary key: `invoice`, `id`\n"), lines);
    assertTrue(lines.contains("| `price_id` | VARCHAR | YES | `price.id` | foreign key to [`prices`](#prices) |"), lines);
    assertTrue(customers.contains("- Primary key: `id`\n"), customers);
    assertTrue(customers.contains("| `default_source` | VARCHAR | YES | `default_source` | reference to one of `bank_account`,"),
        customers);
    String balance = section(TablesDoc.markdown(Catalog.bundled()), "balance");
    assertTrue(balance.contains("- Primary key: none\n"), balance);
    assertTrue(balance.contains("Pushdown: none; every query reads the whole object."), balance);
    assertFalse(balance.contains("Retrieve by id"));
  }

  @Test
  void remarksAppearWhenTheCatalogHasThem() {
    ApiColumn described = new ApiColumn("tier", ColumnType.VARCHAR, true, List.of("tier"), null, "The tier | level.");
    ApiTable t = new ApiTable("widgets", TableKind.LIST, "widget", "/v1/widgets", null, null,
        List.of(new ApiColumn("id", ColumnType.VARCHAR, false, List.of("id"), null, null), described),
        List.of(), null, null, null);
    String md = TablesDoc.markdown(new Catalog(Catalog.FORMAT, "test", List.of(t)));
    assertTrue(md.contains("| `tier` | VARCHAR | YES | `tier` | The tier \\| level. |"), md);
  }

  @Test
  void namesEveryPolymorphicReference() {
    String md = TablesDoc.markdown(Catalog.bundled());
    String section = md.substring(md.indexOf("## Polymorphic references"), md.indexOf("## Index"));
    int n = 0;
    for (ApiTable t : Catalog.bundled().tables()) {
      for (PolymorphicReference r : t.polymorphicReferences()) {
        assertTrue(section.contains("(#" + t.name() + ")`." + r.column() + "` | "), t.name() + "." + r.column());
        n++;
      }
    }
    assertTrue(n >= 5, n + " polymorphic references");
    assertTrue(section.contains("[`customers`](#customers)`.default_source` | `bank_account`, `card`, `source`"), section);
  }

  private static String section(String md, String table) {
    int at = md.indexOf("\n## " + table + "\n");
    assertTrue(at >= 0, "section of " + table);
    int end = md.indexOf("\n## ", at + 1);
    return md.substring(at, end < 0 ? md.length() : end);
  }
}
