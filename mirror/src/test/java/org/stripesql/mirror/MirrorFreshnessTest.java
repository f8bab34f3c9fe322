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
import org.stripesql.emulator.RequestLog;

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
  void aNewCustomerAppearsWithinTwoPollsAndADeletedOneDisappears() throws Exception {
    try (Connection m = f.mirrored("customers", dir.toString(), Map.of())) {
      MirrorFixture.awaitLive(m, Duration.ofSeconds(60));
      RequestLog log = f.emulator.requestLog();
      int before = log.size();
      String id = Writes.post(f.emulator, "/v1/customers", "name=Newcomer&email=new%40example.com").path("id").asText();
      String sql = "SELECT name FROM customers WHERE id = '" + id + "'";
      int[] seen = new int[1];
      MirrorFixture.awaitPasses("the new customer appearing", Duration.ofSeconds(30), () -> {
        seen[0] = log.size();
        assertEquals(List.of(List.of("Newcomer")), MirrorFixture.rows(m, sql));
      });
      // the poll under way when the customer was written may have listed the events before it: one more
      assertTrue(polls(log, before, seen[0]) <= 3, "appeared within two polls: " + polls(log, before, seen[0]));
      before = log.size();
      Writes.delete(f.emulator, "/v1/customers/" + id);
      MirrorFixture.awaitPasses("the deleted customer disappearing", Duration.ofSeconds(30), () -> {
        seen[0] = log.size();
        assertEquals(List.of(), MirrorFixture.rows(m, sql));
      });
      assertTrue(polls(log, before, seen[0]) <= 3, "disappeared within two polls: " + polls(log, before, seen[0]));
    }
  }

  /** The polls (requests of the events) between two positions of the request log. */
  private static long polls(RequestLog log, int from, int to) {
    return log.requests().subList(from, to).stream().filter(r -> r.path().equals("/v1/events")).count();
  }

  @Test
  void idleDashboardQueriesCostOnlyTheEventsPoll() throws Exception {
    try (Connection m = f.mirrored("customers,charges,invoices", dir.toString(), Map.of())) {
      MirrorFixture.awaitLive(m, Duration.ofSeconds(60));
      RequestLog log = f.emulator.requestLog();
      log.await(log.size(), r -> r.path().equals("/v1/events"), 2, Duration.ofSeconds(30));   // settled
      int before = log.size();
      for (int i = 0; i < 10; i++) {
        MirrorFixture.rows(m, "SELECT status, COUNT(*), SUM(amount) FROM charges GROUP BY status");
        MirrorFixture.rows(m, "SELECT c.email, SUM(ch.amount) FROM customers c JOIN charges ch ON ch.customer = c.id"
            + " GROUP BY c.email ORDER BY 2 DESC LIMIT 10");
        MirrorFixture.rows(m, "SELECT status, COUNT(*) FROM invoices GROUP BY status");
      }
      assertEquals(2, log.await(log.size(), r -> r.path().equals("/v1/events"), 2, Duration.ofSeconds(30)).size());
      List<RecordedRequest> made = log.requests().subList(before, log.size());
      assertTrue(made.stream().allMatch(r -> r.path().equals("/v1/events")), "only the events poll: " + made);
      assertTrue(made.stream().allMatch(r -> r.query().containsKey("ending_before")), "one request per poll: " + made);
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
      MirrorFixture.awaitPasses("Bea New applied", Duration.ofSeconds(30), () -> assertEquals(List.of(List.of("Bea New")),
          MirrorFixture.rows(m, "SELECT name FROM customers WHERE id = '" + c2 + "'")));
      e.releaseHeldEvent(0);   // Bea Old: older, must not win
      e.releaseHeldEvent(0);   // Late Lee's creation

      awaitEqual(m, live, Duration.ofSeconds(60));
      assertEquals(List.of(List.of("Bea New")), MirrorFixture.rows(m, "SELECT name FROM customers WHERE id = '" + c2 + "'"));
      assertEquals(1, MirrorFixture.rows(m, "SELECT 1 FROM customers WHERE id = '" + c3 + "'").size());
      assertEquals(0, MirrorFixture.rows(m, "SELECT 1 FROM customers WHERE id = '" + seeded + "'").size());
    }
  }

  /** Compares every table until the comparison holds (the mirror follows within a few polls). */
  private static void awaitEqual(Connection m, Connection live, Duration timeout) throws Exception {
    MirrorFixture.awaitPasses("the mirror equal to a live scan", timeout, () -> {
      for (String t : TABLES) {
        MirrorFixture.assertSameRows(m, live, t);
      }
    });
  }
}
