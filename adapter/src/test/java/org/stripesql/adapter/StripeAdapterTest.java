package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stripesql.emulator.RecordedRequest;

/** Scans through Calcite (in process) against the emulator over loopback HTTP. */
class StripeAdapterTest {
  private static CalciteFixture fx;
  private static Connection conn;

  @BeforeAll
  static void start() throws Exception {
    fx = new CalciteFixture(1);
    conn = fx.connect(true);
  }

  @AfterAll
  static void stop() throws Exception {
    conn.close();
    fx.close();
  }

  @BeforeEach
  void clearLog() {
    fx.emulator.requestLog().clear();
  }

  @Test
  void fullScanPagesWithoutLosingOrRepeatingRows() throws Exception {
    // sequential reads page by page (ParallelScanTest covers time slices)
    List<ObjectNode> expected = fx.emulator.data().list("charges");
    assertTrue(expected.size() > 250, "needs several pages: " + expected.size());
    List<List<Object>> rows;
    try (Connection sequential = fx.connect(CalciteFixture.KEY, ",\"MaxConcurrency\":\"1\"")) {
      rows = CalciteFixture.rows(sequential, "select id from charges");
    }
    Set<Object> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.get(0)));
    assertEquals(expected.size(), rows.size());
    assertEquals(expected.size(), ids.size(), "no id repeated");
    List<RecordedRequest> log = fx.emulator.requestLog().requests();
    assertEquals((expected.size() + 99) / 100, log.size(), "one request per page of 100");
    assertEquals(List.of("100"), log.get(0).query().get("limit"));
    assertFalse(log.get(0).query().containsKey("starting_after"));
    assertTrue(log.get(1).query().containsKey("starting_after"));
  }

  @Test
  void aggregatesMatchTheDataSet() throws Exception {
    long sum = fx.emulator.data().list("charges").stream().mapToLong(o -> o.path("amount").asLong()).sum();
    assertEquals(sum, ((Number) CalciteFixture.rows(conn, "select sum(amount) from charges").get(0).get(0)).longValue());
  }

  @Test
  void wrongKeyIsRejectedWithoutEchoingIt() throws Exception {
    try (Connection bad = fx.connect("sk_test_revoked_key_123", "")) {
      SQLException e = assertThrows(SQLException.class, () -> CalciteFixture.rows(bad, "select count(*) from customers"));
      String all = fullMessage(e);
      assertTrue(all.contains("Stripe rejected the API key"), all);
      assertFalse(all.contains("sk_test_revoked_key_123"), all);
      assertFalse(all.contains("_123"), "not even the tail Stripe echoes: " + all);
    }
  }

  static String fullMessage(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append(" | ");
    }
    return b.toString();
  }

  @Test
  void childTableWithParentFilterMakesOneCall() throws Exception {
    ObjectNode invoice = fx.emulator.data().list("invoices").get(0);
    String id = invoice.path("id").asText();
    int expected = fx.emulator.data().children("invoice_lines", id).size();
    List<List<Object>> rows = CalciteFixture.rows(conn, "select id, invoice from invoice_lines where invoice = '" + id + "'");
    assertEquals(expected, rows.size());
    rows.forEach(r -> assertEquals(id, r.get(1)));
    assertEquals(1, fx.emulator.requestLog().size());
    assertEquals("/v1/invoices/" + id + "/lines", fx.emulator.requestLog().requests().get(0).path());
  }

  @Test
  void singletonBalanceHasOneRowPerKindAndCurrency() throws Exception {
    ObjectNode balance = fx.emulator.data().list("balance").get(0);
    int expected = balance.path("available").size() + balance.path("pending").size()
        + balance.path("connect_reserved").size() + balance.path("instant_available").size()
        + balance.path("issuing").path("available").size();
    List<List<Object>> rows = CalciteFixture.rows(conn, "select kind, currency, amount from balance");
    assertEquals(expected, rows.size());
    assertTrue(rows.stream().anyMatch(r -> "available".equals(r.get(0))));
  }

  @Test
  void useSearchApiFalseKeepsToListEndpoints() throws Exception {
    String name = fx.emulator.data().list("customers").get(3).path("name").asText();
    try (Connection noSearch = fx.connect(CalciteFixture.KEY, ",\"UseSearchApi\":\"false\"")) {
      fx.emulator.requestLog().clear();
      List<List<Object>> rows = CalciteFixture.rows(noSearch, "select id from customers where name = '" + name + "'");
      assertTrue(rows.size() >= 1);
      // a scan read in time slices may ask when the account was created (once per account)
      assertTrue(fx.emulator.requestLog().requests().stream()
          .allMatch(r -> r.path().equals("/v1/customers") || r.path().equals("/v1/account")),
          fx.emulator.requestLog().requests().toString());
    }
  }

  @Test
  void badOperandValueNamesTheOperand() {
    // Calcite reports model errors as a RuntimeException from connect; the gateway's startup check shows it
    Exception e = assertThrows(Exception.class, () -> fx.connect(CalciteFixture.KEY, ",\"Pushdown\":\"maybe\""));
    assertTrue(fullMessage(e).contains("operand Pushdown must be true or false"), fullMessage(e));
  }

  @Test
  void unknownTableIsAClearError() {
    SQLException e = assertThrows(SQLException.class, () -> CalciteFixture.rows(conn, "select * from no_such_table"));
    assertTrue(fullMessage(e).contains("NO_SUCH_TABLE") || fullMessage(e).contains("no_such_table"), fullMessage(e));
  }
}
