package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.Test;
import org.stripesql.emulator.RecordedRequest;

/** Pushdown seen from a remote client: EXPLAIN over the thin driver, and the requests a query costs. */
class PushdownOverGatewayTest extends GatewayTestBase {
  @Override
  Driver.Serialization serialization() {
    return Driver.Serialization.PROTOBUF;
  }

  @Test
  void explainShowsTheStripeRequestAndNoKey() throws Exception {
    String customer = emulator.data().list("charges").get(0).path("customer").asText();
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR SELECT id FROM charges WHERE customer = '" + customer
             + "' AND created >= TIMESTAMP '2025-01-01 00:00:00' LIMIT 5")) {
      assertTrue(rs.next());
      String plan = rs.getString(1);
      assertTrue(plan.contains("StripeTableScan"), plan);
      assertTrue(plan.contains("created[gte]=[1735689600]"), plan);
      assertTrue(plan.contains("customer=[" + customer + "]"), plan);
      assertTrue(plan.contains("fetch=5"), plan);
      assertFalse(plan.contains("sk_test_gateway_it"), "no credential in EXPLAIN: " + plan);
    }
  }

  @Test
  void selectiveQueryCostsOneRequest() throws Exception {
    String customer = emulator.data().list("charges").get(0).path("customer").asText();
    long expected = emulator.data().list("charges").stream()
        .filter(o -> customer.equals(o.path("customer").asText())).count();
    emulator.requestLog().clear();
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM charges WHERE customer = '" + customer + "'")) {
      assertTrue(rs.next());
      assertEquals(expected, rs.getLong(1));
    }
    assertEquals(1, emulator.requestLog().size(), emulator.requestLog().requests().toString());
    RecordedRequest r = emulator.requestLog().requests().get(0);
    assertEquals("/v1/charges", r.path());
    assertEquals(java.util.List.of(customer), r.query().get("customer"));
  }

  @Test
  void tableauProbesCostNoRequest() throws Exception {
    emulator.requestLog().clear();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(
          "SELECT * FROM (SELECT id, amount FROM charges) \"Custom SQL Query\" WHERE 1 = 0")) {
        assertFalse(rs.next());
        assertEquals(2, rs.getMetaData().getColumnCount());
      }
      try (ResultSet rs = s.executeQuery("SELECT * FROM customers LIMIT 0")) {
        assertFalse(rs.next());
      }
    }
    assertEquals(0, emulator.requestLog().size(), emulator.requestLog().requests().toString());
  }
}
