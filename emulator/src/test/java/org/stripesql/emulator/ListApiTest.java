package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ListApiTest extends StartedEmulator {
  static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("data").forEach(n -> out.add(n.path("id").asText()));
    return out;
  }

  /** Pages through a list with limit 100 and returns every id in order. */
  static List<String> scan(String pathAndQuery) {
    return scanAll(emu, pathAndQuery);
  }

  /** Pages through a list of this emulator with limit 100 and returns every id in order. */
  static List<String> scanAll(StripeEmulator emu, String pathAndQuery) {
    List<String> all = new ArrayList<>();
    String sep = pathAndQuery.contains("?") ? "&" : "?";
    String after = null;
    for (int guard = 0; guard < 1000; guard++) {
      Http.Response r = Http.get(emu, pathAndQuery + sep + "limit=100"
          + (after == null ? "" : "&starting_after=" + after));
      assertEquals(200, r.status(), r.raw().body());
      List<String> page = ids(r.body());
      all.addAll(page);
      if (!r.body().path("has_more").asBoolean()) {
        return all;
      }
      after = page.get(page.size() - 1);
    }
    throw new AssertionError("no end");
  }

  static List<String> expected(String table, Predicate<ObjectNode> p) {
    return expected(emu, table, p);
  }

  static List<String> expected(StripeEmulator emu, String table, Predicate<ObjectNode> p) {
    List<String> out = new ArrayList<>();
    for (ObjectNode n : emu.data().list(table)) {
      if (p.test(n)) {
        out.add(n.path("id").asText());
      }
    }
    return out;
  }

  @Test
  void pagesForwardOverEveryCustomerInStripeOrder() {
    List<String> want = expected("customers", n -> true);
    assertEquals(300, want.size());
    List<String> seen = new ArrayList<>();
    List<Boolean> hasMore = new ArrayList<>();
    String after = null;
    do {
      Http.Response r = Http.get(emu, "/v1/customers?limit=100" + (after == null ? "" : "&starting_after=" + after));
      assertEquals(200, r.status());
      assertEquals("list", r.body().path("object").asText());
      assertEquals("/v1/customers", r.body().path("url").asText());
      List<String> page = ids(r.body());
      seen.addAll(page);
      hasMore.add(r.body().path("has_more").asBoolean());
      after = page.get(page.size() - 1);
    } while (hasMore.get(hasMore.size() - 1));
    assertEquals(want, seen);
    assertEquals(List.of(true, true, false), hasMore);
    assertEquals(300, new HashSet<>(seen).size());
    // created desc, ties by id desc
    List<ObjectNode> rows = emu.data().list("customers");
    for (int i = 1; i < rows.size(); i++) {
      long a = rows.get(i - 1).path("created").asLong();
      long b = rows.get(i).path("created").asLong();
      assertTrue(a > b || (a == b && rows.get(i - 1).path("id").asText().compareTo(rows.get(i).path("id").asText()) > 0));
    }
  }

  @Test
  void pagesBackwardWithEndingBefore() {
    List<String> want = expected("charges", n -> true);
    assertEquals(1200, want.size());
    // start after the last row: ending_before the last id walks back to the start
    List<String> seen = new ArrayList<>();
    String before = want.get(want.size() - 1);
    seen.add(0, before);
    boolean more = true;
    int pages = 0;
    while (more) {
      Http.Response r = Http.get(emu, "/v1/charges?limit=100&ending_before=" + before);
      assertEquals(200, r.status());
      List<String> page = ids(r.body());
      seen.addAll(0, page);
      more = r.body().path("has_more").asBoolean();
      before = page.get(0);
      pages++;
    }
    assertEquals(want, seen);
    assertEquals(12, pages);
    Http.Response first = Http.get(emu, "/v1/charges?ending_before=" + want.get(0));
    assertEquals(0, first.body().path("data").size());
    assertFalse(first.body().path("has_more").asBoolean());
    Http.Response mid = Http.get(emu, "/v1/charges?limit=3&ending_before=" + want.get(5));
    assertEquals(want.subList(2, 5), ids(mid.body()));
    assertTrue(mid.body().path("has_more").asBoolean());
    Http.Response two = Http.get(emu, "/v1/charges?limit=3&ending_before=" + want.get(3));
    assertEquals(want.subList(0, 3), ids(two.body()));
    assertFalse(two.body().path("has_more").asBoolean());
  }

  @Test
  void defaultLimitAndLimitBounds() {
    assertEquals(10, Http.get(emu, "/v1/customers").body().path("data").size());
    for (String bad : List.of("0", "101", "abc", "-5")) {
      Http.Response r = Http.get(emu, "/v1/customers?limit=" + bad);
      assertEquals(400, r.status(), bad);
      assertEquals("limit", r.param());
      assertEquals("invalid_request_error", r.body().path("error").path("type").asText());
    }
    assertEquals(100, Http.get(emu, "/v1/customers?limit=100").body().path("data").size());
  }

  @Test
  void unknownCursorIs404() {
    Http.Response r = Http.get(emu, "/v1/customers?starting_after=cus_nope");
    assertEquals(404, r.status());
    assertEquals("resource_missing", r.body().path("error").path("code").asText());
    assertEquals("starting_after", r.param());
    Http.Response b = Http.get(emu, "/v1/customers?ending_before=cus_nope");
    assertEquals(404, b.status());
    assertEquals("ending_before", b.param());
  }

  @Test
  void unknownAndMalformedParametersAre400() {
    Http.Response r = Http.get(emu, "/v1/customers?colour=red");
    assertEquals(400, r.status());
    assertEquals("colour", r.param());
    assertEquals("Received unknown parameter: colour", r.error());
    assertEquals("created[between]", Http.get(emu, "/v1/customers?" + Http.enc("created[between]") + "=1").param());
    Http.Response bad = Http.get(emu, "/v1/charges?" + Http.enc("created[gte]") + "=yesterday");
    assertEquals(400, bad.status());
    assertEquals("created[gte]", bad.param());
    Http.Response bool = Http.get(emu, "/v1/products?active=yes");
    assertEquals(400, bool.status());
    assertEquals("active", bool.param());
    Http.Response retrieveParam = Http.get(emu, "/v1/customers/" + emu.data().list("customers").get(0).path("id").asText() + "?limit=3");
    assertEquals(400, retrieveParam.status());
    assertEquals("limit", retrieveParam.param());
  }

  @Test
  void enumValuesAreValidatedAndRequiredFiltersEnforced() {
    Http.Response r = Http.get(emu, "/v1/invoices?status=lost");
    assertEquals(400, r.status());
    assertEquals("status", r.param());
    assertTrue(r.error().startsWith("Invalid status: must be one of draft, open, paid"), r.error());
    Http.Response missing = Http.get(emu, "/v1/setup_attempts");
    assertEquals(400, missing.status());
    assertEquals("setup_intent", missing.param());
    assertEquals("Missing required param: setup_intent.", missing.error());
    assertEquals(expected("payment_methods", n -> true), scan("/v1/payment_methods"),
        "type is optional (the spec of 2020-08-27 requires it, Stripe no longer does)");
    Http.Response ok = Http.get(emu, "/v1/payment_methods?type=card&limit=100");
    assertEquals(200, ok.status());
    assertEquals(expected("payment_methods", n -> n.path("type").asText().equals("card")), ids(ok.body()));
  }

  @Test
  void createdRangeBoundaries() {
    List<ObjectNode> rows = emu.data().list("charges");
    long c = rows.get(600).path("created").asLong();
    List<String> gte = scan("/v1/charges?" + Http.enc("created[gte]") + "=" + c);
    List<String> gt = scan("/v1/charges?" + Http.enc("created[gt]") + "=" + c);
    List<String> lt = scan("/v1/charges?" + Http.enc("created[lt]") + "=" + c);
    List<String> lte = scan("/v1/charges?" + Http.enc("created[lte]") + "=" + c);
    List<String> eq = scan("/v1/charges?created=" + c);
    assertEquals(expected("charges", n -> n.path("created").asLong() >= c), gte);
    assertEquals(expected("charges", n -> n.path("created").asLong() > c), gt);
    assertEquals(expected("charges", n -> n.path("created").asLong() < c), lt);
    assertEquals(expected("charges", n -> n.path("created").asLong() <= c), lte);
    assertTrue(gte.size() > gt.size());
    assertTrue(eq.contains(rows.get(600).path("id").asText()));
    assertEquals(gte.size() - gt.size(), eq.size());
    assertEquals(1200, gt.size() + lte.size());
    long lo = rows.get(900).path("created").asLong();
    List<String> window = scan("/v1/charges?" + Http.enc("created[gte]") + "=" + lo + "&" + Http.enc("created[lt]") + "=" + c);
    assertEquals(expected("charges", n -> n.path("created").asLong() >= lo && n.path("created").asLong() < c), window);
  }

  @Test
  void equalsAndInFilters() {
    String cus = emu.data().list("charges").get(17).path("customer").asText();
    List<String> got = scan("/v1/charges?customer=" + cus);
    assertFalse(got.isEmpty());
    assertEquals(expected("charges", n -> n.path("customer").asText().equals(cus)), got);
    assertEquals(expected("products", n -> n.path("active").asBoolean()), scan("/v1/products?active=true"));
    assertEquals(expected("products", n -> !n.path("active").asBoolean()), scan("/v1/products?active=false"));
    List<ObjectNode> products = emu.data().list("products");
    String a = products.get(3).path("id").asText();
    String b = products.get(30).path("id").asText();
    assertEquals(List.of(a, b), scan("/v1/products?" + Http.enc("ids[]") + "=" + b + "&" + Http.enc("ids[]") + "=" + a));
    assertEquals(List.of(a, b), scan("/v1/products?" + Http.enc("ids[0]") + "=" + a + "&" + Http.enc("ids[1]") + "=" + b));
    assertEquals(expected("invoices", n -> n.path("status").asText().equals("paid")), scan("/v1/invoices?status=paid"));
    // a filter without a column is accepted and ignored
    assertEquals(expected("invoiceitems", n -> true), scan("/v1/invoiceitems?pending=true"));
  }

  @Test
  void subscriptionStatusFollowsStripe() {
    List<String> all = expected("subscriptions", n -> true);
    List<String> notCanceled = expected("subscriptions", n -> !n.path("status").asText().equals("canceled"));
    assertTrue(notCanceled.size() < all.size());
    assertEquals(notCanceled, scan("/v1/subscriptions"));
    assertEquals(all, scan("/v1/subscriptions?status=all"));
    assertEquals(expected("subscriptions", n -> Set.of("canceled", "incomplete_expired").contains(n.path("status").asText())),
        scan("/v1/subscriptions?status=ended"));
    assertEquals(expected("subscriptions", n -> n.path("status").asText().equals("canceled")), scan("/v1/subscriptions?status=canceled"));
    assertEquals(expected("subscriptions", n -> n.path("status").asText().equals("trialing")), scan("/v1/subscriptions?status=trialing"));
    assertEquals(400, Http.get(emu, "/v1/subscriptions?status=bogus").status());
    Set<String> statuses = new HashSet<>();
    emu.data().list("subscriptions").forEach(n -> statuses.add(n.path("status").asText()));
    assertTrue(statuses.containsAll(Set.of("active", "canceled", "trialing", "past_due")), statuses.toString());
    // the child list under customers follows the same rule
    String cus = null;
    for (ObjectNode s : emu.data().list("subscriptions")) {
      if (s.path("status").asText().equals("canceled")) {
        cus = s.path("customer").asText();
        break;
      }
    }
    List<String> kids = scan("/v1/customers/" + cus + "/subscriptions?status=all");
    assertEquals(emu.data().children("customer_subscriptions", cus).stream().map(n -> n.path("id").asText()).toList(), kids);
    assertTrue(scan("/v1/customers/" + cus + "/subscriptions").size() < kids.size());
  }
}
