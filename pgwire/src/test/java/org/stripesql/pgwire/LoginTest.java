package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.GatewaySecurity;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StartupException;
import org.stripesql.server.limits.SessionLimits;
import org.stripesql.server.security.LoginThrottle;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * Logins from the gateway's users file: SCRAM-SHA-256 (pgJDBC, psql), refusals with 28P01, per-user
 * models, clear-text passwords only where allowed, TLS on SSLRequest with the gateway's keystore, the
 * binding rules and the connection cap.
 */
class LoginTest {
  @TempDir
  Path tmp;

  private Path users() throws Exception {
    Path file = tmp.resolve("users");
    UsersFile.put(file, "alice", PasswordHash.hash("s3cret".toCharArray()));
    UsersFile.put(file, "bob", PasswordHash.hash("hunter2 é".toCharArray()));
    return file;
  }

  /**
   * pgJDBC refuses more than 100,000 SCRAM iterations unless told otherwise; the users file's hashes have
   * PasswordHash.ITERATIONS (docs/postgres.md).
   */
  private static Connection connect(PgFixture pg, String user, String password, String extra) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("scramMaxIterations", Integer.toString(PasswordHash.ITERATIONS));
    return DriverManager.getConnection(pg.jdbcUrl() + extra, p);
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void scramLogsInWithTheUsersFilesHashAndRefusesWrongPasswords() throws Exception {
    try (PgFixture pg = PgFixture.start(GatewaySecurity.builder().users(users()).build(), PgAuth.SCRAM_SHA_256)) {
      try (Connection c = connect(pg, "alice", "s3cret", "")) {
        assertEquals("alice", one(c, "SELECT current_user"));
        assertEquals(Integer.toString(pg.emulator.data().list("customers").size()),
            one(c, "SELECT count(*) FROM customers"));
      }
      try (Connection c = connect(pg, "bob", "hunter2 é", "")) {
        assertEquals("bob", one(c, "SELECT session_user"));
      }
      SQLException wrong = assertThrows(SQLException.class, () -> connect(pg, "alice", "nope", ""));
      assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
      SQLException unknown = assertThrows(SQLException.class, () -> connect(pg, "mallory", "s3cret", ""));
      assertEquals("28P01", unknown.getSQLState(), unknown.getMessage());
      String psql = ClientProcess.find("psql");
      if (psql != null) {
        ClientProcess.Result r = ClientProcess.run(List.of(psql, "-X", "-At", "host=127.0.0.1 port=" + pg.port()
            + " dbname=stripe user=alice", "-c", "SELECT current_user"), Map.of("PGPASSWORD", "s3cret"), null);
        assertEquals(0, r.exit(), r.err());
        assertEquals("alice", r.out().strip());
        ClientProcess.Result bad = ClientProcess.run(List.of(psql, "-X", "-At", "host=127.0.0.1 port=" + pg.port()
            + " dbname=stripe user=alice", "-c", "SELECT 1"), Map.of("PGPASSWORD", "wrong"), null);
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("password authentication failed for user \"alice\""), bad.err());
      }
      String node = ClientProcess.find("node");
      Path script = Path.of("src", "test", "node", "query.js").toAbsolutePath();
      if (node != null && Files.isDirectory(script.getParent().resolve("node_modules").resolve("pg"))) {
        ClientProcess.Result r = ClientProcess.run(List.of(node, script.toString()), Map.of("PGPORT",
            Integer.toString(pg.port()), "PGUSER", "alice", "PGPASSWORD", "s3cret", "CUSTOMER", "cus_x",
            "SCRAM_MAX_ITERATIONS", Integer.toString(PasswordHash.ITERATIONS)), null);
        assertEquals(0, r.exit(), "node-postgres logs in with SCRAM: " + r.err());
      }
    }
  }

  @Test
  void eachUserGetsTheirOwnModel() throws Exception {
    try (StripeEmulator other = StripeEmulator.builder().host("127.0.0.1").port(0).seed(7).scale(2)
        .anchor(PgFixture.ANCHOR).build().start();
        PgFixture pg = PgFixture.start(GatewaySecurity.builder().users(users())
            .userModel("bob", ModelSource.stripe(other.baseUrl(), "sk_test_bob", Map.of("RateLimit", "100000")))
            .build(), PgAuth.SCRAM_SHA_256)) {
      int mine = pg.emulator.data().list("customers").size();
      int bobs = other.data().list("customers").size();
      assertTrue(mine != bobs);
      try (Connection alice = connect(pg, "alice", "s3cret", "");
          Connection bob = connect(pg, "bob", "hunter2 é", "")) {
        assertEquals(Integer.toString(mine), one(alice, "SELECT count(*) FROM customers"));
        assertEquals(Integer.toString(bobs), one(bob, "SELECT count(*) FROM customers"));
      }
    }
  }

  @Test
  void clearTextPasswordsOnLoopback() throws Exception {
    try (PgFixture pg = PgFixture.start(GatewaySecurity.builder().users(users()).build(), PgAuth.PASSWORD)) {
      try (Connection c = connect(pg, "alice", "s3cret", "")) {
        assertEquals("alice", one(c, "SELECT current_user"));
      }
      SQLException wrong = assertThrows(SQLException.class, () -> connect(pg, "alice", "nope", ""));
      assertEquals("28P01", wrong.getSQLState());
    }
  }

  @Test
  void tlsOnSslRequestWithTheGatewaysKeystore() throws Exception {
    Path ks = tmp.resolve("gateway.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    ClientProcess.Result k = ClientProcess.run(List.of(keytool, "-genkeypair", "-alias", "gateway", "-keyalg", "RSA",
        "-keysize", "2048", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "test-pass", "-keypass", "test-pass"),
        Map.of(), null);
    assertEquals(0, k.exit(), k.out() + k.err());
    GatewaySecurity tls = GatewaySecurity.builder().users(users()).tls(ks, "test-pass", null, null).build();
    try (PgFixture pg = PgFixture.start(tls, PgAuth.PASSWORD)) {
      try (Connection c = connect(pg, "alice", "s3cret",
          "?sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory")) {
        assertEquals("alice", one(c, "SELECT current_user"));
      }
      String psql = ClientProcess.find("psql");
      if (psql != null) {
        ClientProcess.Result r = ClientProcess.run(List.of(psql, "-X", "-At", "host=127.0.0.1 port=" + pg.port()
            + " dbname=stripe user=alice sslmode=require", "-c", "SELECT count(*) FROM customers"),
            Map.of("PGPASSWORD", "s3cret"), null);
        assertEquals(0, r.exit(), r.err());
      }
    }
  }

  @Test
  void bindingRulesAndPasswordsOffLoopback() throws Exception {
    StartupException open = assertThrows(StartupException.class, () -> PgServer.builder()
        .model(ModelSource.stripe("http://127.0.0.1:1", "sk_test_x")).host("0.0.0.0").port(0).build().start());
    assertTrue(open.getMessage().contains("without authentication"), open.getMessage());
    StartupException clear = assertThrows(StartupException.class, () -> PgServer.builder()
        .model(ModelSource.stripe("http://127.0.0.1:1", "sk_test_x")).host("0.0.0.0").port(0)
        .security(GatewaySecurity.builder().users(users()).build()).auth(PgAuth.PASSWORD).build().start());
    assertTrue(clear.getMessage().contains("without TLS"), clear.getMessage());
  }

  @Test
  void sharedThrottleAndPerUserCap() throws Exception {
    StripeEmulator e = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1).build().start();
    SessionLimits limits = new SessionLimits(new SessionLimits.Settings(10, 1, 200, 10_000));
    LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(5));
    try (PgServer s = PgServer.builder().model(PgFixture.model(e)).host("127.0.0.1").port(0)
        .security(GatewaySecurity.builder().users(users()).build()).gate(new SharedLimits(limits, throttle))
        .build().start()) {
      String url = "jdbc:postgresql://127.0.0.1:" + s.port() + "/stripe?scramMaxIterations=" + PasswordHash.ITERATIONS;
      try (Connection alice = DriverManager.getConnection(url, "alice", "s3cret")) {
        SQLException second = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "alice", "s3cret"));
        assertEquals("53300", second.getSQLState(), second.getMessage());
        assertEquals(1, limits.connections());
      }
      for (int i = 0; i < 3; i++) {
        assertEquals("28P01", assertThrows(SQLException.class,
            () -> DriverManager.getConnection(url, "bob", "wrong")).getSQLState());
      }
      SQLException locked = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "bob", "hunter2 é"));
      assertEquals("28000", locked.getSQLState(), locked.getMessage());
      assertTrue(locked.getMessage().contains("too many failed logins"), locked.getMessage());
    } finally {
      e.close();
    }
  }

  /**
   * A connection once the closed one's slot is free: pgJDBC's close sends Terminate without waiting, and
   * the server frees the slot when it reads it (as PostgreSQL's backend exits after the client left).
   */
  private static Connection connectOnceFreed(String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return DriverManager.getConnection(url);
      } catch (SQLException e) {
        if (!"53300".equals(e.getSQLState()) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  @Test
  void connectionCap() throws Exception {
    StripeEmulator e = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1).build().start();
    try (PgServer s = PgServer.builder().model(PgFixture.model(e)).host("127.0.0.1").port(0).maxConnections(1)
        .build().start()) {
      String url = "jdbc:postgresql://127.0.0.1:" + s.port() + "/stripe?user=alice";
      try (Connection first = DriverManager.getConnection(url)) {
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
        assertEquals("53300", refused.getSQLState(), refused.getMessage());
      }
      try (Connection again = connectOnceFreed(url)) {
        assertEquals("1", one(again, "SELECT 1"));
      }
    } finally {
      e.close();
    }
  }
}
