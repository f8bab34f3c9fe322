package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * {@code Pushdown} is a schema's operand: in one statement over two Stripe schemas, the one with
 * {@code Pushdown=false} is read whole while the other gets the pushed request. Two emulators with the
 * same data tell the schemas' requests apart. Both read sequentially (MaxConcurrency 1), so a whole
 * table costs one request per page.
 */
class PushdownPerSchemaTest {
  @Test
  void eachSchemaKeepsItsOwnPushdownSetting() throws Exception {
    try (StripeEmulator pushedEmu = StripeEmulator.builder().seed(7).build().start();
         StripeEmulator plainEmu = StripeEmulator.builder().seed(7).build().start();
         Connection c = connect(pushedEmu, plainEmu)) {
      String customer = pushedEmu.data().list("charges").get(0).path("customer").asText();
      long expected = pushedEmu.data().list("charges").stream()
          .filter(o -> customer.equals(o.path("customer").asText())).count();
      List<List<Object>> rows = CalciteFixture.rows(c, "SELECT"
          + " (SELECT count(*) FROM pushed.charges WHERE customer = '" + customer + "'),"
          + " (SELECT count(*) FROM plain.charges WHERE customer = '" + customer + "')");
      assertEquals(List.of(List.of(expected, expected)), rows);

      List<RecordedRequest> pushed = pushedEmu.requestLog().requests();
      assertEquals(1, pushed.size(), "the pushed schema makes one filtered request: " + pushed);
      assertEquals(List.of(customer), pushed.get(0).query().get("customer"));

      List<RecordedRequest> plain = plainEmu.requestLog().requests();
      int pages = (plainEmu.data().list("charges").size() + 99) / 100;
      assertEquals(pages, plain.size(), "Pushdown=false reads every page: " + plain.size());
      assertTrue(plain.stream().noneMatch(r -> r.query().containsKey("customer")), "nothing pushed: " + plain);
    }
  }

  @Test
  void aJoinAcrossTheSchemasPushesOnlyIntoThePushingSide() throws Exception {
    try (StripeEmulator pushedEmu = StripeEmulator.builder().seed(7).build().start();
         StripeEmulator plainEmu = StripeEmulator.builder().seed(7).build().start();
         Connection c = connect(pushedEmu, plainEmu)) {
      String customer = pushedEmu.data().list("charges").get(0).path("customer").asText();
      List<List<Object>> rows = CalciteFixture.rows(c, "SELECT count(*) FROM plain.customers cu"
          + " JOIN pushed.charges ch ON ch.customer = cu.id WHERE cu.id = '" + customer + "'");
      long expected = pushedEmu.data().list("charges").stream()
          .filter(o -> customer.equals(o.path("customer").asText())).count();
      assertEquals(List.of(List.of(expected)), rows);
      assertFalse(plainEmu.requestLog().requests().stream()
          .anyMatch(r -> r.path().contains(customer) || r.query().containsKey("id")),
          "the plain schema retrieves nothing by id");
      assertTrue(pushedEmu.requestLog().requests().stream()
          .allMatch(r -> List.of(customer).equals(r.query().get("customer"))), "the join's filter reaches charges: " + pushedEmu.requestLog().requests() + " plain: " + plainEmu.requestLog().requests().size());
    }
  }

  private static Connection connect(StripeEmulator pushed, StripeEmulator plain) throws Exception {
    String model = "inline:{\"version\":\"1.0\",\"defaultSchema\":\"pushed\",\"schemas\":["
        + schema("pushed", pushed, "true") + "," + schema("plain", plain, "false") + "]}";
    Properties p = new Properties();
    p.setProperty("model", model);
    p.setProperty("lex", "MYSQL_ANSI");
    p.setProperty("timeZone", "UTC");
    return DriverManager.getConnection("jdbc:calcite:", p);
  }

  private static String schema(String name, StripeEmulator emu, String pushdown) {
    return "{\"name\":\"" + name + "\",\"type\":\"custom\",\"factory\":\"" + StripeAdapter.SCHEMA_FACTORY + "\","
        + "\"operand\":{\"OAuthAccessToken\":\"" + CalciteFixture.KEY + "\",\"apiBase\":\"" + emu.baseUrl() + "\","
        + "\"RateLimit\":\"100000\",\"EndpointRateLimit\":\"100000\",\"MaxConcurrency\":\"1\","
        + "\"Pushdown\":\"" + pushdown + "\"}}";
  }
}
