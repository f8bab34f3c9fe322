package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Prepared statements with parameters: an equality on an id, a parent id or a reference is pushed with
 * the parameter's value of each execution (the exact Stripe requests are checked), on a plain Calcite
 * connection and on the adapter's own with its plan cache; the rows always equal those of the same
 * statement with {@code Pushdown=false}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreparedPushdownTest {
  private CalciteFixture fx;
  private Connection pushed;
  private Connection cached;
  private Connection plain;
  private String cus;
  private String cus2;
  private String ch;
  private String ch2;
  private String inv;
  private String sub;
  private String re;
  private String reCharge;

  @BeforeAll
  void start() throws Exception {
    fx = new CalciteFixture(1);
    pushed = fx.connect(CalciteFixture.KEY, ParallelScanTest.SEQUENTIAL);
    cached = fx.connect(StripeAdapter.CALCITE_URL, CalciteFixture.KEY, ParallelScanTest.SEQUENTIAL);
    plain = fx.connect(false);
    cus = fx.emulator.data().list("charges").get(17).path("customer").asText();
    cus2 = fx.emulator.data().list("charges").get(40).path("customer").asText();
    ch = fx.emulator.data().list("charges").get(17).path("id").asText();
    ch2 = fx.emulator.data().list("charges").get(3).path("id").asText();
    inv = fx.emulator.data().list("invoices").stream()
        .filter(i -> !fx.emulator.data().children("invoice_lines", i.path("id").asText()).isEmpty())
        .findFirst().orElseThrow().path("id").asText();
    sub = fx.emulator.data().list("subscriptions").get(2).path("id").asText();
    re = fx.emulator.data().list("charge_refunds").get(3).path("id").asText();
    reCharge = fx.emulator.data().parentOf("charge_refunds", re);
  }

  @AfterAll
  void stop() throws Exception {
    pushed.close();
    cached.close();
    plain.close();
    fx.close();
  }

  Stream<Arguments> cases() {
    List<Arguments> c = new ArrayList<>();
    // an id lookup: a retrieve with the parameter's value
    c.add(of("select id, amount from charges where id = ?", List.of(ch), "/v1/charges/" + ch));
    c.add(of("select id from charges where id in (?, ?)", List.of(ch, ch2), "/v1/charges/" + ch, "/v1/charges/" + ch2));
    c.add(of("select id from charges where id in (?, ?)", List.of(ch, ch), "/v1/charges/" + ch));
    // a child table by its parent: in the path, or as a query parameter
    c.add(of("select id, invoice from invoice_lines where invoice = ?", List.of(inv),
        "/v1/invoices/" + inv + "/lines?limit=100"));
    c.add(of("select id from subscription_items where subscription = ?", List.of(sub),
        "/v1/subscription_items?limit=100&subscription=" + sub));
    c.add(of("select id, charge from charge_refunds where id = ? and charge = ?", List.of(re, reCharge),
        "/v1/charges/" + reCharge + "/refunds/" + re));
    // a reference: a list parameter; an IN: one call per value
    c.add(of("select id, amount from charges where customer = ?", List.of(cus), "/v1/charges?customer=" + cus + "&limit=100"));
    c.add(of("select id, amount from charges where ? = customer", List.of(cus), "/v1/charges?customer=" + cus + "&limit=100"));
    c.add(of("select id from charges where customer in (?, ?)", List.of(cus, cus2),
        "/v1/charges?customer=" + cus + "&limit=100", "/v1/charges?customer=" + cus2 + "&limit=100"));
    c.add(of("select id from charges where customer in (?, '" + cus2 + "')", List.of(cus),
        "/v1/charges?customer=" + cus + "&limit=100", "/v1/charges?customer=" + cus2 + "&limit=100"));
    // = ANY(?) over an array parameter (psycopg 3, pgJDBC's setArray, node-postgres): an IN of its elements
    c.add(of("select id from charges where id = any(cast(? as varchar array))", List.of(List.of(ch, ch2)),
        "/v1/charges/" + ch, "/v1/charges/" + ch2));
    c.add(of("select id from charges where customer = any(cast(? as varchar array))", List.of(List.of(cus, cus2)),
        "/v1/charges?customer=" + cus + "&limit=100", "/v1/charges?customer=" + cus2 + "&limit=100"));
    c.add(of("select id from charges where customer = any(cast(? as varchar array))", List.of(List.of())));
    c.add(of("select id from charges where customer = cast(? as varchar)", List.of(cus),
        "/v1/charges?customer=" + cus + "&limit=100"));
    c.add(of("select id from payment_intents where customer = ? and created >= timestamp '2023-01-01 00:00:00'",
        List.of(cus), "/v1/payment_intents?created[gte]=1672531200&customer=" + cus + "&limit=100"));
    // a join: the parameter reaches the other side through the join condition
    c.add(of("select cu.email, ch.id, ch.amount from customers cu join charges ch on ch.customer = cu.id where cu.id = ?",
        List.of(cus), "/v1/customers/" + cus, "/v1/charges?customer=" + cus + "&limit=100"));
    String invoiceCustomer = fx.emulator.data().list("invoices").get(0).path("customer").asText();
    c.add(of("select l.id, i.id from invoices i join invoice_lines l on l.invoice = i.id where i.customer = ?",
        List.of(invoiceCustomer), SAME_AS + "select l.id, i.id from invoices i join invoice_lines l on l.invoice = i.id"
            + " where i.customer = '" + invoiceCustomer + "'"));
    // NULL: = NULL is never true, no request
    c.add(of("select id from charges where customer = ?", Collections.singletonList(null)));
    c.add(of("select id from charges where id = ?", Collections.singletonList(null)));
    c.add(of("select id from invoice_lines where invoice = ?", Collections.singletonList(null)));
    // a test clock's objects are in no list, whatever the clock
    c.add(of("select id from customers where test_clock = ?", List.of("clock_1")));
    c.add(of("select id from charges where customer in (?, ?)", Arrays.asList(null, cus),
        "/v1/charges?customer=" + cus + "&limit=100"));
    // values Stripe finds nothing for (resource_missing, 404), or that are no id at all
    c.add(of("select id from charges where customer = ?", List.of("cus_typo"), "/v1/charges?customer=cus_typo&limit=100"));
    c.add(of("select id from charges where id = ?", List.of("ch_doesnotexist"), "/v1/charges/ch_doesnotexist"));
    c.add(of("select id from charges where id = ?", List.of(cus), "/v1/charges/" + cus));
    c.add(of("select id from charges where id = ?", List.of("../v1/customers")));
    c.add(of("select id from charges where id = ?", List.of(ch + " ")));
    c.add(of("select id from charges where customer = ?", List.of(cus.toUpperCase(Locale.ROOT)),
        "/v1/charges?customer=" + cus.toUpperCase(Locale.ROOT) + "&limit=100"));
    c.add(of("select id from invoice_lines where invoice = ?", List.of("in_gone"), "/v1/invoices/in_gone/lines?limit=100"));
    // an empty value is not sent: the scan reads all, the filter decides
    c.add(of("select id from subscription_items where subscription = ?", List.of(""),
        SAME_AS + "select id from subscription_items"));
    c.add(of("select id from charges where customer = ?", List.of(""), "/v1/charges?limit=100"));
    c.add(of("select id from charges where customer in (?, ?)", List.of(cus, ""), "/v1/charges?limit=100"));
    c.add(of("select id from charges where id = ?", List.of(""), "/v1/charges?limit=100"));
    c.add(of("select id from invoice_lines where invoice in (?, ?)", List.of("", ""),
        SAME_AS + "select id from invoice_lines"));
    // not pushed: an enum parameter (exact or not by value), a literal constraining the same parameter
    c.add(of("select id from subscriptions where status = ?", List.of("canceled"), "/v1/subscriptions?limit=100&status=all"));
    c.add(of("select id from charges where customer = ? and customer = '" + cus + "'", List.of(cus2),
        "/v1/charges?customer=" + cus + "&limit=100"));
    c.add(of("select id from charges where id = ? and id = '" + ch + "'", List.of(ch), "/v1/charges/" + ch));
    c.add(of("select id from subscription_items where subscription = '?0'", List.of(),
        SAME_AS + "select id from subscription_items"));
    return c.stream();
  }

  /** Expected requests: those of this statement (the literal form) on the same connection. */
  private static final String SAME_AS = "same as: ";

  private static Arguments of(String sql, List<Object> params, String... requests) {
    return Arguments.of(sql, params, List.of(requests));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void pushesTheParametersValue(String sql, List<Object> params, List<String> requests) throws Exception {
    List<List<Object>> expected = rows(plain, sql, params);
    for (Connection c : List.of(pushed, cached)) {
      List<String> wanted = requests;
      if (requests.size() == 1 && requests.get(0).startsWith(SAME_AS)) {
        wanted = calls(() -> rows(c, requests.get(0).substring(SAME_AS.length()), List.of()));
      }
      List<List<Object>> actual = new ArrayList<>();
      List<String> sent = calls(() -> actual.addAll(rows(c, sql, params)));
      assertEquals(expected, actual, sql + " " + params);
      assertEquals(sorted(wanted), sorted(sent), sql + " " + params);
    }
  }

  private interface Run {
    Object run() throws SQLException;
  }

  /** The Stripe calls {@code run} makes ({@link PushdownTest#calls}). */
  private List<String> calls(Run run) throws Exception {
    settle();
    fx.emulator.requestLog().clear();
    run.run();
    return PushdownTest.calls(fx.emulator.requestLog().requests());
  }

  /** Waits until no request arrives for a moment (a scan stopped early may still have some on their way). */
  private void settle() throws InterruptedException {
    int n;
    do {
      n = fx.emulator.requestLog().size();
      Thread.sleep(30);
    } while (n != fx.emulator.requestLog().size());
  }

  private static List<String> sorted(List<String> in) {
    List<String> out = new ArrayList<>(in);
    Collections.sort(out);
    return out;
  }

  @Test
  void eachExecutionSendsItsOwnValue() throws Exception {
    String sql = "select id, amount from charges where customer = ?";
    for (Connection c : List.of(pushed, cached)) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (String value : List.of(cus, cus2, "cus_typo", cus)) {
          ps.setString(1, value);
          List<List<Object>> actual = new ArrayList<>();
          assertEquals(List.of("/v1/charges?customer=" + value + "&limit=100"), calls(() -> actual.addAll(rows(ps))),
              value);
          assertEquals(rows(plain, sql, List.of(value)), actual, value);
          assertEquals(!value.equals("cus_typo"), !actual.isEmpty(), "rows for " + value);
        }
        ps.setNull(1, Types.VARCHAR);
        List<List<Object>> none = new ArrayList<>();
        assertEquals(List.of(), calls(() -> none.addAll(rows(ps))), "no request for NULL");
        assertTrue(none.isEmpty());
      }
    }
  }

  @Test
  void theCacheTellsAParameterFromALiteral() throws Exception {
    // both statements have the shape customer = ? AND status = ? with the literal 'succeeded'
    String first = "select id from charges where customer = ? and status = 'succeeded'";
    String second = "select id from charges where customer = 'succeeded' and status = ?";
    assertFalse(rows(cached, first, List.of(cus)).isEmpty());
    assertEquals(List.of(), rows(cached, second, List.of(cus)));
    assertEquals(rows(plain, first, List.of(cus)), rows(cached, first, List.of(cus)));
  }

  @Test
  void aChildTableByItsParentReturnsItsRows() throws Exception {
    List<List<Object>> lines = rows(pushed, "select id, invoice from invoice_lines where invoice = ?", List.of(inv));
    assertFalse(lines.isEmpty());
    lines.forEach(l -> assertEquals(inv, l.get(1)));
    assertEquals(1, rows(pushed, "select id from charges where id = ?", List.of(ch)).size());
  }

  @Test
  void explainShowsThePlaceholderNeverTheValue() throws Exception {
    for (Connection c : List.of(pushed, cached)) {
      String list = explain(c, "select id from charges where customer = ?");
      assertTrue(list.contains("stripe=[LIST customer=?0]"), list);
      String retrieve = explain(c, "select id from charges where amount > 5 and id in (?, ?)");
      assertTrue(retrieve.contains("stripe=[RETRIEVE ids=[?0, ?1]]"), retrieve);
      String child = explain(c, "select id from invoice_lines where invoice = ?");
      assertTrue(child.contains("stripe=[LIST parents=[?0]]"), child);
      String status = explain(c, "select id from subscriptions where status = ?");
      assertTrue(status.contains("stripe=[LIST]"), status);
    }
  }

  private static String explain(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("explain plan for " + sql)) {
      for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
        ps.setString(i, "cus_value" + i);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        String plan = rs.getString(1);
        assertFalse(plan.contains("cus_value"), "no value in EXPLAIN: " + plan);
        return plan;
      }
    }
  }

  private static List<List<Object>> rows(Connection c, String sql, List<Object> params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        if (params.get(i) == null) {
          ps.setNull(i + 1, Types.VARCHAR);
        } else {
          ps.setObject(i + 1, params.get(i));
        }
      }
      return rows(ps);
    }
  }

  /** The rows in a stable order. */
  private static List<List<Object>> rows(PreparedStatement ps) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
    }
    out.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
    return out;
  }
}
