package org.stripesql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/**
 * {@link StripeSqlDriver} against a real gateway (protobuf, its default) and emulator: its URL prefix,
 * its names in {@code DatabaseMetaData}, ServiceLoader registration, SQLSTATEs for an unreachable gateway
 * and a rejected key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StripeSqlDriverTest {
  GatewayFixture fx;

  @BeforeAll
  void start() throws Exception {
    fx = GatewayFixture.start(Serialization.PROTOBUF);
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void registeredThroughServiceLoaderUnderItsOwnPrefix() throws Exception {
    List<String> names = new ArrayList<>();
    for (Driver d : ServiceLoader.load(Driver.class)) {
      names.add(d.getClass().getName());
    }
    assertTrue(names.contains(StripeSqlDriver.class.getName()), names.toString());
    String services = new String(StripeSqlDriver.class.getResourceAsStream("/META-INF/services/java.sql.Driver")
        .readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(StripeSqlDriver.class.getName(), services);
    Driver d = DriverManager.getDriver(fx.url);
    assertInstanceOf(StripeSqlDriver.class, d, "DriverManager picks the stripe-sql driver for " + fx.url);
    assertTrue(d.acceptsURL("jdbc:stripesql:url=http://localhost:8765"));
    assertFalse(d.acceptsURL("jdbc:avatica:remote:url=http://localhost:8765"));
    assertNull(d.connect("jdbc:postgresql://localhost/x", new Properties()));
    assertEquals(0, d.getMajorVersion());
    assertEquals(1, d.getMinorVersion());
  }

  @Test
  void namesItselfAndTheGatewayInDatabaseMetaData() throws Exception {
    try (Connection c = fx.connect()) {
      DatabaseMetaData md = c.getMetaData();
      assertEquals("stripe-sql JDBC driver", md.getDriverName());
      assertEquals("0.1.0-SNAPSHOT", md.getDriverVersion());
      assertEquals(0, md.getDriverMajorVersion());
      assertEquals(1, md.getDriverMinorVersion());
      assertEquals("stripe-sql", md.getDatabaseProductName(), "the product name comes from the gateway");
      assertTrue(md.getDatabaseProductVersion().startsWith("0.1"), md.getDatabaseProductVersion());
      assertEquals(fx.url, md.getURL());
    }
  }

  @Test
  void protobufIsTheDefaultAndJsonCanBeAsked() throws Exception {
    long customers = fx.emulator.data().list("customers").size();
    try (Connection c = fx.connect()) {
      assertEquals(customers, count(c, "select count(*) from customers"));
    }
    // a JSON client cannot talk to a protobuf server: if the default were JSON the above would fail
    SQLException e = assertThrows(SQLException.class, () -> {
      try (Connection c = DriverManager.getConnection(fx.url + ";serialization=json", "", "")) {
        count(c, "select count(*) from customers");
      }
    });
    assertTrue(e.getMessage() != null, "a message");
    try (StripeSqlGateway json = StripeSqlGateway.builder()
        .model(ModelSource.stripe(fx.emulator.baseUrl(), "sk_test_driver_json"))
        .host("127.0.0.1").port(0).serialization(Serialization.JSON).build().start()) {
      Properties p = new Properties();
      p.setProperty("serialization", "json");
      try (Connection c = DriverManager.getConnection("jdbc:stripesql:url=http://127.0.0.1:" + json.port(), p)) {
        assertEquals(customers, count(c, "select count(*) from customers"));
      }
    }
  }

  @Test
  void unreachableGatewayIs08001() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "jdbc:stripesql:url=http://127.0.0.1:" + port;
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "", ""));
    assertEquals("08001", e.getSQLState(), e.toString());
    assertTrue(e.getMessage().contains("Cannot reach the stripe-sql gateway"), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
  }

  @Test
  void rejectedStripeKeyIs28000() throws Exception {
    try (StripeSqlGateway revoked = StripeSqlGateway.builder()
        .model(ModelSource.stripe(fx.emulator.baseUrl(), GatewayFixture.REVOKED_KEY))
        .host("127.0.0.1").port(0).build().start();
        Connection c = DriverManager.getConnection("jdbc:stripesql:url=http://127.0.0.1:" + revoked.port(), "", "")) {
      SQLException e = assertThrows(SQLException.class, () -> count(c, "select count(*) from customers"));
      assertEquals("28000", e.getSQLState(), e.toString());
      StringBuilder all = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        all.append(t).append('\n');
      }
      // no part of the key: no six characters of its secret in a row (with a digit: words such as "driver"
      // appear in messages anyway), not Stripe's masked last four
      String key = GatewayFixture.REVOKED_KEY;
      String secret = key.substring("sk_test_".length());
      for (int i = 0; i + 6 <= secret.length(); i++) {
        String part = secret.substring(i, i + 6);
        assertFalse(part.matches(".*[0-9].*") && all.toString().contains(part), "part of the key leaks: " + all);
      }
      assertFalse(all.toString().contains("*" + key.substring(key.length() - 4)), "the masked key leaks: " + all);
    }
  }

  @Test
  void http401FromAGatewayIs28000() {
    SQLException e = StripeSqlDriver.classify(new RuntimeException("Failed to execute HTTP Request, got HTTP/401"),
        "jdbc:stripesql:url=http://h:1");
    assertEquals("28000", e.getSQLState());
    SQLException other = StripeSqlDriver.classify(new RuntimeException("boom"), "jdbc:stripesql:url=http://h:1");
    assertEquals("08006", other.getSQLState());
  }

  @Test
  void setReadOnlyIsolationAndIsValidWork() throws Exception {
    try (Connection c = fx.connect()) {
      assertTrue(c.isValid(5));
      c.setReadOnly(true);
      assertTrue(c.isReadOnly());
      c.setTransactionIsolation(Connection.TRANSACTION_NONE);
      assertEquals(Connection.TRANSACTION_NONE, c.getTransactionIsolation());
      c.setAutoCommit(true);
      assertTrue(c.getAutoCommit());
      assertEquals(fx.emulator.data().list("customers").size(), count(c, "select count(*) from customers"));
    }
    Collections.emptyList();
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
