package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.client.ClientSettings;
import org.stripesql.adapter.client.Credentials;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.adapter.oauth.OAuthService;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.OpenApiCatalogGenerator;
import org.stripesql.emulator.RecordedRequest;

/**
 * Newer Stripe without a new release (issue 25): a release whose built-in catalog is older than Stripe
 * (the 2020-08-27 catalog, kept as test data) reads today's Stripe (the emulator, 2023-08-16) wrongly;
 * the same release with {@code OpenApiSpec} pointing at the newer description (a committed subset of
 * 2023-08-16's, or the whole one when it is beside the repository) gets exactly the results of the
 * built-in catalog of that version.
 */
class NewerSpecTest {
  private static final String OLD_CATALOG = "/catalogs/catalog-2020-08-27.json.gz";
  private static CalciteFixture fx;
  private static Connection builtIn;
  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    fx = new CalciteFixture(1);
    builtIn = fx.connect(true);
  }

  @AfterAll
  static void stop() throws Exception {
    builtIn.close();
    fx.close();
  }

  /** A connection whose schema {@code stripe} has {@code catalog} as its built-in one (an older release). */
  private static Connection withBuiltIn(Catalog catalog) throws SQLException {
    Properties p = new Properties();
    p.setProperty("lex", "MYSQL_ANSI");
    p.setProperty("timeZone", "UTC");
    Connection c = DriverManager.getConnection("jdbc:calcite:", p);
    Map<String, Object> operand = Map.of("OAuthAccessToken", CalciteFixture.KEY, "apiBase", fx.emulator.baseUrl(),
        "RateLimit", "100000", "EndpointRateLimit", "100000");
    StripeSchemaConfig config = StripeSchemaConfig.parse("stripe", operand);
    StripeClient client = new StripeClient(ClientSettings.of(config, catalog.apiVersion()),
        Credentials.ofKey(CalciteFixture.KEY));
    c.unwrap(CalciteConnection.class).getRootSchema().add("stripe",
        new StripeSchema(config, catalog, client, OAuthService.create(config), null));
    c.setSchema("stripe");
    return c;
  }

  private static Catalog oldCatalog() throws IOException {
    try (InputStream in = new GZIPInputStream(NewerSpecTest.class.getResourceAsStream(OLD_CATALOG))) {
      return Catalog.read(in);
    }
  }

  /** The queries the newer description answers and the older one cannot, or not exactly. */
  private static List<String> queries() {
    String customer = fx.emulator.data().list("checkout_sessions").stream()
        .filter(s -> s.path("customer").isTextual()).findFirst().orElseThrow().path("customer").asText();
    ObjectNode line = fx.emulator.data().list("tax_calculation_line_items").get(0);
    String calculation = fx.emulator.data().parentOf("tax_calculation_line_items", line.path("id").asText());
    ObjectNode txn = fx.emulator.data().list("treasury_transactions").get(0);
    String account = fx.emulator.data().parentOf("treasury_transactions", txn.path("id").asText());
    return List.of(
        "select id from checkout_sessions where customer = '" + customer + "' order by id",
        "select count(*) from treasury_financial_accounts",
        "select id, amount from treasury_transactions where financial_account = '" + account + "' order by id",
        "select id from financial_connections_accounts order by id",
        "select id from tax_calculation_line_items where calculation = '" + calculation + "' order by id",
        "select id from apps_secrets where scope_type = 'account' order by id",
        "select id, status from subscriptions where status in ('active', 'paused') order by id",
        "select id, email from customers where created >= timestamp '2024-05-01 00:00:00' order by id");
  }

  @Test
  void theOldBuiltInReadsTodaysStripeWrongly() throws Exception {
    Catalog old = oldCatalog();
    assertEquals("2020-08-27", old.apiVersion());
    try (Connection c = withBuiltIn(old)) {
      SQLException retired = assertThrows(SQLException.class, () -> CalciteFixture.rows(c, "select id from orders"));
      assertTrue(CalciteFixture.messages(retired).contains("HTTP 404"), CalciteFixture.messages(retired));
      assertThrows(SQLException.class, () -> CalciteFixture.rows(c, "select count(*) from treasury_financial_accounts"),
          "a resource newer than the catalog is no table");
      fx.emulator.requestLog().clear();
      CalciteFixture.rows(c, queries().get(0));
      assertTrue(requests("/v1/checkout/sessions").stream().noneMatch(q -> q.containsKey("customer")),
          "2020-08-27 declares no customer filter on checkout sessions: the whole list is read");
    }
  }

  @Test
  void openApiSpecWithTheNewerDescriptionGivesTheBuiltInsResults() throws Exception {
    Path spec = SpecSubset.asFile(tmp);
    Logger log = (Logger) LoggerFactory.getLogger(CatalogReport.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    log.addAppender(seen);
    CatalogReport.forget();
    try (Connection newer = fx.connect(CalciteFixture.KEY, ",\"OpenApiSpec\":\"" + spec + "\"")) {
      Catalog derived = OpenApiCatalogGenerator.fromFile(spec, false);
      List<String> names = derived.tables().stream().map(ApiTable::name).toList();
      assertTrue(names.containsAll(List.of("treasury_financial_accounts", "financial_connections_accounts",
          "financial_connections_account_owners", "tax_calculation_line_items", "apps_secrets")), names.toString());
      assertFalse(names.contains("linked_accounts"), "an alias, found in the newer description by rule");
      for (ApiTable t : derived.tables()) {
        assertEquals(Catalog.bundled().table(t.name()).orElseThrow().columns().stream().map(c -> c.name()).toList(),
            t.columns().stream().map(c -> c.name()).toList(), t.name() + ": the built-in's columns");
      }
      for (String sql : queries()) {
        fx.emulator.requestLog().clear();
        assertEquals(CalciteFixture.rows(builtIn, sql), CalciteFixture.rows(newer, sql), sql);
        assertFalse(CalciteFixture.rows(newer, sql).isEmpty(), "rows to compare: " + sql);
      }
      fx.emulator.requestLog().clear();
      CalciteFixture.rows(newer, queries().get(0));
      assertTrue(requests("/v1/checkout/sessions").stream().allMatch(q -> q.containsKey("customer")),
          "the newer description's customer filter is pushed");
    } finally {
      log.detachAppender(seen);
    }
    assertTrue(seen.list.stream().anyMatch(e -> e.getFormattedMessage().contains("from " + spec + " catalog, API version"
        + " 2023-08-16") && e.getFormattedMessage().contains("requests send Stripe-Version 2023-08-16")),
        "the start report names the description and the version sent");
  }

  @Test
  void theWholeNewerDescriptionDerivesTheBuiltInCatalog() throws Exception {
    Path shared = sharedSpec("2023-08-16/spec3.json");
    Assumptions.assumeTrue(shared != null, "skipped: ../shared/stripe-openapi/2023-08-16/spec3.json is absent");
    try (Connection newer = fx.connect(CalciteFixture.KEY, ",\"OpenApiSpec\":\"" + shared + "\"")) {
      assertEquals(new TreeSet<>(Catalog.bundled().byName().keySet()),
          new TreeSet<>(OpenApiCatalogGenerator.fromFile(shared, false).byName().keySet()));
      for (String sql : queries()) {
        assertEquals(CalciteFixture.rows(builtIn, sql), CalciteFixture.rows(newer, sql), sql);
      }
    }
  }

  @Test
  void theTestDataIsWhatItsGeneratorsDerive() throws Exception {
    Path newer = sharedSpec("2023-08-16/spec3.json");
    Path older = sharedSpec("spec3.json");
    Assumptions.assumeTrue(newer != null && older != null, "skipped: ../shared/stripe-openapi is absent");
    assertEquals(SpecSubset.of(new ObjectMapper().readTree(newer.toFile())), SpecSubset.committed(),
        "rewrite it: SpecSubset " + newer + " adapter/src/test/resources" + SpecSubset.RESOURCE);
    StringWriter w = new StringWriter();
    OpenApiCatalogGenerator.fromFile(older, false).write(w);
    try (InputStream in = new GZIPInputStream(NewerSpecTest.class.getResourceAsStream(OLD_CATALOG))) {
      assertEquals(w.toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "the 2020-08-27 catalog: the generator's derivation of " + older);
    }
  }

  private static Path sharedSpec(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("stripe-openapi").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static List<Map<String, List<String>>> requests(String path) {
    List<Map<String, List<String>>> out = new ArrayList<>();
    for (RecordedRequest r : fx.emulator.requestLog().requests()) {
      if (r.path().equals(path)) {
        out.add(r.query());
      }
    }
    return out;
  }
}
