package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.TableKind;
import org.stripesql.emulator.data.JsonPaths;

/** Authentication, the request log, determinism, every table served, data consistency. */
class ServerBehaviourTest {
  static final String REVOKED = "sk_test_revokedKey9876";
  static StripeEmulator emu;

  @BeforeAll
  static void start() throws Exception {
    emu = StripeEmulator.builder().strict(false).revokedKey(REVOKED).revokedKey("rk_test_alsoRevoked5555").build()
        .start();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  @Test
  void authentication() {
    Http.Response none = Http.send(emu, "GET", "/v1/customers", null);
    assertEquals(401, none.status());
    assertTrue(none.error().startsWith("You did not provide an API key."), none.error());
    assertEquals("invalid_request_error", none.body().path("error").path("type").asText());
    for (String key : List.of("pk_test_publishableKey4321", "sk_live_liveModeKey0000", "garbage-key-abcdefgh", REVOKED,
        "rk_test_alsoRevoked5555")) {
      Http.Response r = Http.send(emu, "GET", "/v1/customers", "Bearer " + key);
      assertEquals(401, r.status(), key);
      assertFalse(r.error().contains(key), r.error());
      assertTrue(r.error().startsWith("Invalid API Key provided: "), r.error());
      assertTrue(r.error().endsWith(key.substring(key.length() - 4)), r.error());
      assertTrue(r.raw().headers().firstValue("Request-Id").orElse("").startsWith("req_"));
    }
    assertEquals("Invalid API Key provided: sk_test_****9876",
        Http.send(emu, "GET", "/v1/customers", "Bearer " + REVOKED).error());
    String basic = Base64.getEncoder().encodeToString((Http.KEY + ":").getBytes(StandardCharsets.UTF_8));
    assertEquals(200, Http.send(emu, "GET", "/v1/customers", "Basic " + basic).status());
    assertEquals(200, Http.send(emu, "GET", "/v1/customers", "Bearer rk_test_restricted1").status());
    // unknown paths still need a key first
    assertEquals(401, Http.send(emu, "GET", "/v1/unknown", null).status());
  }

  @Test
  void requestLogRecordsAndClears() throws Exception {
    try (StripeEmulator e = StripeEmulator.builder().seed(7).build().start()) {
      assertEquals(0, e.requestLog().size());
      Http.get(e, "/v1/charges?limit=3&" + Http.enc("created[gte]") + "=100&" + Http.enc("expand[]") + "=data.customer&"
          + Http.enc("expand[]") + "=data.invoice");
      Http.get(e, "/v1/customers/cus_missing");
      Http.send(e, "GET", "/v1/customers", null);
      List<RecordedRequest> log = e.requestLog().requests();
      assertEquals(3, log.size());
      RecordedRequest first = log.get(0);
      assertEquals("GET", first.method());
      assertEquals("/v1/charges", first.path());
      assertEquals(Map.of("limit", List.of("3"), "created[gte]", List.of("100"),
          "expand[]", List.of("data.customer", "data.invoice")), first.query());
      assertEquals(List.of("limit", "created[gte]", "expand[]"), new ArrayList<>(first.query().keySet()));
      assertEquals(200, first.status());
      assertEquals(404, log.get(1).status());
      assertEquals(401, log.get(2).status());
      e.requestLog().clear();
      assertEquals(0, e.requestLog().size());
      assertTrue(e.requestLog().requests().isEmpty());
    }
  }

  @Test
  void deterministicData() {
    Catalog c = Catalog.bundled();
    StripeEmulator a = StripeEmulator.builder().seed(5).build();
    StripeEmulator b = StripeEmulator.builder().seed(5).build();
    StripeEmulator d = StripeEmulator.builder().seed(6).build();
    boolean anyDifferent = false;
    for (ApiTable t : c.tables()) {
      assertEquals(a.data().list(t.name()).toString(), b.data().list(t.name()).toString(), t.name());
      anyDifferent |= !a.data().list(t.name()).toString().equals(d.data().list(t.name()).toString());
    }
    assertTrue(anyDifferent);
    assertNotEquals(a.data().list("customers").get(0).path("id"), d.data().list("customers").get(0).path("id"));
    Instant anchor = Instant.parse("2024-06-01T00:00:00Z");
    StripeEmulator old = StripeEmulator.builder().anchor(anchor).scale(2).build();
    assertEquals(600, old.data().list("customers").size());
    for (ObjectNode ch : old.data().list("charges")) {
      long t = ch.path("created").asLong();
      assertTrue(t <= anchor.getEpochSecond() && t >= anchor.getEpochSecond() - 2 * 366 * 86400L, "created " + t);
    }
  }

  @Test
  void rowCountsAtScaleOne() {
    Map<String, Integer> counts = Map.of("customers", 300, "charges", 1200, "payment_intents", 1200, "invoices", 600,
        "subscriptions", 300, "products", 40, "prices", 80, "payouts", 100, "disputes", 30, "events", 500);
    counts.forEach((t, n) -> assertEquals(n, emu.data().list(t).size(), t));
    assertEquals(emu.data().list("charges").size() + emu.data().list("refunds").size(),
        emu.data().list("balance_transactions").size());
    assertTrue(emu.data().list("refunds").size() >= 100);
    for (ApiTable t : emu.data().catalog().tables()) {
      int n = emu.data().list(t.name()).size();
      if (t.kind() == TableKind.LIST && !t.name().equals("reporting_report_types")) {   // those it computes
        assertTrue(n >= 15, t.name() + " has " + n);
      } else {
        assertTrue(n >= 1, t.name());
      }
    }
  }

  /** Every table answers rows over HTTP, with its required filters and scan parameters. */
  @Test
  void everyTableServesRows() {
    for (ApiTable t : emu.data().catalog().tables()) {
      StringBuilder q = new StringBuilder(t.kind() == TableKind.SINGLETON ? "?" : "?limit=100");
      t.scanParamsOrEmpty().forEach((k, v) -> q.append('&').append(k).append('=').append(v));
      String path = t.path();
      Set<String> seen = new HashSet<>();
      List<String> variants = new ArrayList<>();
      ApiFilter required = t.filters().stream().filter(f -> f.isRequired() && !f.mustBeFixed()).findFirst()
          .orElse(null);
      List<ObjectNode> rows = emu.data().list(t.name());
      if (t.kind() == TableKind.CHILD) {
        String childId = rows.get(0).path("id").asText();
        String parent = emu.data().parentOf(t.name(), childId);
        if (t.parent().pathParam() != null) {
          path = path.replace("{" + t.parent().pathParam() + "}", parent);
        } else {
          q.append('&').append(t.parent().queryParam()).append('=').append(parent);
        }
      }
      for (ApiFilter f : t.filters()) {
        if (f.mustBeFixed()) {
          q.append('&').append(f.param().replace("[", "%5B").replace("]", "%5D")).append('=')
              .append(JsonPaths.at(rows.get(0), t.column(f.column()).orElseThrow().path()).asText());
        }
      }
      if (required != null) {
        for (String v : required.values()) {
          variants.add(q + "&" + required.param() + "=" + v);
        }
      } else {
        variants.add(q.toString());
      }
      for (String v : variants) {
        Http.Response r = Http.get(emu, path + v);
        assertEquals(200, r.status(), t.name() + " " + r.raw().body());
        if (t.kind() == TableKind.SINGLETON) {
          seen.add(r.body().path("object").asText());
        } else {
          r.body().path("data").forEach(n -> seen.add(n.path("id").asText()));
          for (JsonNode n : r.body().path("data")) {
            assertEquals(n, emu.data().get(t.name(), n.path("id").asText()).orElseThrow(), t.name());
          }
        }
      }
      assertFalse(seen.isEmpty(), t.name());
    }
  }

  @Test
  void referencesAndTypesAreConsistent() {
    var data = emu.data();
    for (ObjectNode ch : data.list("charges")) {
      ObjectNode pi = data.get("payment_intents", ch.path("payment_intent").asText()).orElseThrow();
      assertTrue(data.get("customers", ch.path("customer").asText()).isPresent());
      assertEquals(ch.path("customer"), pi.path("customer"));
      assertEquals(ch.path("amount"), pi.path("amount"));
      assertEquals(ch.path("currency"), pi.path("currency"));
      ObjectNode bt = data.get("balance_transactions", ch.path("balance_transaction").asText()).orElseThrow();
      assertEquals(ch.path("id").asText(), bt.path("source").asText());
      assertEquals(bt.path("amount").asLong() - bt.path("fee").asLong(), bt.path("net").asLong());
    }
    for (ObjectNode re : data.list("refunds")) {
      ObjectNode ch = data.get("charges", re.path("charge").asText()).orElseThrow();
      assertTrue(re.path("amount").asLong() <= ch.path("amount").asLong());
      assertEquals(ch.path("id").asText(), data.parentOf("charge_refunds", re.path("id").asText()));
    }
    for (ObjectNode inv : data.list("invoices")) {
      assertTrue(data.get("customers", inv.path("customer").asText()).isPresent());
      if (!inv.path("subscription").isNull()) {
        ObjectNode sub = data.get("subscriptions", inv.path("subscription").asText()).orElseThrow();
        assertEquals(sub.path("customer"), inv.path("customer"));
      }
    }
    Set<String> emails = new HashSet<>();
    data.list("customers").forEach(c -> assertTrue(emails.add(c.path("email").asText())));
    Set<String> currencies = new HashSet<>();
    data.list("charges").forEach(c -> currencies.add(c.path("currency").asText()));
    assertEquals(Set.of("usd", "eur", "gbp"), currencies);
    Catalog catalog = data.catalog();
    for (ApiTable t : catalog.tables()) {
      if (t.kind() == TableKind.SINGLETON) {
        continue;
      }
      for (ObjectNode row : data.list(t.name())) {
        assertEquals(false, row.path("livemode").asBoolean(false), t.name());
        assertTrue(List.of(t.object().split("\\|")).contains(row.path("object").asText()), t.name());
        for (ApiColumn c : t.columns()) {
          if (c.path().isEmpty()) {
            continue;
          }
          JsonNode v = JsonPaths.at(row, c.path());
          if (v == null || v.isNull()) {
            continue;
          }
          String where = t.name() + "." + c.name() + "=" + v;
          switch (c.type()) {
            case VARCHAR -> assertTrue(v.isTextual() || (c.ref() != null && v.isObject()), where);
            case BIGINT, TIMESTAMP -> assertTrue(v.isIntegralNumber(), where);
            case BOOLEAN -> assertTrue(v.isBoolean(), where);
            case DOUBLE -> assertTrue(v.isNumber(), where);
            case DECIMAL -> assertTrue(v.isTextual() && v.asText().matches("-?\\d+(\\.\\d+)?"), where);
            case JSON -> { }
          }
          if (c.ref() != null && c.path().size() == 1 && v.isTextual()
              && catalog.tableForObject(c.ref()).isPresent() && !c.name().equals(t.parent() == null ? "" : t.parent().column())) {
            ApiTable target = catalog.tableForObject(c.ref()).get();
            if (!data.list(target.name()).isEmpty()) {
              assertTrue(data.get(target.name(), v.asText()).isPresent() || data.anyById(v.asText()).isPresent(),
                  "dangling " + where);
            }
          }
        }
        for (ApiFilter f : t.filters()) {
          if (f.values() != null && f.column() != null) {
            JsonNode v = JsonPaths.at(row, t.column(f.column()).orElseThrow().path());
            if (v != null && !v.isNull() && !"object".equals(f.column())) {
              assertTrue(f.values().contains(v.asText()), t.name() + "." + f.column() + "=" + v);
            }
          }
        }
      }
    }
  }
}
