package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stripesql.emulator.RecordedRequest;

/**
 * Table-driven pushdown test: each statement's Stripe requests and its rows, which must equal the rows
 * with {@code Pushdown=false}. Expected requests: {@code path?k=v&k=v}, keys sorted, {@code limit} kept,
 * {@code starting_after} dropped, pages of one call collapsed; {@code ${name}}: ids and times from the
 * data set. The pushdown connection whose requests are checked reads sequentially (page by page); the
 * plain one and a second pushdown one read in parallel, so every case also checks parallel reads of
 * each query form against sequential ones.
 */
class PushdownTest {
  private static CalciteFixture fx;
  private static Connection pushed;
  private static Connection plain;
  private static Connection pushedParallel;
  private static final Map<String, String> VARS = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    fx = new CalciteFixture(1);
    pushed = fx.connect(CalciteFixture.KEY, ParallelScanTest.SEQUENTIAL);
    pushedParallel = fx.connect(CalciteFixture.KEY, ParallelScanTest.PARALLEL);
    plain = fx.connect(false);
    ObjectNode charge = fx.emulator.data().list("charges").get(17);
    VARS.put("cus", charge.path("customer").asText());
    VARS.put("cus2", fx.emulator.data().list("charges").get(40).path("customer").asText());
    VARS.put("ch", charge.path("id").asText());
    VARS.put("ch2", fx.emulator.data().list("charges").get(3).path("id").asText());
    VARS.put("chCreated", Long.toString(charge.path("created").asLong()));
    VARS.put("chCreatedTs", ts(charge.path("created").asLong()));
    ObjectNode invoice = fx.emulator.data().list("invoices").stream()
        .filter(i -> !fx.emulator.data().children("invoice_lines", i.path("id").asText()).isEmpty())
        .findFirst().orElseThrow();
    VARS.put("inv", invoice.path("id").asText());
    VARS.put("inv2", fx.emulator.data().list("invoices").get(5).path("id").asText());
    VARS.put("sub", fx.emulator.data().list("subscriptions").get(2).path("id").asText());
    VARS.put("email", fx.emulator.data().list("customers").get(4).path("email").asText());
    VARS.put("nameTail", fx.emulator.data().list("customers").get(6).path("name").asText().substring(1, 5));
    VARS.put("name", fx.emulator.data().list("customers").get(6).path("name").asText());
    VARS.put("plan", fx.emulator.data().list("customers").stream()
        .map(o -> o.path("metadata").path("plan").asText("")).filter(v -> !v.isEmpty()).findFirst().orElse("gold"));
    VARS.put("cus8", VARS.get("cus").substring(0, 8));
    VARS.put("name3", VARS.get("name").substring(0, 3));
    ObjectNode refund = fx.emulator.data().list("charge_refunds").get(3);
    VARS.put("re", refund.path("id").asText());
    VARS.put("reCharge", fx.emulator.data().parentOf("charge_refunds", refund.path("id").asText()));
    ObjectNode item = fx.emulator.data().list("subscription_items").get(5);
    VARS.put("si", item.path("id").asText());
    VARS.put("siSub", fx.emulator.data().parentOf("subscription_items", item.path("id").asText()));
    VARS.put("upcomingCus", fx.emulator.data().list("upcoming_invoice_lines").stream()
        .map(l -> fx.emulator.data().parentOf("upcoming_invoice_lines", l.path("id").asText())).findFirst().orElseThrow());
    VARS.put("capAccount", fx.emulator.data().parentOf("account_capabilities",
        fx.emulator.data().list("account_capabilities").get(0).path("id").asText()));
    VARS.put("deletedCus", fx.emulator.data().deletedIds("customers").get(0));
    VARS.put("otherSub", fx.emulator.data().list("subscriptions").stream().map(o -> o.path("id").asText())
        .filter(id -> !id.equals(VARS.get("sub"))).findFirst().orElseThrow());
  }

  private static String ts(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds).toString().replace('T', ' ').replace("Z", "");
  }

  @AfterAll
  static void stop() throws Exception {
    pushed.close();
    plain.close();
    pushedParallel.close();
    fx.close();
  }

  private static final long JAN1 = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
  private static final long FEB1 = Instant.parse("2024-02-01T00:00:00Z").getEpochSecond();

  static Stream<Arguments> cases() {
    List<Arguments> c = new ArrayList<>();
    // unix-time ranges
    c.add(of("select id from charges where created >= timestamp '2024-01-01 00:00:00'",
        "/v1/charges?created[gte]=" + JAN1 + "&limit=100"));
    c.add(of("select id from charges where created > timestamp '2024-01-01 00:00:00'",
        "/v1/charges?created[gte]=" + (JAN1 + 1) + "&limit=100"));
    c.add(of("select id from charges where created < timestamp '2024-01-01 00:00:00'",
        "/v1/charges?created[lte]=" + (JAN1 - 1) + "&limit=100"));
    c.add(of("select id from charges where created <= timestamp '2024-01-01 00:00:00'",
        "/v1/charges?created[lte]=" + JAN1 + "&limit=100"));
    c.add(of("select id from charges where created between timestamp '2024-01-01 00:00:00' and timestamp '2024-02-01 00:00:00'",
        "/v1/charges?created[gte]=" + JAN1 + "&created[lte]=" + FEB1 + "&limit=100"));
    c.add(of("select id from charges where created = timestamp '${chCreatedTs}'",
        "/v1/charges?created=${chCreated}&limit=100"));
    c.add(of("select id from charges where created >= timestamp '${chCreatedTs}' and created <= timestamp '${chCreatedTs}'",
        "/v1/charges?created=${chCreated}&limit=100"));
    c.add(of("select id from charges where created > timestamp '2024-01-01 00:00:00.250'",
        "/v1/charges?created[gte]=" + (JAN1 + 1) + "&limit=100"));
    c.add(of("select id from charges where created = timestamp '2024-01-01 00:00:00.250'"));
    c.add(of("select id from charges where timestamp '2024-01-01 00:00:00' < created",
        "/v1/charges?created[gte]=" + (JAN1 + 1) + "&limit=100"));
    c.add(of("select id from charges where cast(created as date) = date '2024-01-05'",
        "/v1/charges?created[gte]=" + (JAN1 + 4 * 86400) + "&created[lte]=" + (JAN1 + 5 * 86400 - 1) + "&limit=100"));
    c.add(of("select id from charges where created >= date '2024-01-01' and created < date '2024-02-01'",
        "/v1/charges?created[gte]=" + JAN1 + "&created[lte]=" + (FEB1 - 1) + "&limit=100"));
    c.add(of("select id from charges where created > timestamp '2024-02-01 00:00:00' and created < timestamp '2024-01-01 00:00:00'"));
    // equality on declared parameters
    c.add(of("select id, amount from charges where customer = '${cus}'", "/v1/charges?customer=${cus}&limit=100"));
    c.add(of("select id, amount from charges where '${cus}' = customer", "/v1/charges?customer=${cus}&limit=100"));
    c.add(of("select id from payment_intents where customer = '${cus}' and created >= timestamp '2023-01-01 00:00:00'",
        "/v1/payment_intents?created[gte]=" + Instant.parse("2023-01-01T00:00:00Z").getEpochSecond()
            + "&customer=${cus}&limit=100"));
    c.add(of("select id from customers where email = '${email}'", "/v1/customers?email=${email}&limit=100"));
    c.add(of("select id from subscriptions where status = 'canceled'", "/v1/subscriptions?limit=100&status=canceled"));
    c.add(of("select count(*) from subscriptions", "/v1/subscriptions?limit=100&status=all"));
    c.add(of("select id from subscriptions where status = 'no_such_status'",
        "/v1/subscriptions?created[gte]=${recent}&limit=100&status=all",
        "/v1/events?created[gte]=${recent}&limit=100&type=customer.subscription.*",
        "/v1/subscriptions/search?limit=100&query=status:\"no_such_status\""));
    c.add(of("select id from products where active", "/v1/products?active=true&limit=100"));
    c.add(of("select id from products where not active", "/v1/products?active=false&limit=100"));
    // IN and OR of equalities: fan-out
    c.add(of("select id from charges where customer in ('${cus}', '${cus2}')",
        "/v1/charges?customer=${cus}&limit=100", "/v1/charges?customer=${cus2}&limit=100"));
    c.add(of("select id from subscriptions where status = 'active' or status = 'trialing'",
        "/v1/subscriptions?limit=100&status=active", "/v1/subscriptions?limit=100&status=trialing"));
    c.add(of("select id from charges where customer in (" + manyIds(51) + ")", "/v1/charges?limit=100"));
    // id lookups
    c.add(of("select id, amount from charges where id = '${ch}'", "/v1/charges/${ch}"));
    c.add(of("select id from charges where id in ('${ch}', '${ch2}', 'ch_doesnotexist')",
        "/v1/charges/${ch}", "/v1/charges/${ch2}", "/v1/charges/ch_doesnotexist"));
    c.add(of("select id from charges where id = '../v1/customers'"));
    c.add(of("select id from charges where id = '${ch}' and customer = '${cus2}'", "/v1/charges/${ch}"));
    // not pushed: evaluated above the narrowest scan
    c.add(of("select id from charges where customer = '${cus}' or payment_intent = 'pi_x'", "/v1/charges?limit=100"));
    c.add(of("select id from charges where customer <> '${cus}'", "/v1/charges?limit=100"));
    c.add(of("select id from charges where customer is null", "/v1/charges?limit=100"));
    c.add(of("select id from charges where upper(status) = 'SUCCEEDED' and customer = '${cus}'",
        "/v1/charges?customer=${cus}&limit=100"));
    c.add(of("select id from charges where description like '%a%'", "/v1/charges?limit=100"));
    // limits
    c.add(of("select id from charges limit 5", "/v1/charges?limit=5"));
    c.add(of("select id, created from charges order by created desc limit 3", "/v1/charges?limit=3"));
    c.add(of("select id from charges where customer = '${cus}' limit 2", "/v1/charges?customer=${cus}&limit=2"));
    c.add(of("select id from customers where email = '${email}' limit 2", "/v1/customers?email=${email}&limit=100"));
    c.add(of("select id from charges limit 3 offset 2", "/v1/charges?limit=5"));
    c.add(of("select id from charges limit 0"));
    c.add(of("select id from charges where 1 = 0"));
    c.add(of("select * from (select id, amount from charges) \"Custom SQL Query\" where 1 = 0"));
    // child tables
    c.add(of("select id, invoice from invoice_lines where invoice = '${inv}'", "/v1/invoices/${inv}/lines?limit=100"));
    c.add(of("select id from invoice_lines where invoice in ('${inv}', '${inv2}')",
        "/v1/invoices/${inv}/lines?limit=100", "/v1/invoices/${inv2}/lines?limit=100"));
    c.add(of("select id from subscription_items where subscription = '${sub}'",
        "/v1/subscription_items?limit=100&subscription=${sub}"));
    // 1. parameter-only enum values: all and ended are statuses of the parameter, not of a subscription
    c.add(of("select id from subscriptions where status = 'ended'",
        "/v1/subscriptions?created[gte]=${recent}&limit=100&status=all",
        "/v1/events?created[gte]=${recent}&limit=100&type=customer.subscription.*",
        "/v1/subscriptions/search?limit=100&query=status:\"ended\""));
    c.add(of("select id from subscriptions where status in ('active', 'all')", "/v1/subscriptions?limit=100&status=all"));
    c.add(of("select id from subscriptions where status in ('canceled', 'ended')",
        "/v1/subscriptions?limit=100&status=all"));
    c.add(of("select id from subscriptions where status in ('canceled', 'past_due')",
        "/v1/subscriptions?limit=100&status=canceled", "/v1/subscriptions?limit=100&status=past_due"));
    // 2. values the 2022 parameter enum does not list are scanned and filtered
    c.add(of("select id from topups where status = 'reversed'", "/v1/topups?limit=100"));
    c.add(of("select id from topups where status = 'succeeded'", "/v1/topups?limit=100&status=succeeded"));
    // payment methods are listed per customer: one call without a customer, then one per customer
    c.add(of("select id, type from payment_methods where type = 'card_present'", "/v1/payment_methods?limit=100",
        "/v1/payment_methods?customer=${eachCustomer}&limit=100", "${customerPages}"));
    c.add(of("select id, type, customer from payment_methods", "/v1/payment_methods?limit=100",
        "/v1/payment_methods?customer=${eachCustomer}&limit=100", "${customerPages}"));
    c.add(of("select id, type from payment_methods where type = 'card'", "/v1/payment_methods?limit=100&type=card",
        "/v1/payment_methods?customer=${eachCustomer}&limit=100&type=card", "${customerPages}"));
    c.add(of("select id, type from payment_methods where customer = '${cus}'",
        "/v1/payment_methods?customer=${cus}&limit=100"));
    // 3. child-table id lookups: through the parent when the query names it, else the top-level retrieve
    c.add(of("select id, charge, amount from charge_refunds where id = '${re}'", "/v1/refunds/${re}"));
    c.add(of("select id, charge from charge_refunds where id = '${re}' and charge = '${reCharge}'",
        "/v1/charges/${reCharge}/refunds/${re}"));
    c.add(of("select id, charge from charge_refunds where id = '${re}' and charge = '${ch}'",
        "/v1/charges/${ch}/refunds/${re}"));
    c.add(of("select c.id, r.id from charges c join charge_refunds r on r.charge = c.id where r.id = '${re}'",
        "/v1/refunds/${re}", "/v1/charges?limit=100"));
    c.add(of("select id, subscription from subscription_items where id = '${si}'", "/v1/subscription_items/${si}"));
    c.add(of("select id, subscription from subscription_items where id = '${si}' and subscription = '${siSub}'",
        "/v1/subscription_items/${si}"));
    c.add(of("select id, subscription from subscription_items where id = '${si}' and subscription = '${sub}'",
        "/v1/subscription_items/${si}"));
    // 4. a narrowing cast is not the column
    c.add(of("select id from charges where cast(customer as varchar(8)) = '${cus8}'", "/v1/charges?limit=100"));
    c.add(of("select id from customers where cast(name as varchar(3)) = '${name3}'", "/v1/customers?limit=100"));
    c.add(of("select id from charges where cast(customer as varchar(40)) = '${cus}'", "/v1/charges?limit=100"));
    c.add(of("select id from charges where cast(customer as varchar) = '${cus}'",
        "/v1/charges?customer=${cus}&limit=100"));
    // 5. event types are patterns to Stripe: each event once
    c.add(of("select id, type from events where type in ('charge.succeeded', 'charge.*')",
        "/v1/events?limit=100&type=charge.succeeded", "/v1/events?limit=100&type=charge.*"));
    // 6. a deleted object's stub is no row, as a scan lists none
    c.add(of("select id, email from customers where id = '${deletedCus}'", "/v1/customers/${deletedCus}"));
    c.add(of("select id from customers where id in ('${deletedCus}', '${cus}')",
        "/v1/customers/${deletedCus}", "/v1/customers/${cus}"));
    // 7. an unknown reference matches no row; the other values of the IN still do
    c.add(of("select id from charges where customer = 'cus_typo'", "/v1/charges?customer=cus_typo&limit=100"));
    c.add(of("select id from charges where customer in ('${cus}', 'cus_typo')",
        "/v1/charges?customer=${cus}&limit=100", "/v1/charges?customer=cus_typo&limit=100"));
    // 8. the upcoming invoice's subscription chooses the preview: it is no filter on its lines
    c.add(of("select id, subscription from upcoming_invoice_lines where customer = '${upcomingCus}'"
        + " and subscription = '${otherSub}'", "/v1/invoices/upcoming/lines?customer=${upcomingCus}&limit=100"));
    // 9. an empty string is never a parameter (Stripe refuses it: parameter_invalid_empty); SQL decides
    c.add(of("select id from customers where email = ''", "/v1/customers?limit=100"));
    c.add(of("select id from charges where customer = ''", "/v1/charges?limit=100"));
    c.add(of("select id from charges where customer in ('${cus}', '')", "/v1/charges?limit=100"));
    c.add(of("select id from charges where currency = ''", "/v1/charges?limit=100"));
    c.add(of("select id from subscriptions where status = ''", "/v1/subscriptions?limit=100&status=all"));
    c.add(of("select id from charges where id = ''"));
    c.add(of("select id from charges where id in ('${ch}', '')", "/v1/charges/${ch}"));
    c.add(of("select id from invoice_lines where invoice = ''"));
    c.add(of("select id from invoice_lines where invoice in ('${inv}', '')", "/v1/invoices/${inv}/lines?limit=100"));
    c.add(of("select id from subscription_items where subscription = ''"));
    c.add(of("select c.email, ch.id from customers c join charges ch on ch.customer = c.id where c.id = ''",
        "/v1/charges?limit=100"));
    c.add(of("select c.email, ch.id from customers c join charges ch on ch.customer = c.id where ch.customer = ''",
        "/v1/charges?limit=100"));
    c.add(of("select id from customers where json_value(metadata, '$.plan') = ''", "/v1/customers?limit=100"));
    // only the parameters each endpoint declares: no limit or cursor where none is declared, no status=all
    c.add(of("select id, status from account_capabilities where account = '${capAccount}'",
        "/v1/accounts/${capAccount}/capabilities"));
    c.add(of("select id from reporting_report_types", "/v1/reporting/report_types"));
    c.add(of("select id, status from customer_subscriptions where customer = '${cus}'",
        "/v1/customers/${cus}/subscriptions?limit=100"));
    // Search API: predicates list endpoints cannot take; the exact predicate stays above
    c.add(of("select id from customers where name = '${name}'",
        search("customers", "customer.*", "name:\"${name}\"")));
    c.add(of("select id, amount from charges where amount > 90000",
        search("charges", "charge.*", "amount>90000")));
    // an exact reference keeps the list request: Search only for what would read the whole table
    c.add(of("select id from charges where amount >= 5000 and customer = '${cus}'",
        "/v1/charges?customer=${cus}&limit=100"));
    c.add(of("select id from customers where json_value(metadata, '$.plan') = '${plan}'",
        search("customers", "customer.*", "metadata['plan']:\"${plan}\"")));
    c.add(of("select id from customers where name = 'O''Brien \"Jr\" \\ Co'",
        search("customers", "customer.*", "name:\"O'Brien \\\"Jr\\\" \\\\ Co\"")));
    c.add(of("select id from customers where name like '%an%' ", "/v1/customers?limit=100"));
    c.add(of("select id from customers where name like '%${nameTail}%'",
        search("customers", "customer.*", "name~\"${nameTail}\"")));
    // a lower time bound keeps the list; an upper bound alone goes to Search with the bound in the query
    c.add(of("select id from charges where status = 'failed' and created >= timestamp '2024-01-01 00:00:00'",
        "/v1/charges?created[gte]=" + JAN1 + "&limit=100"));
    // (no list of recent charges: the window lies after the upper bound)
    c.add(of("select id from charges where amount > 90000 and created < timestamp '2024-01-01 00:00:00'",
        "/v1/events?created[gte]=${recent}&limit=100&type=charge.*",
        "/v1/charges/search?limit=100&query=created<=" + (JAN1 - 1) + " AND amount>90000"));
    // numbers only as plain digits
    c.add(of("select id from charges where amount > 90000.5", "/v1/charges?limit=100"));
    c.add(of("select id from charges where amount > -5", "/v1/charges?limit=100"));
    c.add(of("select id from products where name = 'x' and id = 'prod_x'", "/v1/products/prod_x"));
    // joins: a filter on one side reaches the other through the join condition
    c.add(of("select c.email, ch.id from customers c join charges ch on ch.customer = c.id where c.id = '${cus}'",
        "/v1/customers/${cus}", "/v1/charges?customer=${cus}&limit=100"));
    c.add(of("select c.email, ch.id from customers c join charges ch on ch.customer = c.id where ch.customer = '${cus}'",
        "/v1/customers/${cus}", "/v1/charges?customer=${cus}&limit=100"));
    return c.stream();
  }

  /** The calls of a search with the default lag window: recent objects, recent events, the search. */
  private static String[] search(String table, String eventType, String query) {
    return new String[] {"/v1/" + table + "?created[gte]=${recent}&limit=100",
        "/v1/events?created[gte]=${recent}&limit=100&type=" + eventType,
        "/v1/" + table + "/search?limit=100&query=" + query};
  }

  private static String manyIds(int n) {
    return IntStream.range(0, n).mapToObj(i -> "'cus_n" + i + "'").collect(Collectors.joining(", "));
  }

  private static Arguments of(String sql, String... requests) {
    return Arguments.of(sql, List.of(requests));
  }

  private static Arguments of(String sql, String[] requests, String... more) {
    List<String> all = new ArrayList<>(List.of(requests));
    all.addAll(List.of(more));
    return Arguments.of(sql, all);
  }

  private static String fill(String s) {
    String out = s;
    for (Map.Entry<String, String> e : VARS.entrySet()) {
      out = out.replace("${" + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  /** Requests as {@code path?sorted query}, pages of one call collapsed. */
  static List<String> calls(List<RecordedRequest> log) {
    List<String> out = new ArrayList<>();
    for (RecordedRequest r : log) {
      Map<String, List<String>> q = new TreeMap<>(r.query());
      q.remove("starting_after");
      q.remove("page");
      String query = q.entrySet().stream()
          .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "=" + v))
          .collect(Collectors.joining("&"));
      String call = r.path() + (query.isEmpty() ? "" : "?" + query);
      if (out.isEmpty() || !out.get(out.size() - 1).equals(call)) {
        out.add(call);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pushesAndKeepsTheResult(String sqlTemplate, List<String> expectedTemplates) throws Exception {
    String sql = fill(sqlTemplate);
    settle();
    fx.emulator.requestLog().clear();
    List<List<Object>> actual = CalciteFixture.rows(pushed, sql);
    assertCalls(expectedTemplates, calls(fx.emulator.requestLog().requests()), sql);
    List<List<Object>> expected = CalciteFixture.rows(plain, sql);
    List<List<Object>> parallel = CalciteFixture.rows(pushedParallel, sql);
    if (!sql.contains("order by")) {
      sortRows(expected);
      sortRows(actual);
      sortRows(parallel);
    }
    assertEquals(expected, actual, sql);
    assertEquals(expected, parallel, "read in parallel: " + sql);
  }

  /**
   * Waits until no request arrives for a moment: a parallel scan that stopped early (a LIMIT) may still
   * have requests on their way, which would land in the next statement's log.
   */
  static void settle() throws InterruptedException {
    int n;
    do {
      n = fx.emulator.requestLog().size();
      Thread.sleep(30);
    } while (n != fx.emulator.requestLog().size());
  }

  /**
   * The calls match the expected ones, in any order. {@code ${recent}} stands for the unix time a lag
   * window starts at (a number), {@code ${eachCustomer}} for every customer id, one call each,
   * {@code ${customerPages}} for the pages of a full scan of customers (interleaved with other calls).
   */
  static void assertCalls(List<String> templates, List<String> actual, String what) {
    List<String> expected = new ArrayList<>();
    for (String t : templates) {
      String filled = fill(t);
      if (filled.contains("${eachCustomer}")) {
        fx.emulator.data().list("customers")
            .forEach(c -> expected.add(filled.replace("${eachCustomer}", c.path("id").asText())));
      } else if (filled.equals("${customerPages}")) {
        int pages = (fx.emulator.data().list("customers").size() + 99) / 100;
        expected.addAll(Collections.nCopies(pages, "/v1/customers?limit=100"));
      } else {
        expected.add(filled);
      }
    }
    List<String> left = new ArrayList<>(actual);
    List<String> missing = new ArrayList<>();
    for (String e : expected) {
      Pattern p = Pattern.compile(Pattern.quote(e).replace("${recent}", "\\E[0-9]+\\Q"));
      boolean found = false;
      for (int i = 0; i < left.size() && !found; i++) {
        if (p.matcher(left.get(i)).matches()) {
          left.remove(i);
          found = true;
        }
      }
      if (!found) {
        missing.add(e);
      }
    }
    Collections.sort(left);
    assertTrue(missing.isEmpty() && left.isEmpty(), what + "\nexpected but not sent: " + missing
        + "\nsent but not expected: " + left);
  }

  private static void sortRows(List<List<Object>> rows) {
    rows.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
  }

  @org.junit.jupiter.api.Test
  void selectiveQueriesReturnRows() throws Exception {
    // guards the table above against passing vacuously on empty results
    assertTrue(CalciteFixture.rows(pushed, fill("select id from charges where customer = '${cus}'")).size() > 0);
    assertEquals(1, CalciteFixture.rows(pushed, fill("select id from charges where id = '${ch}'")).size());
    assertTrue(CalciteFixture.rows(pushed, fill("select id from invoice_lines where invoice = '${inv}'")).size() > 0);
    assertEquals(Collections.nCopies(1, List.of((Object) VARS.get("ch"))),
        CalciteFixture.rows(pushed, fill("select id from charges where created = timestamp '${chCreatedTs}' and id = '${ch}'")));
  }

  @org.junit.jupiter.api.Test
  void theClassesOfIssue12ReturnRows() throws Exception {
    // guards the cases above against passing on empty results
    List<List<Object>> refund = CalciteFixture.rows(pushed, fill("select id, charge from charge_refunds where id = '${re}'"));
    assertEquals(List.of(List.of(VARS.get("re"), VARS.get("reCharge"))), refund);
    List<List<Object>> item = CalciteFixture.rows(pushed, fill("select id, subscription from subscription_items"
        + " where id = '${si}' and subscription = '${siSub}'"));
    assertEquals(List.of(List.of(VARS.get("si"), VARS.get("siSub"))), item);
    List<List<Object>> events = CalciteFixture.rows(pushed,
        "select id from events where type in ('charge.succeeded', 'charge.*')");
    // Stripe answers both calls with the charge.succeeded events; SQL's IN is no pattern: each once
    long succeeded = fx.emulator.data().list("events").stream()
        .filter(e -> e.path("type").asText().equals("charge.succeeded")).count();
    assertTrue(succeeded > 0, "the data set has charge.succeeded events");
    assertEquals(succeeded, events.size(), "every charge.succeeded event once");
    assertEquals(succeeded, events.stream().distinct().count());
    // Stripe lists a payment method only through its customer: unattached ones are in no list
    Set<String> customers = fx.emulator.data().list("customers").stream().map(o -> o.path("id").asText())
        .collect(Collectors.toSet());
    long attached = fx.emulator.data().list("payment_methods").stream()
        .filter(pm -> customers.contains(pm.path("customer").asText())).count();
    assertTrue(attached > 0);
    assertEquals(attached, CalciteFixture.rows(pushed, "select id from payment_methods").size(),
        "every attached payment method, through the customers");
    assertEquals(1, CalciteFixture.rows(pushed, fill("select id from customers where id in ('${deletedCus}', '${cus}')"))
        .size());
    assertTrue(CalciteFixture.rows(pushed, fill("select id from charges where customer in ('${cus}', 'cus_typo')"))
        .size() > 0);
    assertTrue(CalciteFixture.rows(pushed, fill("select id from charges where cast(customer as varchar(8)) = '${cus8}'"))
        .size() > 0);
  }

  @org.junit.jupiter.api.Test
  void explainShowsTheRequestShapes() throws Exception {
    String events = plan("select id from events where type in ('charge.succeeded', 'charge.*')");
    assertTrue(events.contains("stripe=[LIST type in [charge.*, charge.succeeded] distinct]"), events);
    String refund = plan(fill("select id from charge_refunds where id = '${re}' and charge = '${reCharge}'"));
    assertTrue(refund.contains("stripe=[RETRIEVE ids=[" + VARS.get("re") + "] parents=[" + VARS.get("reCharge") + "]]"),
        refund);
    String search = plan("select id from charges where amount > 1000");
    assertTrue(search.contains("stripe=[SEARCH query=amount>1000 lag=3600s (else LIST)]"), search);
    String status = plan("select id from subscriptions where status = 'ended'");
    assertTrue(status.contains("(else LIST)"), "status=ended is not sent to the list: " + status);
  }

  private static String plan(String sql) throws Exception {
    return CalciteFixture.rows(pushed, "explain plan for " + sql).get(0).get(0).toString();
  }

  @org.junit.jupiter.api.Test
  void joinReadsChildRowsOnlyForTheMatchingParents() throws Exception {
    String customer = fx.emulator.data().list("invoices").get(0).path("customer").asText();
    List<String> invoices = fx.emulator.data().list("invoices").stream()
        .filter(i -> customer.equals(i.path("customer").asText())).map(i -> i.path("id").asText())
        .collect(Collectors.toList());
    String sql = "select l.id, i.id from invoices i join invoice_lines l on l.invoice = i.id"
        + " where i.customer = '" + customer + "'";
    List<List<Object>> expected = CalciteFixture.rows(plain, sql);
    settle();
    fx.emulator.requestLog().clear();
    List<List<Object>> actual = CalciteFixture.rows(pushed, sql);
    sortRows(expected);
    sortRows(actual);
    assertEquals(expected, actual);
    assertTrue(!actual.isEmpty(), "the customer has invoice lines");
    List<String> wanted = new ArrayList<>();
    wanted.add("/v1/invoices?customer=" + customer + "&limit=100");
    invoices.forEach(id -> wanted.add("/v1/invoices/" + id + "/lines?limit=100"));
    List<String> calls = calls(fx.emulator.requestLog().requests());
    Collections.sort(wanted);
    Collections.sort(calls);
    assertEquals(wanted, calls);
  }

  @org.junit.jupiter.api.Test
  void explainShowsTheStripeRequest() throws Exception {
    String plan = CalciteFixture.rows(pushed, fill("explain plan for select id from charges where customer = '${cus}' limit 2"))
        .get(0).get(0).toString();
    assertTrue(plan.contains("stripe=[LIST customer=" + VARS.get("cus") + " fetch=2]"), plan);
    assertTrue(!plan.contains(CalciteFixture.KEY), "no credential in EXPLAIN");
  }
}
