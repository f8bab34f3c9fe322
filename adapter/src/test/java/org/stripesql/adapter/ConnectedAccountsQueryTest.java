package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * A Connect platform's accounts in one schema (ConnectedAccounts): each account's rows equal the same
 * statement run against that account alone (AccountId), with and without pushdown; {@code account = / IN}
 * sends requests only for those accounts; a refused account fails the statement naming it, or is left out
 * with SkipUnreadableAccounts and shows in {@code connected_accounts}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectedAccountsQueryTest {
  private CalciteFixture fixture;
  private StripeEmulator emu;
  private List<String> accounts;

  @BeforeAll
  void start() throws Exception {
    fixture = new CalciteFixture(StripeEmulator.builder().seed(11).scale(1).connectedAccounts(3)
        .anchor(Instant.parse("2024-06-01T00:00:00Z")));
    emu = fixture.emulator;
    accounts = emu.connectedAccounts();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  private Connection connected(String operands) throws SQLException {
    return fixture.connect(CalciteFixture.KEY, operands);
  }

  /** {@code [count, sum]} of the account's charges read alone, with AccountId. */
  private List<Object> alone(String account, String where) throws SQLException {
    try (Connection c = connected(",\"AccountId\":\"" + account + "\"")) {
      return CalciteFixture.rows(c, "SELECT count(*), sum(amount) FROM charges" + where).get(0);
    }
  }

  private static Map<String, List<Object>> byAccount(List<List<Object>> rows) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    rows.forEach(r -> out.put((String) r.get(0), r.subList(1, r.size())));
    return out;
  }

  @Test
  void revenuePerConnectedAccountIsEachAccountsOwnLiveAndWithoutPushdown() throws Exception {
    String sql = "SELECT account, count(*), sum(amount) FROM charges GROUP BY account";
    Map<String, List<Object>> expected = new LinkedHashMap<>();
    for (String a : accounts) {
      expected.put(a, alone(a, ""));
    }
    for (String operands : List.of(",\"ConnectedAccounts\":\"all\"", ",\"ConnectedAccounts\":\"all\",\"Pushdown\":\"false\"",
        ",\"ConnectedAccounts\":\"" + String.join(",", accounts) + "\"")) {
      try (Connection c = connected(operands)) {
        assertEquals(expected, byAccount(CalciteFixture.rows(c, sql)), operands);
      }
    }
    assertEquals(3, new HashSet<>(expected.values()).size(), "each account has figures of its own");
  }

  @Test
  void accountEqualsReadsOnlyThatAccount() throws Exception {
    String one = accounts.get(1);
    long since;
    try (Connection c = connected(",\"ConnectedAccounts\":\"all\"")) {
      emu.requestLog().clear();
      since = System.nanoTime();
      List<List<Object>> rows = CalciteFixture.rows(c,
          "SELECT account, count(*), sum(amount) FROM charges WHERE account = '" + one + "' GROUP BY account");
      assertEquals(Map.of(one, alone(one, "")), byAccount(rows));
    }
    // the statement's requests: one an earlier test's scan had in flight when the log was cleared is not
    List<RecordedRequest> log = emu.requestLog().requests().stream().filter(r -> r.arrivedNanos() >= since).toList();
    assertTrue(log.stream().anyMatch(r -> r.path().equals("/v1/charges")), log.toString());
    for (RecordedRequest r : log) {
      if (r.path().equals("/v1/accounts")) {
        assertEquals(null, r.account(), "the platform lists its accounts");
      } else {
        assertEquals(one, r.account(), r.toString());
      }
    }
  }

  @Test
  void explainShowsTheAccountsAScanReads() throws Exception {
    String one = accounts.get(0);
    try (Connection c = connected(",\"ConnectedAccounts\":\"all\"")) {
      String plan = String.valueOf(CalciteFixture.rows(c, "EXPLAIN PLAN FOR SELECT id FROM charges WHERE account = '"
          + one + "' AND customer = 'cus_x'"));
      assertTrue(plan.contains("accounts=[[" + one + "]]"), plan);
      assertTrue(plan.contains("customer=cus_x"), plan);
    }
  }

  @Test
  void accountInReadsOnlyThoseAccountsAndOtherFiltersPushPerAccount() throws Exception {
    String a = accounts.get(0);
    String b = accounts.get(2);
    long since = Instant.parse("2024-05-01T00:00:00Z").getEpochSecond();
    String where = " WHERE created >= TIMESTAMP '2024-05-01 00:00:00'";
    try (Connection c = connected(",\"ConnectedAccounts\":\"" + String.join(",", accounts) + "\"")) {
      emu.requestLog().clear();
      List<List<Object>> rows = CalciteFixture.rows(c, "SELECT account, count(*), sum(amount) FROM charges"
          + where + " AND account IN ('" + a + "', '" + b + "', 'acct_1NotConnected') GROUP BY account");
      Map<String, List<Object>> expected = new LinkedHashMap<>();
      expected.put(a, alone(a, where));
      expected.put(b, alone(b, where));
      assertEquals(expected, byAccount(rows));
    }
    Set<String> asked = new HashSet<>();
    for (RecordedRequest r : emu.requestLog().requests()) {
      asked.add(r.account());
      if (r.path().equals("/v1/charges")) {
        assertEquals(List.of(String.valueOf(since)), r.query().get("created[gte]"), r.toString());
      }
    }
    asked.remove(null);   // the AccountId statements of the oracle ran after the clear: only a and b
    assertEquals(Set.of(a, b), asked);
  }

  @Test
  void aStatementParameterSelectsTheAccount() throws Exception {
    String one = accounts.get(2);
    try (Connection c = connected(",\"ConnectedAccounts\":\"all\"");
        PreparedStatement ps = c.prepareStatement(
            "SELECT account, count(*), sum(amount) FROM charges WHERE account = ? GROUP BY account")) {
      ps.setString(1, one);
      emu.requestLog().clear();
      List<List<Object>> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(List.of(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        }
      }
      assertTrue(emu.requestLog().requests().stream().filter(r -> !r.path().equals("/v1/accounts"))
          .allMatch(r -> one.equals(r.account())), emu.requestLog().requests().toString());
      assertEquals(1, rows.size());
      assertEquals(one, rows.get(0).get(0));
      assertEquals(((Number) alone(one, "").get(0)).longValue(), rows.get(0).get(1));
    }
  }

  @Test
  void theAccountColumnIsFirstAndAnObjectsOwnAccountIsRenamed() throws Exception {
    try (Connection c = connected(",\"ConnectedAccounts\":\"all\"");
        ResultSet cols = c.getMetaData().getColumns(null, "stripe", "events", null)) {
      List<String> names = new ArrayList<>();
      while (cols.next()) {
        names.add(cols.getString("COLUMN_NAME"));
      }
      assertEquals("account", names.get(0));
      assertTrue(names.contains("object_account"), names.toString());
      List<List<Object>> rows = CalciteFixture.rows(c, "SELECT account, object_account FROM events LIMIT 5");
      assertEquals(5, rows.size());
      rows.forEach(r -> assertEquals(r.get(0), r.get(1), "a connected account's events name it"));
    }
  }

  @Test
  void aRefusedAccountFailsTheStatementNamingItOrIsLeftOutWhenAsked() throws Exception {
    try (StripeEmulator e = StripeEmulator.builder().seed(5).scale(1).connectedAccounts(2).build().start()) {
      List<String> ids = e.connectedAccounts();
      String gone = ids.get(0);
      String kept = ids.get(1);
      assertTrue(e.disconnectAccount(gone));
      String model = ",\"ConnectedAccounts\":\"" + gone + "," + kept + "\"";
      try (Connection c = connectTo(e, model)) {
        SQLException failure = assertThrows(SQLException.class,
            () -> CalciteFixture.rows(c, "SELECT account, count(*) FROM charges GROUP BY account"));
        String messages = CalciteFixture.messages(failure);
        assertTrue(messages.contains("connected account " + gone), messages);
        assertTrue(messages.contains("account_invalid") || messages.contains("does not have access"), messages);
        assertEquals("42501", CalciteFixture.sqlState(failure));
      }
      try (Connection c = connectTo(e, model + ",\"SkipUnreadableAccounts\":\"true\"")) {
        List<List<Object>> rows = CalciteFixture.rows(c, "SELECT account, count(*) FROM charges GROUP BY account");
        assertEquals(1, rows.size());
        assertEquals(kept, rows.get(0).get(0));
        Map<String, List<Object>> states = byAccount(CalciteFixture.rows(c,
            "SELECT account, state, last_error FROM connected_accounts"));
        assertEquals("readable", states.get(kept).get(0));
        assertEquals("unreadable", states.get(gone).get(0));
        assertTrue(String.valueOf(states.get(gone).get(1)).contains(gone), states.toString());
      }
      assertFalse(e.connectedAccounts().contains(gone));
    }
  }

  @Test
  void anAccountThatConnectsAppearsInTheNextStatement() throws Exception {
    try (StripeEmulator e = StripeEmulator.builder().seed(9).scale(1).connectedAccounts(1).build().start();
        Connection c = connectTo(e, ",\"ConnectedAccounts\":\"all\"")) {
      String sql = "SELECT DISTINCT account FROM customers";
      assertEquals(1, CalciteFixture.rows(c, sql).size());
      String added = e.connectAccount();
      List<List<Object>> rows = CalciteFixture.rows(c, sql);
      assertEquals(2, rows.size());
      assertTrue(rows.stream().anyMatch(r -> added.equals(r.get(0))));
      List<List<Object>> listed = CalciteFixture.rows(c, "SELECT account, name FROM connected_accounts");
      assertEquals(List.of(List.of(e.connectedAccounts().get(0), "Connected shop 1"), List.of(added,
          "Connected shop 2")), listed);
    }
  }

  private static Connection connectTo(StripeEmulator e, String operands) throws SQLException {
    Properties p = new Properties();
    p.setProperty("model", CalciteFixture.model(e.baseUrl(), CalciteFixture.KEY, operands));
    p.setProperty("lex", "MYSQL_ANSI");
    p.setProperty("timeZone", "UTC");
    return DriverManager.getConnection("jdbc:calcite:", p);
  }
}
