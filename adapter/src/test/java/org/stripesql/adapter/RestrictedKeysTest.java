package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * A restricted key that may read some resources and not others (issue 25): a table it may not read answers
 * SQLSTATE 42501 with Stripe's message naming the permission, the rest of the schema keeps working and
 * metadata still lists the table; a search, whose lag window reads {@code /v1/events}, falls back to the
 * exact list when the key may not read events (403) or the account has no Events API (404), logged once
 * and remembered per account.
 */
class RestrictedKeysTest {
  private static final String RESTRICTED = "rk_test_bi_reader_0123456789";
  private static final String NO_EVENTS_API = "sk_test_no_events_api_0123";
  private static CalciteFixture fx;
  private static CalciteFixture withoutEventsApi;

  @BeforeAll
  static void start() throws Exception {
    fx = new CalciteFixture(StripeEmulator.builder().seed(7).anchor(Instant.parse("2024-06-01T00:00:00Z"))
        .restrictedKey(RESTRICTED, "rak_charge_read", "rak_customer_read"));
    List<ApiTable> tables = new ArrayList<>(Catalog.bundled().tables());
    tables.removeIf(t -> t.name().equals("events"));
    withoutEventsApi = new CalciteFixture(StripeEmulator.builder().seed(7)
        .anchor(Instant.parse("2024-06-01T00:00:00Z")).catalog(Catalog.bundled().withTables(tables)));
  }

  @AfterAll
  static void stop() {
    fx.close();
    withoutEventsApi.close();
  }

  @Test
  void aTableTheKeyMayNotReadIs42501NamingThePermissionAndTheRestKeepsWorking() throws Exception {
    try (Connection c = fx.connect(RESTRICTED, "")) {
      long charges = (Long) CalciteFixture.rows(c, "select count(*) from charges").get(0).get(0);
      assertEquals(fx.emulator.data().list("charges").size(), charges);
      SQLException e = assertThrows(SQLException.class, () -> CalciteFixture.rows(c, "select id from invoices"));
      assertEquals("42501", CalciteFixture.sqlState(e), CalciteFixture.messages(e));
      assertTrue(CalciteFixture.messages(e).contains("rak_invoice_read"), CalciteFixture.messages(e));
      assertTrue(CalciteFixture.messages(e).contains("invoices"), CalciteFixture.messages(e));
      assertEquals(charges, CalciteFixture.rows(c, "select count(*) from charges").get(0).get(0),
          "the connection and the other tables keep working");
      try (ResultSet rs = c.getMetaData().getTables(null, "stripe", "invoices", null)) {
        assertTrue(rs.next(), "metadata still lists the table");
      }
    }
  }

  @Test
  void aSearchFallsBackToTheExactListWhenTheKeyCannotReadEvents() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger("org.stripesql.adapter.scan.SearchScan");
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    log.addAppender(seen);
    String sql = "select id from customers where json_value(metadata, '$.plan') = 'gold' order by id";
    try (Connection c = fx.connect(RESTRICTED, ""); Connection plain = fx.connect(false)) {
      List<List<Object>> expected = CalciteFixture.rows(plain, sql);
      fx.emulator.requestLog().clear();
      assertEquals(expected, CalciteFixture.rows(c, sql));
      assertTrue(paths(fx).contains("/v1/events"), "the first search tried the events: " + paths(fx));
      fx.emulator.requestLog().clear();
      assertEquals(expected, CalciteFixture.rows(c, sql));
      assertTrue(paths(fx).stream().noneMatch(p -> p.equals("/v1/events") || p.endsWith("/search")),
          "remembered for the account: the list at once " + paths(fx));
    } finally {
      log.detachAppender(seen);
    }
    long warnings = seen.list.stream().filter(ev -> ev.getLevel() == Level.WARN
        && ev.getFormattedMessage().contains("Events API")).count();
    assertEquals(1, warnings, "logged once");
  }

  @Test
  void aSearchFallsBackToTheExactListWhenTheAccountHasNoEventsApi() throws Exception {
    String sql = "select id from customers where json_value(metadata, '$.plan') = 'gold' order by id";
    try (Connection c = withoutEventsApi.connect(NO_EVENTS_API, "");
         Connection plain = withoutEventsApi.connect(NO_EVENTS_API, ",\"Pushdown\":\"false\"")) {
      List<List<Object>> expected = CalciteFixture.rows(plain, sql);
      assertTrue(!expected.isEmpty(), "the data set has gold customers");
      assertEquals(expected, CalciteFixture.rows(c, sql));
      assertEquals(404, withoutEventsApi.emulator.requestLog().requests().stream()
          .filter(r -> r.path().equals("/v1/events")).findFirst().orElseThrow().status());
    }
  }

  private static List<String> paths(CalciteFixture f) {
    return f.emulator.requestLog().requests().stream().map(RecordedRequest::path).toList();
  }
}
