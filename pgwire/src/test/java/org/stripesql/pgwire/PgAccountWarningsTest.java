package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A connected account SkipUnreadableAccounts leaves out is a NoticeResponse (WARNING, 01000) of the statement
 * that left it out, before its CommandComplete, PortalSuspended or ErrorResponse, in the simple and the extended
 * protocol: psql prints it, pgJDBC's {@code getWarnings()} and psycopg2's {@code notices} have it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgAccountWarningsTest {
  private static final String BY_ACCOUNT = "SELECT account, count(*) FROM charges GROUP BY account";
  private PgFixture pg;
  private String gone;
  private String kept;

  @BeforeAll
  void start() throws Exception {
    pg = PgFixture.startPlatform(2, ids -> Map.of("ConnectedAccounts", String.join(",", ids),
        "SkipUnreadableAccounts", "true"));
    gone = pg.emulator.connectedAccounts().get(0);
    kept = pg.emulator.connectedAccounts().get(1);
    assertTrue(pg.emulator.disconnectAccount(gone));
  }

  @AfterAll
  void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  private void assertLeftOut(String message) {
    assertTrue(message.startsWith("connected account " + gone + " left out of the statement: "), message);
    assertTrue(message.contains("does not have access to account"), message);
  }

  private static List<SQLWarning> chain(SQLWarning first) {
    List<SQLWarning> out = new ArrayList<>();
    for (SQLWarning w = first; w != null; w = w.getNextWarning()) {
      out.add(w);
    }
    return out;
  }

  private static List<String> accounts(ResultSet rs) throws Exception {
    List<String> out = new ArrayList<>();
    while (rs.next()) {
      out.add(rs.getString(1));
    }
    return out;
  }

  @Test
  void pgJdbcStatementsGetTheWarningInBothProtocols() throws Exception {
    for (String mode : List.of("extended", "simple")) {
      Properties p = new Properties();
      p.setProperty("preferQueryMode", mode);
      try (Connection c = pg.connect(p); Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery(BY_ACCOUNT)) {
          assertEquals(List.of(kept), accounts(rs), mode);
        }
        List<SQLWarning> warnings = chain(s.getWarnings());
        assertEquals(1, warnings.size(), mode + ": " + warnings);
        assertEquals("01000", warnings.get(0).getSQLState());
        assertLeftOut(warnings.get(0).getMessage());
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM customers WHERE account = '" + kept + "'")) {
          accounts(rs);
        }
        assertNull(s.getWarnings(), mode + ": the refused account was not read");
      }
    }
  }

  @Test
  void eachExecutionOfAPreparedStatementSaysItOnce() throws Exception {
    try (Connection c = pg.connect(); PreparedStatement p = c.prepareStatement(
        "SELECT account, count(*) FROM charges WHERE amount > ? GROUP BY account")) {
      for (int run = 0; run < 6; run++) {   // past pgJDBC's prepareThreshold: a named server statement as well
        p.setLong(1, run);
        try (ResultSet rs = p.executeQuery()) {
          assertEquals(List.of(kept), accounts(rs));
        }
        assertEquals(1, chain(p.getWarnings()).size(), "run " + run);
      }
    }
  }

  @Test
  void theNoticeComesBeforeCommandCompletePortalSuspendedOrErrorResponse() throws Exception {
    try (RawPgClient c = pg.raw()) {
      c.query("SELECT id FROM customers");
      assertNoticeThen(c.untilReady(), 'C');
      c.query("BEGIN");
      c.untilReady();
      // ORDER BY reads every account before the first row: the account was left out by then
      c.parse("", "SELECT id FROM customers ORDER BY id", List.of());
      c.bind("p", "", List.of(), List.of(), List.of());
      c.execute("p", 1);
      c.sync();
      assertNoticeThen(c.untilReady(), 's');
      c.execute("p", 0);
      c.sync();
      assertEquals(List.of(), c.untilReady().stream().filter(m -> m.type() == 'N').toList(), "said once");
      c.query("COMMIT");
      c.untilReady();
      // the count is of every account's rows, then the statement fails
      c.query("SELECT 1 / (count(*) - count(*)) FROM charges");
      assertNoticeThen(c.untilReady(), 'E');
    }
  }

  /** One NoticeResponse, a WARNING, right before the message {@code next}. */
  private void assertNoticeThen(List<RawPgClient.Msg> messages, char next) {
    List<Character> types = messages.stream().map(RawPgClient.Msg::type).toList();
    int notice = types.indexOf('N');
    assertTrue(notice >= 0 && types.lastIndexOf('N') == notice, types.toString());
    RawPgClient.Msg n = messages.get(notice);
    assertEquals("WARNING", n.field('S'));
    assertEquals("WARNING", n.field('V'));
    assertEquals("01000", n.field('C'));
    assertLeftOut(n.field('M'));
    assertEquals(next, (char) types.get(notice + 1), types.toString());
  }

  @Test
  void psqlPrintsTheWarning() throws Exception {
    String psql = ClientProcess.require("psql", "apt-get install postgresql-client");
    ClientProcess.Result r = ClientProcess.run(List.of(psql, "-X", "-v", "ON_ERROR_STOP=1", "-A", "-t",
        "host=127.0.0.1 port=" + pg.port() + " dbname=stripe user=alice", "-c", BY_ACCOUNT),
        Map.of("PGCONNECT_TIMEOUT", "60"), null);
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith(kept + "|"), r.out());
    assertTrue(r.err().startsWith("WARNING:  connected account " + gone + " left out of the statement: "), r.err());
  }

  @Test
  void psycopg2HasItInNotices() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(PythonClientsTest.PYTHON)), "no " + PythonClientsTest.PYTHON);
    ClientProcess.Result has = ClientProcess.run(List.of(PythonClientsTest.PYTHON, "-c", "import psycopg2"), Map.of(),
        null);
    assumeTrue(has.exit() == 0, "psycopg2 is missing: apt-get install python3-psycopg2 (.ci/run installs it)");
    ClientProcess.Result r = ClientProcess.run(List.of(PythonClientsTest.PYTHON, "src/test/python/psycopg2_warnings.py",
        Integer.toString(pg.port()), gone, kept), Map.of("PYTHONDONTWRITEBYTECODE", "1"), null);
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("ALL OK"), r.out() + r.err());
  }
}
