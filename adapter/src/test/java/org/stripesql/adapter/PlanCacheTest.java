package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plan cache of the adapter's driver: a statement seen before is not planned again; one that differs
 * in string literals bound for Stripe requests runs its plan with the new values; everything else is
 * planned afresh, and every answer equals a connection without the cache.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanCacheTest {
  CalciteFixture fx;
  Connection cached;
  Connection plain;
  final AtomicInteger planned = new AtomicInteger();
  Hook.Closeable counting;

  @BeforeAll
  void start() throws Exception {
    fx = new CalciteFixture(1);
    cached = fx.connect(StripeAdapter.CALCITE_URL, CalciteFixture.KEY, "");
    plain = fx.connect(CalciteFixture.KEY, "");
    counting = Hook.CONVERTED.add((Object rel) -> {
      planned.incrementAndGet();
    });
  }

  @AfterAll
  void stop() throws Exception {
    counting.close();
    cached.close();
    plain.close();
    fx.close();
  }

  /** The rows on the cached connection, which must equal the plain connection's; and whether it was planned. */
  boolean plannedFor(String sql, List<List<Object>> rowsOut) throws Exception {
    List<List<Object>> expected = CalciteFixture.rows(plain, sql);
    int before = planned.get();
    List<List<Object>> actual = CalciteFixture.rows(cached, sql);
    boolean wasPlanned = planned.get() != before;
    assertEquals(expected, actual, sql);
    rowsOut.addAll(actual);
    return wasPlanned;
  }

  String charge(int i, String field) {
    ObjectNode c = fx.emulator.data().list("charges").get(i);
    return c.path(field).asText();
  }

  @Test
  void theSameStatementIsPlannedOnce() throws Exception {
    String sql = "select id, amount from charges where 1 = 0";
    plannedFor(sql, new ArrayList<>());
    assertTrue(!plannedFor(sql, new ArrayList<>()), "planned again: " + sql);
  }

  @Test
  void anIdLookupWithAnotherIdRunsThePlannedStatement() throws Exception {
    String template = "select id, amount, status from charges where id = '%s'";
    plannedFor(String.format(template, charge(1, "id")), new ArrayList<>());
    for (int i = 2; i < 6; i++) {
      List<List<Object>> rows = new ArrayList<>();
      assertTrue(!plannedFor(String.format(template, charge(i, "id")), rows), "planned again for id " + i);
      assertEquals(charge(i, "id"), rows.get(0).get(0));
    }
    assertTrue(!plannedFor(String.format(template, "ch_doesNotExist1"), new ArrayList<>()));
  }

  @Test
  void declaredEnumValuesRebindAndOthersArePlanned() throws Exception {
    String template = "select id from invoices where customer = '%s' and status = '%s'";
    String customer = fx.emulator.data().list("invoices").get(0).path("customer").asText();
    plannedFor(String.format(template, customer, "paid"), new ArrayList<>());
    assertTrue(!plannedFor(String.format(template, customer, "open"), new ArrayList<>()));
    assertTrue(plannedFor(String.format(template, customer, "no_such_status"), new ArrayList<>()),
        "a value the parameter does not declare is planned afresh");
  }

  /**
   * Under the pushdown's rules a value can change the query (issue 12): an enum value exact for one
   * literal and left to a residual for another, a value only the parameter knows, a value no object
   * holds. Such a statement is planned afresh; one whose new value plans alike runs the cached plan.
   */
  @Test
  void valuesThatChangeTheQueryArePlannedAfresh() throws Exception {
    String subscriptions = "select id from subscriptions where status = '%s'";
    plannedFor(String.format(subscriptions, "canceled"), new ArrayList<>());
    assertTrue(!plannedFor(String.format(subscriptions, "past_due"), new ArrayList<>()), "exact like canceled");
    assertTrue(plannedFor(String.format(subscriptions, "ended"), new ArrayList<>()),
        "ended is a status of the parameter, not of a subscription");
    assertTrue(plannedFor(String.format(subscriptions, "all"), new ArrayList<>()), "all: the parameter's only");
    assertTrue(plannedFor(String.format(subscriptions, "no_such_status"), new ArrayList<>()), "a value no object holds");
    String topups = "select id from topups where status = '%s'";
    plannedFor(String.format(topups, "succeeded"), new ArrayList<>());
    assertTrue(plannedFor(String.format(topups, "reversed"), new ArrayList<>()),
        "reversed: a topup's status the 2022 parameter does not list, so scanned and filtered");
    String in = "select id from subscriptions where status in ('%s', '%s')";
    plannedFor(String.format(in, "canceled", "past_due"), new ArrayList<>());
    assertTrue(!plannedFor(String.format(in, "active", "trialing"), new ArrayList<>()));
    assertTrue(plannedFor(String.format(in, "canceled", "ended"), new ArrayList<>()));
  }

  /** Child lookups through the parent, deleted stubs and unknown references keep their answers when rebound. */
  @Test
  void reboundLookupsKeepTheirRules() throws Exception {
    String refunds = "select id, charge, amount from charge_refunds where id = '%s' and charge = '%s'";
    List<ObjectNode> all = fx.emulator.data().list("charge_refunds");
    for (int i = 0; i < 3; i++) {
      String id = all.get(i).path("id").asText();
      List<List<Object>> rows = new ArrayList<>();
      plannedFor(String.format(refunds, id, fx.emulator.data().parentOf("charge_refunds", id)), rows);
      assertEquals(1, rows.size(), "the refund through its charge");
    }
    String customers = "select id, email from customers where id = '%s'";
    plannedFor(String.format(customers, fx.emulator.data().list("customers").get(2).path("id").asText()),
        new ArrayList<>());
    List<List<Object>> deleted = new ArrayList<>();
    assertTrue(!plannedFor(String.format(customers, fx.emulator.data().deletedIds("customers").get(0)), deleted));
    assertTrue(deleted.isEmpty(), "a deleted customer's stub is no row");
    String charges = "select id from charges where customer in ('%s', '%s')";
    String customer = charge(17, "customer");
    plannedFor(String.format(charges, customer, "cus_typo2"), new ArrayList<>());
    List<List<Object>> rows = new ArrayList<>();
    plannedFor(String.format(charges, "cus_typo", customer), rows);
    assertTrue(!rows.isEmpty(), "an unknown reference matches nothing; the other value still does");
  }

    @Test
  void literalsLeftInTheFilterArePlannedEachTime() throws Exception {
    String template = "select id from customers where email = '%s'";
    ObjectNode a = fx.emulator.data().list("customers").get(3);
    ObjectNode b = fx.emulator.data().list("customers").get(4);
    plannedFor(String.format(template, a.path("email").asText()), new ArrayList<>());
    List<List<Object>> rows = new ArrayList<>();
    assertTrue(plannedFor(String.format(template, b.path("email").asText()), rows),
        "email is compared again above the scan: its literal is in the plan");
    assertEquals(b.path("id").asText(), rows.get(0).get(0));
  }

  @Test
  void statementsOfTheTimeAreNeverCached() throws Exception {
    String sql = "select count(*) from charges where created > current_timestamp - interval '400' day";
    plannedFor(sql, new ArrayList<>());
    assertTrue(plannedFor(sql, new ArrayList<>()));
  }

  @Test
  void repeatedValuesAndPatternsArePlanned() throws Exception {
    String template = "select id from charges where id = '%s' or id = '%s'";
    plannedFor(String.format(template, charge(1, "id"), charge(2, "id")), new ArrayList<>());
    assertTrue(plannedFor(String.format(template, charge(3, "id"), charge(3, "id")), new ArrayList<>()));
    String quoted = "select id from charges where id = '%s'";
    plannedFor(String.format(quoted, "ch_a\"b"), new ArrayList<>());
    assertTrue(plannedFor(String.format(quoted, "ch_c\"d"), new ArrayList<>()), "only plain text is rebound");
    String like = "select id from customers where name like '%s'";
    plannedFor(String.format(like, "A%"), new ArrayList<>());
    assertTrue(plannedFor(String.format(like, "B%"), new ArrayList<>()));
  }
}
