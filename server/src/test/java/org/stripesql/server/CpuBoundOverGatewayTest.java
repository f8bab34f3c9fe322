package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A statement only Calcite works on (a long recursive CTE) stops at the model's QueryTimeout, sent by hand
 * over HTTP in both wire formats and through the thin driver; it would otherwise keep a CPU busy for
 * minutes. The model reads from a closed port: no Stripe call is made.
 */
class CpuBoundOverGatewayTest {
  static final String LONG = "with recursive t(n) as (values 1 union all select n + 1 from t where n < 50000000)"
      + " select count(*) from t";

  @ParameterizedTest
  @EnumSource(value = Driver.Serialization.class, names = {"JSON", "PROTOBUF"})
  void aCpuBoundStatementStopsAtQueryTimeout(Driver.Serialization serialization) throws Exception {
    try (StripeSqlGateway g = StripeSqlGateway.builder()
        .model(ModelSource.stripe("http://127.0.0.1:9", "sk_test_cpu", Map.of("QueryTimeout", "1")))
        .host("127.0.0.1").port(0).serialization(serialization).build().start()) {
      HostileClient client = new HostileClient("http://127.0.0.1:" + g.port(), serialization);
      String c = UUID.randomUUID().toString();
      assertEquals(200, client.send(new Service.OpenConnectionRequest(c, Map.of())).status());
      int s = ((Service.CreateStatementResponse) client.send(new Service.CreateStatementRequest(c)).response())
          .statementId;
      long t0 = System.nanoTime();
      HostileClient.Reply r = client.send(new Service.PrepareAndExecuteRequest(c, s, LONG, -1, 100));
      assertTrue((System.nanoTime() - t0) / 1e9 < 15, "stopped near the timeout");
      assertEquals(500, r.status(), r.toString());
      assertEquals("HY000", r.sqlState(), r.toString());
      assertTrue(r.error().errorMessage.contains("QueryTimeout"), r.toString());

      try (Connection conn = DriverManager.getConnection(g.jdbcUrl("127.0.0.1"));
          Statement st = conn.createStatement()) {
        SQLException e = assertThrows(SQLException.class, () -> st.executeQuery(LONG));
        assertTrue(e.getMessage().contains("QueryTimeout"), e.getMessage());
      }
    }
  }
}
