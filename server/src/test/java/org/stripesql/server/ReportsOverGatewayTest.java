package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.emulator.StripeEmulator;

/** Report tables through the gateway: rows, their description, and the SQLSTATEs a client sees. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsOverGatewayTest {
  static final String RESTRICTED = "rk_test_chargesOnly_24680";
  static final String MONTH = " WHERE interval_start >= TIMESTAMP '2025-01-01 00:00:00'"
      + " AND interval_end <= TIMESTAMP '2025-02-01 00:00:00'";
  private StripeEmulator emulator;
  private StripeSqlGateway gateway;
  private StripeSqlGateway restricted;

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().reportRunDelay(Duration.ZERO).restrictedKey(RESTRICTED, "rak_charge_read")
        .build().start();
    gateway = StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), "sk_test_reports_gw"))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
    restricted = StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), RESTRICTED))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {restricted, gateway, emulator}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // closing
      }
    }
  }

  @Test
  void aReportReadsAndIsDescribed() throws Exception {
    try (Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), "", "");
        Statement s = c.createStatement()) {
      int rows = 0;
      try (ResultSet rs = s.executeQuery("SELECT category, net_amount, currency FROM report_balance_summary_1" + MONTH)) {
        while (rs.next()) {
          rows++;
        }
      }
      assertEquals(12, rows, "four rows for each of three currencies");
      try (ResultSet rs = c.getMetaData().getTables(null, "stripe", "report_balance_summary_1", null)) {
        assertTrue(rs.next());
        assertTrue(rs.getString("REMARKS").startsWith("Stripe report balance.summary.1 (Balance summary)"),
            rs.getString("REMARKS"));
      }
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM report_balance_summary_1"
          + " WHERE interval_start >= TIMESTAMP '1999-01-01 00:00:00'"));
      assertEquals("22023", e.getSQLState(), e.getMessage());
    }
  }

  @Test
  void aKeyWithoutReportingPermissionIs42501() throws Exception {
    try (Connection c = DriverManager.getConnection(restricted.jdbcUrl("127.0.0.1"), "", "");
        Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM report_payouts_itemized_3"
          + MONTH));
      assertEquals("42501", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("rak_reporting_report_type_read"), e.getMessage());
      try (ResultSet rs = s.executeQuery("SELECT id FROM charges LIMIT 1")) {
        assertTrue(rs.next(), "the key's other tables read as before");
      }
    }
  }
}
