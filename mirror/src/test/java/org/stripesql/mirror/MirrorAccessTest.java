package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * No key reads through the mirror what Stripe would not let it read: a refused key nothing, a restricted key
 * only its tables (the others go to Stripe, which refuses them); the key that loads may read what it loads,
 * a weaker or revoked one gives way; several keys of one account share one store without conflicts.
 */
class MirrorAccessTest {
  /** Stripe refuses it (revoked). */
  static final String REFUSED = "sk_test_refused_key_00000001";
  /** May read charges (and its account and the events), nothing else. */
  static final String CHARGES_ONLY = "rk_test_charges_only_000002";
  private static final Duration LIVE = Duration.ofSeconds(120);

  @TempDir
  Path dir;
  private MirrorFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new MirrorFixture(StripeEmulator.builder().revokedKey(REFUSED)
        .restrictedKey(CHARGES_ONLY, "rak_charge_read", "rak_account_read", "rak_event_read"));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void aKeyStripeRefusesReadsNothingThroughAnotherKeysMirror() throws Exception {
    try (Connection loader = f.mirrored("customers", dir)) {
      MirrorFixture.awaitLive(loader, LIVE);
      try (Connection refused = f.mirroredWithKey(REFUSED, "customers", dir.toString(), Map.of())) {
        SQLException e = assertThrows(SQLException.class, () -> MirrorFixture.rows(refused,
            "SELECT COUNT(*) FROM customers"));
        assertTrue(causes(e).contains("Invalid API Key provided"), causes(e));
        assertEquals(List.of(), MirrorFixture.rows(refused, "SELECT * FROM mirror_status"), "no table to show");
        String plan = plan(refused, "SELECT COUNT(*) FROM customers");
        assertTrue(plan.contains("StripeTableScan") && !plan.contains("JdbcTableScan"), plan);
      }
    }
  }

  @Test
  void aRestrictedKeyReadsFromTheMirrorOnlyWhatItMayReadLive() throws Exception {
    try (Connection loader = f.mirrored("customers,charges", dir);
        Connection restricted = f.mirroredWithKey(CHARGES_ONLY, "customers,charges", dir.toString(), Map.of());
        Connection live = f.live()) {
      MirrorFixture.awaitLive(loader, LIVE);
      MirrorEvents.get().await("the restricted key shown its tables", LIVE, () -> MirrorFixture.rows(restricted,
          "SELECT table_name, read_from FROM mirror_status").equals(List.of(List.of("charges", "mirror"))));
      assertEquals(label(loader), label(restricted), "one mirror for the account's keys");
      assertTrue(plan(restricted, "SELECT COUNT(*) FROM charges").contains("JdbcTableScan(table=[[stripe, charges]])"));
      MirrorFixture.assertSameRows(restricted, live, "charges");
      int before = f.emulator.requestLog().size();
      SQLException e = assertThrows(SQLException.class, () -> MirrorFixture.rows(restricted,
          "SELECT COUNT(*) FROM customers"));
      assertTrue(causes(e).contains("does not have the required permissions"), causes(e));
      assertTrue(f.emulator.requestLog().requests().subList(before, f.emulator.requestLog().size()).stream()
          .anyMatch(r -> r.path().equals("/v1/customers") && r.status() == 403), "Stripe refused it, live");
    }
  }

  @Test
  void aWeakerKeyNeverLoadsWhatItMayNotReadAndTheKeyThatReadsMoreLoads() throws Exception {
    try (Connection weak = f.mirroredWithKey(CHARGES_ONLY, "charges,customers", dir.toString(), Map.of());
        Connection strong = f.mirrored("charges,customers", dir);
        Connection live = f.live()) {
      MirrorFixture.awaitLive(strong, LIVE);
      String weakKey = shown(CHARGES_ONLY);
      List<RecordedRequest> weakCustomers = f.emulator.requestLog().requests().stream()
          .filter(r -> weakKey.equals(r.key()) && r.path().equals("/v1/customers")).toList();
      assertTrue(weakCustomers.stream().allMatch(MirrorRecoveryTest::isProbe), "only its access check: " + weakCustomers);
      String id = Writes.post(f.emulator, "/v1/customers", "name=Polled+By+The+Strong+Key").path("id").asText();
      MirrorFixture.awaitPasses("the new customer", LIVE, () -> assertEquals(1,
          MirrorFixture.rows(strong, "SELECT id FROM customers WHERE id = '" + id + "'").size()));
      List<RecordedRequest> polls = f.emulator.requestLog().await(f.emulator.requestLog().size(),
          r -> r.path().equals("/v1/events") && r.query().containsKey("ending_before"), 3, LIVE);
      assertEquals(Set.of(shown(MirrorFixture.KEY)), polls.stream().map(RecordedRequest::key)
          .collect(Collectors.toSet()), "the key that reads every table polls");
      MirrorFixture.assertSameRows(strong, live, "customers");
    }
  }

