package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Search index lag: objects created or changed (an event about them) within it are not found by search. */
class SearchLagTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static StripeEmulator emu;

  @BeforeAll
  static void start() throws Exception {
    emu = StripeEmulator.builder().strict(true).anchor(NOW).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
        .start();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  /** Every id a search finds, page after page. */
  private static List<String> search(String path, String query) {
    List<String> all = new ArrayList<>();
    String page = null;
    do {
      Http.Response r = Http.get(emu, path + "?limit=100&query=" + Http.enc(query)
          + (page == null ? "" : "&page=" + page));
      assertEquals(200, r.status(), r.raw().body());
      all.addAll(ListApiTest.ids(r.body()));
      page = r.body().path("has_more").asBoolean() ? r.body().path("next_page").asText() : null;
    } while (page != null);
    return all;
  }

  private static List<String> ids(List<ObjectNode> rows) {
    return rows.stream().map(n -> n.path("id").asText()).toList();
  }

  @Test
  void objectsCreatedOrChangedWithinTheLagAreNotFound() {
    // the lag ends just before the latest charge event whose charge is older: that charge changed within it
    ObjectNode latest = null;
    for (ObjectNode e : emu.data().list("events")) {
      if (e.path("type").asText().startsWith("charge.") && latest == null
          && e.path("data").path("object").path("created").asLong() < e.path("created").asLong()) {
        latest = e;
      }
    }
    long cutoff = latest.path("created").asLong() - 1;
    Duration lag = Duration.ofSeconds(NOW.getEpochSecond() - cutoff);
    List<ObjectNode> charges = emu.data().list("charges");
    List<ObjectNode> indexed = charges.stream().filter(c -> emu.data().changedAt(c) <= cutoff).toList();
    List<ObjectNode> fresh = charges.stream().filter(c -> emu.data().changedAt(c) > cutoff).toList();
    assertTrue(fresh.stream().anyMatch(c -> c.path("created").asLong() > cutoff), "created within the lag");
    assertTrue(fresh.stream().anyMatch(c -> c.path("created").asLong() <= cutoff), "changed within the lag");
    try {
      emu.searchLag(lag);
      assertEquals(lag, emu.searchLag());
      assertEquals(ids(indexed), search("/v1/charges/search", "amount>=0"));
      assertEquals(1200, ListApiTest.scanAll(emu, "/v1/charges").size(), "lists do not lag");
      ObjectNode hidden = fresh.get(0);
      assertEquals(200, Http.get(emu, "/v1/charges/" + hidden.path("id").asText()).status(), "retrieves do not lag");
    } finally {
      emu.searchLag(Duration.ZERO);
    }
    assertEquals(ids(charges), search("/v1/charges/search", "amount>=0"));
  }

  @Test
  void theBuilderSetsALag() throws Exception {
    try (StripeEmulator lagging = StripeEmulator.builder().anchor(NOW).clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .searchLag(Duration.ofDays(30)).build().start()) {
      long cutoff = NOW.minus(Duration.ofDays(30)).getEpochSecond();
      List<ObjectNode> customers = lagging.data().list("customers");
      List<String> want = ids(customers.stream().filter(c -> lagging.data().changedAt(c) <= cutoff).toList());
      assertTrue(want.size() < customers.size());
      Http.Response r = Http.get(lagging, "/v1/customers/search?limit=100&query=" + Http.enc("created>0"));
      assertEquals(want.subList(0, 100), ListApiTest.ids(r.body()));
    }
  }

  @Test
  void anEventMarksItsObjectChanged() {
    ObjectNode event = emu.data().list("events").get(0);
    ObjectNode object = (ObjectNode) event.path("data").path("object");
    assertTrue(emu.data().changedAt(object) >= event.path("created").asLong());
    ObjectNode untouched = null;
    for (ObjectNode p : emu.data().list("products")) {
      untouched = p;
    }
    assertEquals(untouched.path("created").asLong(), emu.data().changedAt(untouched));
    assertFalse(emu.data().list("events").isEmpty());
  }

  @Test
  void theLagIsNeverNegative() {
    assertThrows(IllegalArgumentException.class, () -> StripeEmulator.builder().searchLag(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> emu.searchLag(Duration.ofSeconds(-1)));
  }
}
