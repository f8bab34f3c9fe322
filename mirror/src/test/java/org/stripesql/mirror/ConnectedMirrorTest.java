package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.StripeEmulator;

/**
 * A Connect platform's mirror (ConnectedAccounts with Mirror): every connected account's copy in one store,
 * read as one table with the account in front; each account's figures equal that account read alone
 * (AccountId) and the platform read live; accounts that connect and disconnect appear and disappear by
 * themselves, and a plan made before they did is planned again.
 */
class ConnectedMirrorTest {
  private static final String GROUPED = "SELECT account, count(*), sum(amount) FROM charges GROUP BY account";
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  @AfterEach
  void closeMirrors() {
    StripeAdapter.closeMirrors();
  }

  @Test
  void groupByAccountFromADuckDbStoreEqualsEachAccountAlone() throws Exception {
    try (MirrorFixture f = platform(3)) {
      sameAsLive(f, dir.toString());
    }
  }

  @Test
  void groupByAccountFromAPostgresStoreEqualsEachAccountAlone() throws Exception {
    String url = SharedPostgresMirrorTest.URL;
    Assumptions.assumeTrue(url != null && !url.isBlank(), "skipped: no PostgreSQL (set STRIPESQL_TEST_PG_URL)");
    try (MirrorFixture f = platform(3)) {
      sameAsLive(f, url);
    }
  }

  @Test
  void accountsThatConnectAndDisconnectAppearAndDisappearByThemselves() throws Exception {
    try (MirrorFixture f = platform(2);
        Connection m = mirrored(f, dir.toString());
        Connection live = f.live(Map.of("ConnectedAccounts", "all"))) {
      MirrorFixture.awaitLive(m, WAIT);
      PreparedStatement before = m.prepareStatement(GROUPED);
      assertEquals(2, grouped(before).size());

      String joined = f.emulator.connectAccount();
      awaitFromMirror(m, live, 3);
      assertTrue(grouped(m).containsKey(joined), "the new account's rows: " + grouped(m));
      assertEquals(alone(f, joined), grouped(m).get(joined));
      // planned with two accounts' copies: the plan does not run with a stale set of accounts
      SQLException e = assertThrows(SQLException.class, () -> grouped(before));
      assertTrue(message(e).contains("prepare the statement again"), message(e));

      String left = f.emulator.connectedAccounts().get(0);
      assertTrue(f.emulator.disconnectAccount(left));
      awaitFromMirror(m, live, 2);
      assertFalse(grouped(m).containsKey(left), "a disconnected account's rows: " + grouped(m));
      MirrorFixture.assertSameRows(m, live, "charges");
      String store = (String) MirrorFixture.rows(m, "SELECT store FROM mirror_status").get(0).get(0);
      StripeAdapter.closeMirrors();
      // the disconnected account's copy is gone from the store, the others' are there
      List<String> schemas = new ArrayList<>();
      try (Connection d = DriverManager.getConnection("jdbc:duckdb:" + store.substring("DuckDB ".length()));
          ResultSet rs = d.createStatement().executeQuery("SELECT schema_name FROM information_schema.schemata")) {
        while (rs.next()) {
          schemas.add(rs.getString(1));
        }
      }
      assertTrue(schemas.stream().noneMatch(n -> n.startsWith(left.toLowerCase(Locale.ROOT) + "_")), schemas.toString());
      for (String id : f.emulator.connectedAccounts()) {
        assertTrue(schemas.stream().anyMatch(n -> n.startsWith(id.toLowerCase(Locale.ROOT) + "_")), id + ": " + schemas);
      }
    }
  }

  @Test
  void anAccountStripeRefusesIsReadLiveAndFailsOrIsLeftOut() throws Exception {
    try (MirrorFixture f = platform(2)) {
      List<String> ids = f.emulator.connectedAccounts();
      Map<String, String> named = Map.of("ConnectedAccounts", String.join(",", ids), "MirrorAccessCheckSeconds", "1");
      Map<String, String> skipping = new LinkedHashMap<>(named);
      skipping.put("SkipUnreadableAccounts", "true");
      try (Connection m = f.mirrored("charges,customers", dir.toString(), named);
          Connection skip = f.mirrored("charges,customers", dir.toString(), skipping)) {
        MirrorFixture.awaitLive(m, WAIT);
        assertTrue(explain(m, GROUPED).contains("MirrorRead"), explain(m, GROUPED));
        List<Object> kept = alone(f, ids.get(0));
        assertTrue(f.emulator.disconnectAccount(ids.get(1)));
        // the copy of an account Stripe refuses is never read again: Stripe decides, live
        MirrorFixture.awaitPasses("the refused account read live", WAIT, () ->
            assertTrue(explain(m, GROUPED).contains("StripeTableScan"), explain(m, GROUPED)));
        SQLException e = assertThrows(SQLException.class, () -> grouped(m));
        assertTrue(message(e).contains(ids.get(1)), message(e));
        assertEquals(Map.of(ids.get(0), kept), grouped(skip));
      }
    }
  }

