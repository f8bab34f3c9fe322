package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tables whose lists need values only a query gives (issue 25): the line items of a tax calculation (no
 * table lists tax calculations), the owners of one ownership, the secrets of one scope. A query that fixes
 * the column reads exactly those rows; one that does not fails with SQLSTATE 0A000 naming the column.
 */
class RequiredColumnsTest {
  private static CalciteFixture fx;
  private static Connection pushed;

  @BeforeAll
  static void start() throws Exception {
    fx = new CalciteFixture(1);
    pushed = fx.connect(true);
  }

  @AfterAll
  static void stop() throws Exception {
    pushed.close();
    fx.close();
  }

  private static Set<String> ids(Connection c, String sql) throws SQLException {
    Set<String> out = new TreeSet<>();
    for (List<Object> r : CalciteFixture.rows(c, sql)) {
      out.add((String) r.get(0));
    }
    return out;
  }

  private static Set<String> ids(List<ObjectNode> rows) {
    Set<String> out = new TreeSet<>();
    rows.forEach(r -> out.add(r.path("id").asText()));
    return out;
  }

  private static void needs(Connection c, String sql, String column) {
    SQLException e = assertThrows(SQLException.class, () -> CalciteFixture.rows(c, sql), sql);
    String all = CalciteFixture.messages(e);
    assertEquals("0A000", CalciteFixture.sqlState(e), all);
    assertTrue(all.contains("needs a value for column " + column + ":"), all);
  }

  @Test
  void lineItemsOfTheTaxCalculationsAQueryNames() throws Exception {
    List<String> calculations = new ArrayList<>();
    for (ObjectNode line : fx.emulator.data().list("tax_calculation_line_items")) {
      String parent = fx.emulator.data().parentOf("tax_calculation_line_items", line.path("id").asText());
      if (!calculations.contains(parent)) {
        calculations.add(parent);
      }
    }
    assertTrue(calculations.size() >= 2, calculations.toString());
    String a = calculations.get(0);
    String b = calculations.get(1);
    assertEquals(ids(fx.emulator.data().children("tax_calculation_line_items", a)),
        ids(pushed, "select id from tax_calculation_line_items where calculation = '" + a + "'"));
    Set<String> both = ids(fx.emulator.data().children("tax_calculation_line_items", a));
    both.addAll(ids(fx.emulator.data().children("tax_calculation_line_items", b)));
    assertEquals(both, ids(pushed, "select id from tax_calculation_line_items where calculation in ('" + a + "', '"
        + b + "')"));
    assertEquals(Set.of(), ids(pushed, "select id from tax_calculation_line_items where calculation = 'taxcalc_none'"),
        "an unknown calculation has no line items");
    needs(pushed, "select id from tax_calculation_line_items", "calculation");
    needs(pushed, "select count(*) from tax_transaction_line_items where amount > 0", "transaction");
    try (Connection off = fx.connect(false)) {
      needs(off, "select id from tax_calculation_line_items where calculation = '" + a + "'", "calculation");
    }
    try (PreparedStatement ps = pushed.prepareStatement(
        "select id from tax_calculation_line_items where calculation = ?")) {
      ps.setString(1, a);
      Set<String> got = new TreeSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          got.add(rs.getString(1));
        }
      }
      assertEquals(ids(fx.emulator.data().children("tax_calculation_line_items", a)), got);
    }
  }

  @Test
  void ownersOfTheOwnershipAQueryNames() throws Exception {
    ObjectNode owner = fx.emulator.data().list("financial_connections_account_owners").get(0);
    String account = fx.emulator.data().parentOf("financial_connections_account_owners", owner.path("id").asText());
    String ownership = owner.path("ownership").asText();
    Set<String> expected = ids(fx.emulator.data().children("financial_connections_account_owners", account));
    assertFalse(expected.isEmpty());
    assertEquals(expected, ids(pushed, "select id from financial_connections_account_owners where account = '"
        + account + "' and ownership = '" + ownership + "'"));
    assertEquals(expected, ids(pushed, "select id from financial_connections_account_owners where ownership = '"
        + ownership + "'"), "every account's owners of that ownership: the one account's");
    needs(pushed, "select id from financial_connections_account_owners where account = '" + account + "'",
        "ownership");
    try (PreparedStatement ps = pushed.prepareStatement(
        "select id from financial_connections_account_owners where account = ? and ownership = ?")) {
      ps.setString(1, account);
      ps.setString(2, ownership);
      Set<String> got = new TreeSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          got.add(rs.getString(1));
        }
      }
      assertEquals(expected, got);
    }
  }

  @Test
  void secretsOfTheScopeAQueryNames() throws Exception {
    List<ObjectNode> all = fx.emulator.data().list("apps_secrets");
    Set<String> account = ids(all.stream().filter(s -> "account".equals(s.path("scope").path("type").asText()))
        .toList());
    assertFalse(account.isEmpty());
    assertEquals(account, ids(pushed, "select id from apps_secrets where scope_type = 'account'"));
    assertEquals(ids(all), ids(pushed, "select id from apps_secrets where scope_type in ('account', 'user')"));
    needs(pushed, "select id from apps_secrets", "scope_type");
    needs(pushed, "select id from apps_secrets where name = 'x'", "scope_type");
  }
}
