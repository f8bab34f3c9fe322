package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.RecordedRequest;

/** A live mirror follows the emulator's writes through its events, and costs only the events poll when idle. */
class MirrorFreshnessTest {
  private static final List<String> TABLES = List.of("customers", "charges", "refunds", "charge_refunds",
      "subscriptions", "subscription_items", "invoices", "invoice_lines");

  @TempDir
  Path dir;
  private MirrorFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new MirrorFixture(1);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void aNewCustomerAppearsWithinTwoRefreshIntervalsAndADeletedOneDisappears() throws Exception {
    double interval = 1.0;
    try (Connection m = f.mirrored("customers", dir.toString(), Map.of("MirrorRefreshSeconds", "1"))) {
      MirrorFixture.awaitLive(m, Duration.ofSeconds(60));
      String id = Writes.post(f.emulator, "/v1/customers", "name=Newcomer&email=new%40example.com").path("id").asText();
      long started = System.nanoTime();
      String sql = "SELECT name FROM customers WHERE id = '" + id + "'";
      while (MirrorFixture.rows(m, sql).isEmpty()) {
        assertTrue(System.nanoTime() - started < 2 * interval * 1e9 + 1e9, "the new customer did not appear in time");
        Thread.sleep(20);
      }
      double appeared = (System.nanoTime() - started) / 1e9;
      assertEquals("Newcomer", MirrorFixture.rows(m, sql).get(0).get(0));
      Writes.delete(f.emulator, "/v1/customers/" + id);
      started = System.nanoTime();
      while (!MirrorFixture.rows(m, sql).isEmpty()) {
        assertTrue(System.nanoTime() - started < 2 * interval * 1e9 + 1e9, "the deleted customer did not disappear");
        Thread.sleep(20);
      }
      System.out.printf("appeared after %.2f s, disappeared after %.2f s (refresh interval %.1f s)%n", appeared,
          (System.nanoTime() - started) / 1e9, interval);
    }
  }

  @Test
  void idleDashboardQueriesCostOnlyTheEventsPoll() throws Exception {
    try (Connection m = f.mirrored("customers,charges,invoices", dir.toString(), Map.of("MirrorRefreshSeconds", "0.5"))) {
      MirrorFixture.awaitLive(m, Duration.ofSeconds(60));
      Thread.sleep(1000);
      int before = f.emulator.requestLog().size();
      long started = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        MirrorFixture.rows(m, "SELECT status, COUNT(*), SUM(amount) FROM charges GROUP BY status");
        MirrorFixture.rows(m, "SELECT c.email, SUM(ch.amount) FROM customers c JOIN charges ch ON ch.customer = c.id"
            + " GROUP BY c.email ORDER BY 2 DESC LIMIT 10");
        MirrorFixture.rows(m, "SELECT status, COUNT(*) FROM invoices GROUP BY status");
      }
      Thread.sleep(2000);
      double seconds = (System.nanoTime() - started) / 1e9;
      List<RecordedRequest> after = f.emulator.requestLog().requests();
      List<RecordedRequest> made = after.subList(before, after.size());
      assertTrue(made.stream().allMatch(r -> r.path().equals("/v1/events")), "only the events poll: " + made);
      assertTrue(made.size() <= seconds / 0.5 + 2, made.size() + " polls in " + seconds + " s");
      assertTrue(made.stream().allMatch(r -> r.query().containsKey("ending_before")), "one request per poll");
    }
  }

  @Test
  void aScriptedMixOfWritesIncludingLateEventsEndsEqualToALiveScan() throws Exception {
    try (Connection m = f.mirrored(String.join(",", TABLES), dir); Connection live = f.live()) {
      MirrorFixture.awaitLive(m, Duration.ofSeconds(120));
      var e = f.emulator;
      String c1 = Writes.post(e, "/v1/customers", "name=Ada&metadata[plan]=gold").path("id").asText();
      String c2 = Writes.post(e, "/v1/customers", "name=Bea").path("id").asText();
      Writes.post(e, "/v1/customers/" + c1, "metadata[plan]=silver&email=ada%40example.com");
      String seeded = Writes.get(e, "/v1/customers?limit=3").path("data").get(2).path("id").asText();
      Writes.delete(e, "/v1/customers/" + seeded);
      String ch1 = Writes.post(e, "/v1/charges", "amount=5000&currency=usd&customer=" + c1).path("id").asText();
      Writes.post(e, "/v1/charges", "amount=700&currency=eur&customer=" + c2);
      Writes.post(e, "/v1/refunds", "charge=" + ch1 + "&amount=1200");
      String seededCharge = Writes.get(e, "/v1/charges?limit=5").path("data").get(4).path("id").asText();
      Writes.post(e, "/v1/refunds", "charge=" + seededCharge);
      JsonNode trialing = Writes.get(e, "/v1/subscriptions?status=trialing&limit=2").path("data");
      Writes.post(e, "/v1/subscriptions/" + trialing.get(0).path("id").asText(), "trial_end=now");
      Writes.delete(e, "/v1/subscriptions/" + trialing.get(1).path("id").asText());
      String draft = Writes.get(e, "/v1/invoices?status=draft&limit=1").path("data").get(0).path("id").asText();
      Writes.post(e, "/v1/invoices/" + draft + "/pay", "");

      // late events: a newer update listed first, the older one after a poll has applied the newer; and a
      // customer created whose event becomes visible only later
      e.holdEvents();
      Writes.post(e, "/v1/customers/" + c2, "name=Bea Old");
      e.advanceClock(Duration.ofSeconds(3));
      Writes.post(e, "/v1/customers/" + c2, "name=Bea New");
      String c3 = Writes.post(e, "/v1/customers", "name=Late Lee").path("id").asText();
      e.releaseHeldEvent(1);   // Bea New
      Thread.sleep(1000);
      e.releaseHeldEvent(0);   // Bea Old: older, must not win
      e.releaseHeldEvent(0);   // Late Lee's creation

      awaitEqual(m, live, Duration.ofSeconds(60));
      assertEquals(List.of(List.of("Bea New")), MirrorFixture.rows(m, "SELECT name FROM customers WHERE id = '" + c2 + "'"));
      assertEquals(1, MirrorFixture.rows(m, "SELECT 1 FROM customers WHERE id = '" + c3 + "'").size());
      assertEquals(0, MirrorFixture.rows(m, "SELECT 1 FROM customers WHERE id = '" + seeded + "'").size());
    }
  }

  /** Retries the comparison of every table until it holds (the mirror follows within a few polls). */
  private static void awaitEqual(Connection m, Connection live, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        for (String t : TABLES) {
          MirrorFixture.assertSameRows(m, live, t);
        }
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }
}