  @Test
  void aRevokedLoadingKeyGivesWayToAnotherKeyAndReadsNothingMore() throws Exception {
    String other = "sk_test_second_key_of_the_account_77";
    // its access is checked again every second too: the revocation shows whether a poll or a probe meets it first
    try (Connection first = f.mirrored("customers", dir.toString(), Map.of("MirrorAccessCheckSeconds", "1"));
        Connection second = f.mirroredWithKey(other, "customers", dir.toString(), Map.of())) {
      MirrorFixture.awaitLive(first, LIVE);
      MirrorFixture.awaitLive(second, LIVE);
      f.emulator.revokeKey(MirrorFixture.KEY);
      String id = Writes.post(f.emulator, "/v1/customers", "name=After+Revocation").path("id").asText();
      MirrorFixture.awaitPasses("the other key polling", LIVE, () -> assertEquals(1,
          MirrorFixture.rows(second, "SELECT id FROM customers WHERE id = '" + id + "'").size()));
      MirrorEvents.get().await("the revoked key shown nothing", LIVE,
          () -> MirrorFixture.rows(first, "SELECT * FROM mirror_status").isEmpty());
      SQLException e = assertThrows(SQLException.class, () -> MirrorFixture.rows(first, "SELECT COUNT(*) FROM customers"));
      assertTrue(causes(e).contains("Invalid API Key provided"), causes(e));
      List<RecordedRequest> polls = f.emulator.requestLog().await(f.emulator.requestLog().size(),
          r -> r.path().equals("/v1/events") && r.query().containsKey("ending_before"), 3, LIVE);
      assertEquals(Set.of(shown(other)), polls.stream().map(RecordedRequest::key).collect(Collectors.toSet()));
    }
  }

  @Test
  void threeKeysOfOneAccountShareOneStoreWithoutConflicts() throws Exception {
    try (Connection a = f.mirrored("customers,charges", dir);
        Connection b = f.mirroredWithKey("sk_test_key_b_of_the_account_11", "customers,charges", dir.toString(), Map.of());
        Connection c = f.mirroredWithKey("sk_test_key_c_of_the_account_22", "charges", dir.toString(), Map.of());
        Connection live = f.live()) {
      for (Connection x : List.of(a, b, c)) {
        MirrorFixture.awaitLive(x, LIVE);
      }
      assertEquals(List.of(label(a), label(a)), List.of(label(b), label(c)), "one mirror");
      long firstPages = f.emulator.requestLog().requests().stream()
          .filter(r -> r.path().equals("/v1/charges") && !MirrorRecoveryTest.isProbe(r)
              && r.query().keySet().stream().noneMatch(k -> k.equals("starting_after") || k.startsWith("created")))
          .count();
      assertEquals(1, firstPages, "charges loaded once");
      for (Connection x : List.of(a, b, c)) {
        MirrorFixture.assertSameRows(x, live, "charges");
      }
    }
  }

  static String plan(Connection c, String sql) throws SQLException {
    return MirrorFixture.rows(c, "EXPLAIN PLAN FOR " + sql).stream().map(r -> String.valueOf(r.get(0)))
        .collect(Collectors.joining("\n"));
  }

  private static String label(Connection c) throws SQLException {
    return (String) MirrorFixture.rows(c, "SELECT mirror FROM mirror_status").get(0).get(0);
  }

  /** A key as the emulator's request log shows it (as Stripe does: prefix and last four). */
  static String shown(String key) {
    int second = key.indexOf('_', key.indexOf('_') + 1);
    return key.substring(0, second + 1) + "****" + key.substring(key.length() - 4);
  }

  static String causes(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append(" | ");
    }
    return b.toString();
  }
}
