package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Retrieve, child lists, singletons, expand, search, errors. */
class ObjectApiTest extends StartedEmulator {
  @Test
  void retrievesOneAndAnswers404ForUnknownIds() {
    ObjectNode cus = emu.data().list("customers").get(42);
    Http.Response r = Http.get(emu, "/v1/customers/" + cus.path("id").asText());
    assertEquals(200, r.status());
    assertEquals(cus, r.body());
    Http.Response miss = Http.get(emu, "/v1/customers/cus_x");
    assertEquals(404, miss.status());
    JsonNode err = miss.body().path("error");
    assertEquals("invalid_request_error", err.path("type").asText());
    assertEquals("resource_missing", err.path("code").asText());
    assertEquals("No such customer: 'cus_x'", err.path("message").asText());
    assertEquals("id", err.path("param").asText());
    ObjectNode card = emu.data().list("issuing_cards").get(0);
    assertEquals(card, Http.get(emu, "/v1/issuing/cards/" + card.path("id").asText()).body());
  }

  @Test
  void childListsByPathAndByQueryParameter() {
    ObjectNode inv = emu.data().list("invoices").get(0);
    String id = inv.path("id").asText();
    Http.Response lines = Http.get(emu, "/v1/invoices/" + id + "/lines?limit=100");
    assertEquals(200, lines.status());
    assertEquals("/v1/invoices/" + id + "/lines", lines.body().path("url").asText());
    List<ObjectNode> want = emu.data().children("invoice_lines", id);
    assertFalse(want.isEmpty());
    assertEquals(want.size(), lines.body().path("data").size());
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i), lines.body().path("data").get(i));
      assertEquals(id, emu.data().parentOf("invoice_lines", want.get(i).path("id").asText()));
    }
    assertEquals(404, Http.get(emu, "/v1/invoices/in_nope/lines").status());

    ObjectNode sub = emu.data().list("subscriptions").get(0);
    String sid = sub.path("id").asText();
    Http.Response items = Http.get(emu, "/v1/subscription_items?subscription=" + sid);
    assertEquals(200, items.status());
    List<String> got = ListApiTest.ids(items.body());
    assertEquals(emu.data().children("subscription_items", sid).stream().map(n -> n.path("id").asText()).toList(), got);
    assertFalse(got.isEmpty());
    for (JsonNode item : items.body().path("data")) {
      assertEquals(sid, item.path("subscription").asText());
    }
    Http.Response missing = Http.get(emu, "/v1/subscription_items");
    assertEquals(400, missing.status());
    assertEquals("subscription", missing.param());
    assertEquals(404, Http.get(emu, "/v1/subscription_items?subscription=sub_nope").status());
    // retrieve a child by id, and a child under the wrong parent
    String item = got.get(0);
    assertEquals(200, Http.get(emu, "/v1/subscription_items/" + item).status());
    ObjectNode taxId = emu.data().list("customer_tax_ids").get(0);
    String owner = emu.data().parentOf("customer_tax_ids", taxId.path("id").asText());
    assertEquals(taxId, Http.get(emu, "/v1/customers/" + owner + "/tax_ids/" + taxId.path("id").asText()).body());
    String other = emu.data().list("customers").stream().map(n -> n.path("id").asText())
        .filter(c -> !c.equals(owner)).findFirst().orElseThrow();
    assertEquals(404, Http.get(emu, "/v1/customers/" + other + "/tax_ids/" + taxId.path("id").asText()).status());
  }

  @Test
  void upcomingInvoiceLinesPerCustomer() {
    String active = null;
    String none = null;
    for (ObjectNode c : emu.data().list("customers")) {
      String id = c.path("id").asText();
      boolean live = emu.data().list("subscriptions").stream().anyMatch(s -> s.path("customer").asText().equals(id)
          && Set.of("active", "trialing", "past_due").contains(s.path("status").asText()));
      if (live && active == null) {
        active = id;
      }
      if (!live && none == null) {
        none = id;
      }
    }
    Http.Response ok = Http.get(emu, "/v1/invoices/upcoming/lines?customer=" + active);
    assertEquals(200, ok.status(), ok.raw().body());
    assertEquals(emu.data().children("upcoming_invoice_lines", active).size(), ok.body().path("data").size());
    assertTrue(ok.body().path("data").size() > 0);
    Http.Response no = Http.get(emu, "/v1/invoices/upcoming/lines?customer=" + none);
    assertEquals(404, no.status());
    assertEquals("invoice_upcoming_none", no.body().path("error").path("code").asText());
    assertEquals(400, Http.get(emu, "/v1/invoices/upcoming/lines").status());
  }

  @Test
  void singletons() {
    Http.Response b = Http.get(emu, "/v1/balance");
    assertEquals(200, b.status());
    assertEquals("balance", b.body().path("object").asText());
    List<String> currencies = new ArrayList<>();
    b.body().path("available").forEach(n -> currencies.add(n.path("currency").asText()));
    assertTrue(currencies.containsAll(List.of("usd", "eur")), currencies.toString());
    assertTrue(b.body().path("pending").isArray() && b.body().path("pending").size() > 0);
    assertTrue(b.body().path("available").get(0).path("amount").isIntegralNumber());
    assertEquals(emu.data().list("balance").get(0), b.body());
    Http.Response a = Http.get(emu, "/v1/account");
    assertEquals(200, a.status());
    assertEquals("account", a.body().path("object").asText());
    assertTrue(a.body().path("id").asText().startsWith("acct_"));
  }

  @Test
  void expandsReferences() {
    ObjectNode ch = emu.data().list("charges").get(0);
    Http.Response r = Http.get(emu, "/v1/charges/" + ch.path("id").asText() + "?" + Http.enc("expand[]") + "=customer&"
        + Http.enc("expand[]") + "=payment_intent");
    assertEquals(200, r.status(), r.raw().body());
    assertEquals(emu.data().get("customers", ch.path("customer").asText()).orElseThrow(), r.body().path("customer"));
    assertEquals(ch.path("payment_intent").asText(), r.body().path("payment_intent").path("id").asText());
    assertTrue(ch.path("customer").isTextual(), "stored object untouched");
    Http.Response list = Http.get(emu, "/v1/charges?limit=5&" + Http.enc("expand[]") + "=data.customer");
    for (JsonNode n : list.body().path("data")) {
      assertEquals("customer", n.path("customer").path("object").asText());
    }
    Http.Response nested = Http.get(emu, "/v1/refunds?limit=2&" + Http.enc("expand[]") + "=data.charge.customer");
    assertEquals(200, nested.status(), nested.raw().body());
    assertEquals("customer", nested.body().path("data").get(0).path("charge").path("customer").path("object").asText());
    Http.Response bad = Http.get(emu, "/v1/charges/" + ch.path("id").asText() + "?" + Http.enc("expand[]") + "=amount");
    assertEquals(400, bad.status());
    assertEquals("expand", bad.param());
    assertEquals(400, Http.get(emu, "/v1/charges?" + Http.enc("expand[]") + "=customer").status());
    assertEquals(400, Http.get(emu, "/v1/charges?" + Http.enc("expand[]") + "=data.nothing").status());
  }

  static List<String> searchAll(String path, String query) {
    List<String> out = new ArrayList<>();
    String page = null;
    for (int guard = 0; guard < 100; guard++) {
      Http.Response r = Http.get(emu, path + "?limit=100&query=" + Http.enc(query) + (page == null ? "" : "&page=" + Http.enc(page)));
      assertEquals(200, r.status(), r.raw().body());
      assertEquals("search_result", r.body().path("object").asText());
      out.addAll(ListApiTest.ids(r.body()));
      if (!r.body().path("has_more").asBoolean()) {
        assertTrue(r.body().path("next_page").isNull());
        return out;
      }
      page = r.body().path("next_page").asText();
    }
    throw new AssertionError();
  }

  @Test
  void searchClausesAndPaging() {
    assertEquals(ListApiTest.expected(emu, "charges", n -> n.path("amount").asLong() > 5000 && n.path("status").asText().equals("succeeded")),
        searchAll("/v1/charges/search", "amount>5000 AND status:'succeeded'"));
    assertEquals(ListApiTest.expected(emu, "charges", n -> n.path("amount").asLong() <= 300 || n.path("currency").asText().equals("gbp")),
        searchAll("/v1/charges/search", "amount<=300 OR currency:\"gbp\""));
    assertEquals(ListApiTest.expected(emu, "charges", n -> !n.path("status").asText().equals("succeeded")),
        searchAll("/v1/charges/search", "-status:\"succeeded\""));
    assertEquals(ListApiTest.expected(emu, "customers", n -> n.path("metadata").path("plan").asText().equals("gold")),
        searchAll("/v1/customers/search", "metadata['plan']:'gold'"));
    assertFalse(searchAll("/v1/customers/search", "metadata['plan']:'gold'").isEmpty());
    ObjectNode cus = emu.data().list("customers").get(7);
    assertEquals(List.of(cus.path("id").asText()),
        searchAll("/v1/customers/search", "email:'" + cus.path("email").asText().toUpperCase() + "'"));
    assertEquals(ListApiTest.expected(emu, "customers", n -> n.path("name").asText().toLowerCase().contains("o'brien")),
        searchAll("/v1/customers/search", "name~\"O'Brien\""));
    assertEquals(ListApiTest.expected(emu, "customers", n -> n.path("name").asText().toLowerCase().contains("o'brien")),
        searchAll("/v1/customers/search", "name~'o\\'brien'"));
    assertEquals(ListApiTest.expected(emu, "customers", n -> n.path("metadata").path("source").asText().equals("sales \"direct\"")),
        searchAll("/v1/customers/search", "metadata['source']:\"sales \\\"direct\\\"\""));
    assertFalse(searchAll("/v1/customers/search", "metadata['source']:\"sales \\\"direct\\\"\"").isEmpty());
    ObjectNode ch = emu.data().list("charges").get(3);
    String last4 = ch.path("payment_method_details").path("card").path("last4").asText();
    assertEquals(ListApiTest.expected(emu, "charges", n -> n.path("payment_method_details").path("card").path("last4").asText().equals(last4)),
        searchAll("/v1/charges/search", "payment_method_details.card.last4:" + last4));
    // small pages chain through next_page without loss
    Http.Response p1 = Http.get(emu, "/v1/customers/search?limit=2&query=" + Http.enc("created>0"));
    assertTrue(p1.body().path("has_more").asBoolean());
    Http.Response p2 = Http.get(emu, "/v1/customers/search?limit=2&query=" + Http.enc("created>0") + "&page=" + Http.enc(p1.body().path("next_page").asText()));
    List<String> first4 = ListApiTest.expected(emu, "customers", n -> true).subList(0, 4);
    List<String> got = new ArrayList<>(ListApiTest.ids(p1.body()));
    got.addAll(ListApiTest.ids(p2.body()));
    assertEquals(first4, got);
  }

  @Test
  void searchErrors() {
    for (String q : List.of("amount>1 AND status:'failed' OR currency:'usd'", "colour:'red'", "name~'ab'",
        "status>3", "email:\"unterminated", "amount:abc", "metadata:'x'")) {
      Http.Response r = Http.get(emu, "/v1/charges/search?query=" + Http.enc(q.replace("name~", "status~")));
      assertEquals(400, r.status(), q);
      assertEquals("query", r.param(), q);
    }
    Http.Response noQuery = Http.get(emu, "/v1/charges/search");
    assertEquals(400, noQuery.status());
    assertEquals("query", noQuery.param());
    assertEquals(400, Http.get(emu, "/v1/customers/search?query=" + Http.enc("name~'ab'")).status());
    assertEquals(400, Http.get(emu, "/v1/customers/search?query=x:1&page=garbage").status());
  }

  @Test
  void errorsHeadersAndMethods() {
    Http.Response r = Http.get(emu, "/v1/unicorns");
    assertEquals(404, r.status());
    assertTrue(r.error().startsWith("Unrecognized request URL (GET: /v1/unicorns)."), r.error());
    assertTrue(r.raw().headers().firstValue("Request-Id").orElseThrow().startsWith("req_"));
    assertEquals("application/json", r.raw().headers().firstValue("Content-Type").orElseThrow());
    Http.Response post = Http.send(emu, "POST", "/v1/balance_transactions", "Bearer " + Http.KEY);
    assertEquals(405, post.status());
    assertNotNull(post.body().path("error").path("message").asText(null));
  }

  @Test
  void servesConcurrentClients() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> fs = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        int k = i;
        fs.add(pool.submit(() -> Http.get(emu, "/v1/charges?limit=100&starting_after="
            + emu.data().list("charges").get(k).path("id").asText()).body().path("data").size()));
      }
      for (Future<Integer> f : fs) {
        assertEquals(100, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void redactsKeys() {
    assertEquals("sk_test_****abcd", Secrets.redact("sk_test_0123456789abcd"));
    assertEquals("****", Secrets.redact("short"));
    assertNotEquals("sk_test_1234", Secrets.redact("sk_test_1234"));
    assertNull(null);
  }
}
