package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.emulator.StripeEmulator;

/**
 * An account SkipUnreadableAccounts leaves out is a warning of the statement that left it out, in an
 * in-process Calcite connection ({@link StripeAdapter#takeWarnings}): of that statement only, once per account
 * even when two scans refused it, and gone when the statement runs again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectedAccountWarningsTest {
  private CalciteFixture fixture;
  private String gone;
  private String kept;

  @BeforeAll
  void start() throws Exception {
    fixture = new CalciteFixture(StripeEmulator.builder().seed(5).scale(1).connectedAccounts(2));
    gone = fixture.emulator.connectedAccounts().get(0);
    kept = fixture.emulator.connectedAccounts().get(1);
    assertTrue(fixture.emulator.disconnectAccount(gone));
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  private Connection connect(String url) throws SQLException {
    return fixture.connect(url, CalciteFixture.KEY, ",\"ConnectedAccounts\":\"" + gone + "," + kept + "\""
        + ",\"SkipUnreadableAccounts\":\"true\"");
  }

  private static int drain(ResultSet rs) throws SQLException {
    int n = 0;
    while (rs.next()) {
      n++;
    }
    return n;
  }

  private static List<String> texts(SQLWarning w) {
    List<String> out = new ArrayList<>();
    for (; w != null; w = w.getNextWarning()) {
      assertEquals("01000", w.getSQLState());
      out.add(w.getMessage());
    }
    return out;
  }

  @Test
  void theStatementThatLeftAnAccountOutHasItsWarningOnce() throws Exception {
    for (String url : List.of("jdbc:calcite:", StripeAdapter.CALCITE_URL)) {
      try (Connection c = connect(url); Statement s = c.createStatement(); Statement other = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT ch.account, cu.id FROM charges ch JOIN customers cu"
            + " ON cu.account = ch.account AND cu.id = ch.customer")) {
          drain(rs);
        }
        List<String> said = texts(StripeAdapter.warnings(s));
        assertEquals(1, said.size(), url + ": " + said);   // two scans refused it: said once
        assertTrue(said.get(0).startsWith("connected account " + gone + " left out of the statement: "), said.get(0));
        assertTrue(said.get(0).contains("Stripe refused access to the account (GET /v1/"), said.get(0));
        assertTrue(said.get(0).contains("does not have access to account"), said.get(0));
        assertFalse(said.get(0).contains("restricted key"), "no permission to grant: " + said.get(0));
        assertNull(StripeAdapter.warnings(other), "another statement of the connection has none");
        assertEquals(said, texts(StripeAdapter.takeWarnings(s)));
        assertNull(StripeAdapter.takeWarnings(s), "taken once");
        try (ResultSet rs = s.executeQuery("SELECT account, state FROM connected_accounts")) {
          assertEquals(2, drain(rs));
        }
        assertNull(StripeAdapter.warnings(s), "a new execution starts without the earlier one's warnings");
        assertNull(s.getWarnings(), "Calcite's own getWarnings() stays null");
      }
    }
  }

  @Test
  void eachExecutionOfAPreparedStatementHasItsOwnWarnings() throws Exception {
    try (Connection c = connect(StripeAdapter.CALCITE_URL);
        PreparedStatement p = c.prepareStatement("SELECT account, count(*) FROM charges WHERE amount > ?"
            + " GROUP BY account")) {
      for (int run = 0; run < 2; run++) {
        p.setLong(1, run);
        try (ResultSet rs = p.executeQuery()) {
          assertEquals(1, drain(rs));
        }
        assertEquals(1, texts(StripeAdapter.warnings(p)).size(), "run " + run);
      }
    }
  }
}