  /** The mirrored platform's figures against each account alone, the platform live, and live without pushdown. */
  private static void sameAsLive(MirrorFixture f, String store) throws Exception {
    List<String> ids = f.emulator.connectedAccounts();
    try (Connection m = mirrored(f, store);
        Connection live = f.live(Map.of("ConnectedAccounts", "all"));
        Connection oracle = f.live(Map.of("ConnectedAccounts", "all", "Pushdown", "false"))) {
      MirrorFixture.awaitLive(m, WAIT);
      String plan = explain(m, GROUPED);
      assertTrue(plan.contains("MirrorRead") && plan.contains("JdbcUnion") && plan.contains("JdbcAggregate")
          && !plan.contains("StripeTableScan"), "the store aggregates the accounts' copies: " + plan);
      Map<String, List<Object>> fromMirror = grouped(m);
      assertEquals(ids.size(), fromMirror.size(), fromMirror.toString());
      for (String id : ids) {
        assertEquals(alone(f, id), fromMirror.get(id), "account " + id);
      }
      assertEquals(grouped(live), fromMirror);
      assertEquals(grouped(oracle), fromMirror);
      MirrorFixture.assertSameRows(m, oracle, "charges");
      MirrorFixture.assertSameRows(m, oracle, "customers");
      String one = "SELECT id, amount FROM charges WHERE account = '" + ids.get(1) + "' ORDER BY id";
      assertTrue(explain(m, one).contains("MirrorRead"), explain(m, one));
      assertEquals(MirrorFixture.rows(oracle, one), MirrorFixture.rows(m, one));
      String join = "SELECT c.account, count(*), count(DISTINCT u.email) FROM charges c JOIN customers u"
          + " ON c.account = u.account AND c.customer = u.id GROUP BY c.account ORDER BY c.account";
      assertTrue(explain(m, join).contains("JdbcJoin"), explain(m, join));
      assertEquals(MirrorFixture.rows(oracle, join), MirrorFixture.rows(m, join));
    }
  }

  /** Waits until a statement planned now reads the mirror's copies of {@code accounts} accounts, as live does. */
  private static void awaitFromMirror(Connection m, Connection live, int accounts) throws Exception {
    MirrorFixture.awaitPasses("the mirror reading " + accounts + " accounts", WAIT, () -> {
      assertTrue(explain(m, GROUPED).contains("MirrorRead"), "read from the mirror");
      Map<String, List<Object>> g = grouped(m);
      assertEquals(accounts, g.size(), g.toString());
      assertEquals(grouped(live), g);
    });
  }

  private static MirrorFixture platform(int accounts) throws Exception {
    return new MirrorFixture(StripeEmulator.builder().scale(1).connectedAccounts(accounts));
  }

  private static Connection mirrored(MirrorFixture f, String store) throws SQLException {
    return f.mirrored("charges,customers", store, Map.of("ConnectedAccounts", "all"));
  }

  /** One account's count and sum read alone, live (AccountId). */
  private static List<Object> alone(MirrorFixture f, String account) throws SQLException {
    try (Connection c = f.live(Map.of("AccountId", account))) {
      List<Object> r = MirrorFixture.rows(c, "SELECT count(*), sum(amount) FROM charges").get(0);
      return List.of(((Number) r.get(0)).longValue(), r.get(1) == null ? 0L : ((Number) r.get(1)).longValue());
    }
  }

  private static Map<String, List<Object>> grouped(Connection c) throws SQLException {
    return grouped(MirrorFixture.rows(c, GROUPED));
  }

  private static Map<String, List<Object>> grouped(PreparedStatement ps) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(List.of(rs.getObject(1), rs.getObject(2), rs.getObject(3) == null ? 0L : rs.getObject(3)));
      }
    }
    return grouped(rows);
  }

  private static Map<String, List<Object>> grouped(List<List<Object>> rows) {
    Map<String, List<Object>> out = new TreeMap<>();
    for (List<Object> r : rows) {
      out.put((String) r.get(0), List.of(((Number) r.get(1)).longValue(),
          r.get(2) == null ? 0L : ((Number) r.get(2)).longValue()));
    }
    return out;
  }

  private static String explain(Connection c, String sql) throws SQLException {
    StringBuilder b = new StringBuilder();
    for (List<Object> r : MirrorFixture.rows(c, "EXPLAIN PLAN FOR " + sql)) {
      b.append(r.get(0)).append('\n');
    }
    return b.toString();
  }

  private static String message(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append(" | ");
    }
    return b.toString();
  }
}
