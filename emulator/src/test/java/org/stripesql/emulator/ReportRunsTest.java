package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Reporting API: report types with their available range, runs that go pending to succeeded (or
 * failed), checked as Stripe checks them, and result files whose figures follow Stripe's definitions from
 * the data set's balance transactions and payouts.
 */
class ReportRunsTest {
  static final String NO_REPORTS = "rk_test_chargesOnly5678";
  static final long JUNE = Instant.parse("2025-06-01T00:00:00Z").getEpochSecond();
  static final long JULY = Instant.parse("2025-07-01T00:00:00Z").getEpochSecond();
  static StripeEmulator emu;

  @BeforeAll
  static void start() throws Exception {
    emu = StripeEmulator.builder().reportRunDelay(Duration.ZERO).unavailableReportType("payouts.summary.1")
        .restrictedKey(NO_REPORTS, "rak_charge_read").build().start();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  @Test
  void reportTypesHaveTheirAvailableRange() {
    Http.Response list = Http.get(emu, "/v1/reporting/report_types");
    assertEquals(200, list.status(), list.body().toString());
    List<String> ids = new ArrayList<>();
    list.body().path("data").forEach(t -> ids.add(t.path("id").asText()));
    assertTrue(ids.containsAll(List.of("balance.summary.1", "balance_change_from_activity.itemized.3",
        "payouts.itemized.3", "payout_reconciliation.itemized.5", "ending_balance_reconciliation.summary.1")), ids
        .toString());
    assertFalse(ids.contains("payouts.summary.1"), "the account cannot run it");
    JsonNode t = Http.get(emu, "/v1/reporting/report_types/balance.summary.1").body();
    assertEquals("reporting.report_type", t.path("object").asText());
    long start = t.path("data_available_start").asLong();
    long end = t.path("data_available_end").asLong();
    assertTrue(start < JUNE && JULY < end, t.toString());
    assertEquals(0, start % 86_400, "a day's start");
    assertEquals(List.of("category", "description", "net_amount", "currency"),
        Http.MAPPER.convertValue(t.path("default_columns"), List.class));
    assertEquals(404, Http.get(emu, "/v1/reporting/report_types/payouts.summary.1").status());
  }

  @Test
  void aRunSucceedsWithItsFile() throws Exception {
    JsonNode run = create("report_type=balance_change_from_activity.itemized.3&parameters[interval_start]=" + JUNE
        + "&parameters[interval_end]=" + JULY + "&parameters[currency]=usd");
    assertEquals("pending", run.path("status").asText(), run.toString());
    assertTrue(run.path("result").isNull());
    JsonNode done = Http.get(emu, "/v1/reporting/report_runs/" + run.path("id").asText()).body();
    assertEquals("succeeded", done.path("status").asText(), done.toString());
    JsonNode file = done.path("result");
    assertEquals("finance_report_run", file.path("purpose").asText());
    assertEquals("https://files.stripe.com/v1/files/" + file.path("id").asText() + "/contents",
        file.path("url").asText());
    List<Map<String, String>> rows = csv(file.path("id").asText());
    long expected = 0;
    int count = 0;
    for (ObjectNode bt : emu.data().list("balance_transactions")) {
      long created = bt.path("created").asLong();
      if (created >= JUNE && created < JULY && bt.path("currency").asText().equals("usd")) {
        expected += bt.path("net").asLong();
        count++;
      }
    }
    assertTrue(count > 10, "a month of transactions: " + count);
    assertEquals(count, rows.size());
    BigDecimal net = BigDecimal.ZERO;
    for (Map<String, String> r : rows) {
      net = net.add(new BigDecimal(r.get("net")));
      assertEquals(r.get("created_utc"), r.get("created"), "UTC when the run names no time zone");
    }
    assertEquals(BigDecimal.valueOf(expected, 2), net);
    assertEquals(1, Http.get(emu, "/v1/reporting/report_runs?limit=100").body().path("data").findValues("id")
        .stream().filter(id -> id.asText().equals(run.path("id").asText())).count(), "listed");
  }

  @Test
  void theBalanceSummaryAddsUp() throws Exception {
    Map<String, Map<String, BigDecimal>> byCurrency = new TreeMap<>();
    for (Map<String, String> r : csv(fileOf(create("report_type=balance.summary.1&parameters[interval_start]=" + JUNE
        + "&parameters[interval_end]=" + JULY)))) {
      byCurrency.computeIfAbsent(r.get("currency"), k -> new HashMap<>()).put(r.get("category"),
          new BigDecimal(r.get("net_amount")));
    }
    assertEquals(List.of("eur", "gbp", "usd"), new ArrayList<>(byCurrency.keySet()));
    Map<String, Long> activity = new HashMap<>();
    for (ObjectNode bt : emu.data().list("balance_transactions")) {
      long created = bt.path("created").asLong();
      if (created >= JUNE && created < JULY) {
        activity.merge(bt.path("currency").asText(), bt.path("net").asLong(), Long::sum);
      }
    }
    byCurrency.forEach((cur, m) -> {
      assertEquals(m.get("ending_balance"), m.get("starting_balance").add(m.get("activity")).add(m.get("payouts")),
          cur);
      assertEquals(BigDecimal.valueOf(activity.getOrDefault(cur, 0L), 2), m.get("activity"), cur);
    });
  }

  @Test
  void itemizedPayoutsAreThePayoutsThatTookEffect() throws Exception {
    List<Map<String, String>> rows = csv(fileOf(create("report_type=payouts.itemized.3&parameters[interval_start]="
        + JUNE + "&parameters[interval_end]=" + JULY + "&parameters[reporting_category]=payout")));
    Map<String, BigDecimal> expected = new TreeMap<>();
    for (ObjectNode p : emu.data().list("payouts")) {
      long at = p.path("automatic").asBoolean() ? p.path("arrival_date").asLong() : p.path("created").asLong();
      if (at >= JUNE && at < JULY) {
        expected.put(p.path("id").asText(), BigDecimal.valueOf(-p.path("amount").asLong(), 2));
      }
    }
    assertFalse(expected.isEmpty());
    Map<String, BigDecimal> got = new TreeMap<>();
    rows.forEach(r -> got.put(r.get("payout_id"), new BigDecimal(r.get("net"))));
    assertEquals(expected, got);
  }

  @Test
  void aSinglePayoutsReconciliationIsWhatThePayoutSettled() throws Exception {
    List<Map<String, String>> all = csv(fileOf(create("report_type=payout_reconciliation.itemized.5"
        + "&parameters[interval_start]=" + JUNE + "&parameters[interval_end]=" + JULY)));
    assertFalse(all.isEmpty());
    String payout = all.get(0).get("automatic_payout_id");
    List<String> expected = all.stream().filter(r -> r.get("automatic_payout_id").equals(payout))
        .map(r -> r.get("balance_transaction_id")).toList();
    List<String> got = csv(fileOf(create("report_type=payout_reconciliation.by_id.itemized.4&parameters[payout]="
        + payout))).stream().map(r -> r.get("balance_transaction_id")).toList();
    assertEquals(expected, got);
    assertError("parameter_missing", "parameters[payout]", "report_type=payout_reconciliation.by_id.summary.1");
    assertError("resource_missing", "parameters[payout]",
        "report_type=payout_reconciliation.by_id.summary.1&parameters[payout]=po_nope");
    assertError(null, "parameters[interval_end]", "report_type=payout_reconciliation.by_id.summary.1"
        + "&parameters[payout]=" + payout + "&parameters[interval_end]=" + JULY);
  }

  @Test
  void aFailedRun() {
    emu.reports().failRuns("The report could not be generated.");
    try {
      JsonNode run = create("report_type=ending_balance_reconciliation.summary.1&parameters[interval_end]=" + JULY);
      JsonNode done = Http.get(emu, "/v1/reporting/report_runs/" + run.path("id").asText()).body();
      assertEquals("failed", done.path("status").asText());
      assertEquals("The report could not be generated.", done.path("error").asText());
    } finally {
      emu.reports().failRuns(null);
    }
  }

  @Test
  void runsAreCheckedAsStripeChecksThem() {
    assertError("parameter_missing", "report_type", "parameters[interval_start]=" + JUNE);
    assertError("parameter_unknown", "parameters[foo]", "report_type=balance.summary.1&parameters[foo]=1");
    assertError(null, "parameters[reporting_category]", "report_type=payouts.itemized.3&parameters[interval_start]="
        + JUNE + "&parameters[interval_end]=" + JULY + "&parameters[reporting_category]=bogus");
    assertError(null, "parameters[reporting_category]", "report_type=balance.summary.1&parameters[interval_start]="
        + JUNE + "&parameters[interval_end]=" + JULY + "&parameters[reporting_category]=charge");
    assertError("parameter_missing", "parameters[interval_start]",
        "report_type=balance.summary.1&parameters[interval_end]=" + JULY);
    assertError(null, "parameters[interval_end]", "report_type=balance.summary.1&parameters[interval_start]=" + JUNE
        + "&parameters[interval_end]=4102444800");
    assertError(null, "parameters[interval_start]", "report_type=balance.summary.1&parameters[interval_start]=" + JULY
        + "&parameters[interval_end]=" + JUNE);
    assertError(null, "report_type", "report_type=payouts.summary.1&parameters[interval_start]=" + JUNE
        + "&parameters[interval_end]=" + JULY);
    assertError(null, "parameters[columns]", "report_type=balance.summary.1&parameters[interval_start]=" + JUNE
        + "&parameters[interval_end]=" + JULY + "&parameters[columns][0]=nope");
  }

  @Test
  void aKeyWithoutReportingPermissionIsRefused() {
    Http.Response r = Http.send(emu, "POST", "/v1/reporting/report_runs", "Bearer " + NO_REPORTS,
        "report_type=balance.summary.1&parameters[interval_start]=" + JUNE + "&parameters[interval_end]=" + JULY);
    assertEquals(403, r.status());
    assertTrue(r.error().contains("rak_reporting_report_run_write"), r.error());
    assertEquals(403, Http.send(emu, "GET", "/v1/reporting/report_types/balance.summary.1", "Bearer " + NO_REPORTS)
        .status());
  }

  private static void assertError(String code, String param, String form) {
    Http.Response r = Http.write(emu, "POST", "/v1/reporting/report_runs", form);
    assertEquals(400, r.status(), form + ": " + r.body());
    assertEquals(param, r.param(), form + ": " + r.body());
    if (code != null) {
      assertEquals(code, r.body().path("error").path("code").asText(), form + ": " + r.body());
    }
  }

  private static JsonNode create(String form) {
    Http.Response r = Http.write(emu, "POST", "/v1/reporting/report_runs", form);
    assertEquals(200, r.status(), r.body().toString());
    return r.body();
  }

  private static String fileOf(JsonNode run) {
    JsonNode done = Http.get(emu, "/v1/reporting/report_runs/" + run.path("id").asText()).body();
    assertEquals("succeeded", done.path("status").asText(), done.toString());
    String id = done.path("result").path("id").asText();
    assertNotNull(id);
    return id;
  }

  /** The file's rows by column, read with a split that suffices for the emulator's unquoted figures. */
  private static List<Map<String, String>> csv(String fileId) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emu.baseUrl()
        + "/v1/files/" + fileId + "/contents")).header("Authorization", "Bearer " + Http.KEY).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("text/csv", r.headers().firstValue("Content-Type").orElse(""));
    String[] lines = r.body().split("\r\n");
    String[] header = lines[0].split(",", -1);
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int c = 0; c < header.length; c++) {
        row.put(header[c], cells[c]);
      }
      out.add(row);
    }
    return out;
  }
}
