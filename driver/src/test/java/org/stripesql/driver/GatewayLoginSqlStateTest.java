package org.stripesql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.GatewaySecurity;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/** A gateway that asks for a login: the stripe-sql driver reports a refused login as SQLSTATE 28000. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayLoginSqlStateTest {
  @TempDir
  static Path tmp;

  StripeEmulator emulator;
  StripeSqlGateway gateway;

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().port(0).anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start();
    Path users = tmp.resolve("users.properties");
    UsersFile.put(users, "dana", PasswordHash.hash("dana-secret".toCharArray()));
    gateway = StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), "sk_test_login_state"))
        .host("127.0.0.1").port(0).serialization(Serialization.PROTOBUF)
        .security(GatewaySecurity.builder().users(users).build()).build().start();
  }

  @AfterAll
  void stop() {
    gateway.close();
    emulator.close();
  }

  private String url(String user, String password) {
    return "jdbc:stripesql:url=http://127.0.0.1:" + gateway.port() + ";authentication=BASIC;avatica_user="
        + user + ";avatica_password=" + password;
  }

  @Test
  void wrongPasswordIs28000() {
    SQLException e = assertThrows(SQLException.class, () -> {
      try (Connection c = DriverManager.getConnection(url("dana", "not-her-password"));
           Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
        rs.next();
      }
    });
    assertEquals("28000", e.getSQLState(), e.toString());
    assertTrue(!e.toString().contains("not-her-password"), "the password is not echoed: " + e);
  }

  @Test
  void rightPasswordConnects() throws Exception {
    try (Connection c = DriverManager.getConnection(url("dana", "dana-secret"));
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from customers")) {
      assertTrue(rs.next());
      assertEquals(emulator.data().list("customers").size(), rs.getLong(1));
    }
  }
}
