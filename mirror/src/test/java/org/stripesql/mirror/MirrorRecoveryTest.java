package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.RecordedRequest;

/** The mirror recovers: a restart mid-load resumes, an expired event cursor reloads, drift is found and repaired. */
class MirrorRecoveryTest {
  @TempDir
  Path dir;

  @Test
  void aRestartMidLoadResumesWhereTheLoadStopped() throws Exception {
    try (MirrorFixture f = new MirrorFixture(3)) {
      f.emulator.faults().latency(Duration.ofMillis(15));
      // slow enough (36 pages at 5/s) to stop after a batch or two (one at least every 2 s)
      try (Connection m = f.mirrored("charges", dir.toString(), Map.of("RateLimit", "5", "EndpointRateLimit", "5"))) {
        MirrorEvents.get().await("a batch of the load committed", Duration.ofSeconds(60), () -> loadedRows(m) > 0);
        assertEquals("loading", MirrorFixture.states(m).get("charges"), "stopped mid-load");
      }
      StripeAdapter.closeMirrors();   // the process stops
      f.emulator.faults().reset();
      int before = f.emulator.requestLog().size();
      Writes.post(f.emulator, "/v1/charges", "amount=4200&currency=usd");   // changes while it was down
      try (Connection m = f.mirrored("charges", dir); Connection live = f.live()) {
        MirrorFixture.awaitLive(m, Duration.ofSeconds(120));
        List<RecordedRequest> made = f.emulator.requestLog().requests();
        RecordedRequest firstPage = made.subList(before, made.size()).stream()
            .filter(r -> r.method().equals("GET") && r.path().equals("/v1/charges") && !isProbe(r)).findFirst()
            .orElseThrow();
        // an upper bound at the oldest row loaded: [lte] read sequentially, [lt] one second above in a time slice
        assertTrue(firstPage.query().containsKey("created[lte]") || firstPage.query().containsKey("created[lt]"),
            "resumed, not started over: " + firstPage);
        MirrorFixture.assertSameRows(m, live, "charges");
      }
    }
  }

  @Test
  void aCursorOlderThanStripesRetentionReloadsInsteadOfLosingChanges() throws Exception {
    try (MirrorFixture f = new MirrorFixture(1)) {
      try (Connection m = f.mirrored("customers", dir)) {
        MirrorFixture.awaitLive(m, Duration.ofSeconds(60));
      }
      StripeAdapter.closeMirrors();
      String id = Writes.post(f.emulator, "/v1/customers", "name=Lost+In+Time").path("id").asText();
      f.emulator.advanceClock(Duration.ofDays(31));   // the mirror was down longer than events are kept
      Writes.post(f.emulator, "/v1/customers", "name=After");
      try (Connection m = f.mirrored("customers", dir); Connection live = f.live()) {
        MirrorFixture.awaitState(m, "customers", "reloading", Duration.ofSeconds(30));
        MirrorFixture.awaitLive(m, Duration.ofSeconds(60));
        assertEquals(1, MirrorFixture.rows(m, "SELECT 1 FROM customers WHERE id = '" + id + "'").size());
        MirrorFixture.assertSameRows(m, live, "customers");
      }
    }
  }

  @Test
  void verificationFindsDriftAndTheTableIsReloaded() throws Exception {
    try (MirrorFixture f = new MirrorFixture(1);
        Connection m = f.mirrored("customers", dir.toString(), Map.of("MirrorVerifySeconds", "0"));
        Connection live = f.live()) {
      MirrorFixture.awaitLive(m, Duration.ofSeconds(60));
      List<List<Object>> ok = MirrorFixture.rows(m, "SELECT * FROM TABLE(MirrorVerify('customers'))");
      assertEquals("none", ok.get(0).get(4), ok.toString());
      // a change Stripe made without an event about the customer
      ObjectNode c = f.emulator.data().list("customers").get(5).deepCopy();
      c.put("name", "Changed Silently");
      f.emulator.data().put("customers", c, null);
      List<List<Object>> drift = MirrorFixture.rows(m, "SELECT * FROM TABLE(MirrorVerify('customers'))");
      assertEquals(1L, drift.get(0).get(3), drift.toString());
      assertTrue(MirrorFixture.rows(m, "SELECT drift FROM mirror_status").get(0).get(0).toString()
          .startsWith("1 rows differ"));
      MirrorFixture.awaitLive(m, Duration.ofSeconds(60));
      awaitSame(m, live, "customers");
    }
  }

  @Test
  void aNewerCatalogThatChangesATablesColumnsRebuildsIt() throws Exception {
    try (MirrorFixture f = new MirrorFixture(1)) {
      try (Connection m = f.mirrored("customers", dir)) {
        MirrorFixture.awaitLive(m, Duration.ofSeconds(60));
      }
      StripeAdapter.closeMirrors();
      String spec = Path.of(getClass().getResource("/specs/customers-widgets.json").toURI()).toString();
      try (Connection m = f.mirrored("customers", dir.toString(), Map.of("OpenApiSpec", spec));
          Connection live = f.live(Map.of("OpenApiSpec", spec))) {
        MirrorFixture.awaitState(m, "customers", "reloading (a newer catalog changed its columns)", Duration.ofSeconds(30));
        MirrorFixture.awaitLive(m, Duration.ofSeconds(60));
        MirrorFixture.assertSameRows(m, live, "customers");
        assertEquals(List.of(), MirrorFixture.rows(m, "SELECT loyalty_tier FROM customers WHERE loyalty_tier IS NOT NULL"
            + " AND loyalty_tier <> loyalty_tier"));
      }
    }
  }

  private static void awaitSame(Connection m, Connection live, String table) throws Exception {
    MirrorFixture.awaitPasses(table + " equal to a live scan", Duration.ofSeconds(30),
        () -> MirrorFixture.assertSameRows(m, live, table));
  }

  /** A key's access check (one row), not the load. */
  static boolean isProbe(RecordedRequest r) {
    return List.of("1").equals(r.query().get("limit"));
  }

  private static long loadedRows(Connection m) throws Exception {
    List<List<Object>> r = MirrorFixture.rows(m, "SELECT loaded_rows FROM mirror_status");
    return r.isEmpty() ? 0 : (Long) r.get(0).get(0);
  }
}
