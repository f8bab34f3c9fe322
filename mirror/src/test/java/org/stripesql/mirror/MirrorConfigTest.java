package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.EventTypes;
import org.stripesql.emulator.StripeEmulator;

/** Unknown or unmirrorable tables and unusable stores are clear errors when the schema is made. */
class MirrorConfigTest {
  private static MirrorFixture f;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    f = new MirrorFixture(1);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void unknownTablesAreNamed() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> f.mirrored("customers,unicorns", dir).close());
    assertTrue(message(e).contains("operand Mirror names unknown tables [unicorns]"), message(e));
  }

  @Test
  void unmirrorableTablesSayWhy() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> f.mirrored("events", dir).close());
    assertTrue(message(e).contains("table events cannot be mirrored: it is the mirror's own feed"), message(e));
  }

  @Test
  void onlyPostgresqlUrls() {
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> f.mirrored("customers", "jdbc:mysql://db/x?password=secret", Map.of()).close());
    assertTrue(message(e).contains("operand MirrorStore must be a directory or a jdbc:postgresql://"), message(e));
    assertTrue(!message(e).contains("secret"), "no password in the message");
  }

  @Test
  void allMeansEveryMirrorableTable() {
    StripeAdapter.closeMirrors();
    List<String> all = TableSelection.of(List.of("all"), Catalog.bundled(), EventTypes.bundled());
    assertTrue(all.contains("balance_transactions") && all.contains("invoice_lines"), all.toString());
    assertTrue(!all.contains("events") && !all.contains("upcoming_invoice_lines"), all.toString());
  }

  @Test
  void aMirrorPerConnectedAccountEachInAnOwnerOnlyDirectory() throws Exception {
    // a platform with two connected accounts: Stripe-Account names an account the key may act on
    try (MirrorFixture platform = new MirrorFixture(StripeEmulator.builder().connectedAccounts(2))) {
      List<String> ids = platform.emulator.connectedAccounts();
      try (Connection a = platform.mirrored("products", dir.toString(), Map.of("AccountId", ids.get(0)));
          Connection b = platform.mirrored("products", dir.toString(), Map.of("AccountId", ids.get(1)))) {
        assertOwnerOnlyStoresPerAccount(a, b, ids);
      }
    } finally {
      StripeAdapter.closeMirrors();
    }
  }

  /** Each account's mirror in a store of its own, its directory and file readable by the owner only. */
  private static void assertOwnerOnlyStoresPerAccount(Connection a, Connection b, List<String> ids) throws Exception {
    MirrorFixture.awaitLive(a, Duration.ofSeconds(60));
    MirrorFixture.awaitLive(b, Duration.ofSeconds(60));
    String storeA = (String) MirrorFixture.rows(a, "SELECT store FROM mirror_status").get(0).get(0);
    String storeB = (String) MirrorFixture.rows(b, "SELECT store FROM mirror_status").get(0).get(0);
    assertTrue(storeA.contains(ids.get(0) + "-test") && storeB.contains(ids.get(1) + "-test"), storeA + " / " + storeB);
    Path file = Path.of(storeA.substring(storeA.indexOf('/')));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  private static String message(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append(" | ");
    }
    return b.toString();
  }
}
