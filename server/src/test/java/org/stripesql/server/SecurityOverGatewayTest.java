package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.meta.ReadOnlyGuard;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * Authentication, per-user accounts, connection ownership and read-only, through the real Avatica
 * server (JSON serialization, so a test can also send a hand-made RPC) and the thin driver: two
 * emulators with different data, alice on the gateway's model (emulator A), bob on his own (B).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityOverGatewayTest {
  static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  static Path tmp;

  StripeEmulator a;
  StripeEmulator b;
  StripeSqlGateway gateway;
  Path users;
  String base;

  @BeforeAll
  void start() throws Exception {
    a = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1).anchor(ANCHOR).build().start();
    b = StripeEmulator.builder().host("127.0.0.1").port(0).seed(7).scale(1).anchor(ANCHOR).build().start();
    users = tmp.resolve("users.properties");
    UsersFile.put(users, "alice", PasswordHash.hash("alice-secret".toCharArray()));
    UsersFile.put(users, "bob", PasswordHash.hash("bob-secret".toCharArray()));
    gateway = StripeSqlGateway.builder()
        .model(ModelSource.stripe(a.baseUrl(), "sk_test_alice_team"))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.JSON)
        .security(GatewaySecurity.builder().users(users)
            .userModel("bob", ModelSource.stripe(b.baseUrl(), "sk_test_bob_team")).build())
        .build().start();
    base = "http://127.0.0.1:" + gateway.port();
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  Connection connect(String user, String password) throws SQLException {
    return DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1") + ";authentication=BASIC;avatica_user="
        + user + ";avatica_password=" + password);
  }

  static Set<String> customerIds(Connection c) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id from customers")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  static Set<String> emulatorIds(StripeEmulator e) {
    Set<String> ids = new HashSet<>();
    e.data().list("customers").forEach(o -> ids.add(o.path("id").asText()));
    return ids;
  }

  @Test
  void usersFileIsOwnerOnlyAndHashed() throws Exception {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
    String text = Files.readString(users);
    assertFalse(text.contains("alice-secret"), text);
    assertTrue(text.contains("alice=" + PasswordHash.SCHEME + ":"), text);
  }

  @Test
  void rightPasswordConnectsAndWrongOneIsRejected() throws Exception {
    try (Connection c = connect("alice", "alice-secret")) {
      assertEquals(emulatorIds(a), customerIds(c));
    }
    Exception wrong = assertThrows(Exception.class, () -> {
      try (Connection c = connect("alice", "bob-secret")) {
        customerIds(c);
      }
    });
    // Avatica's thin driver turns the final 401 into a RuntimeException, not an SQLException: it has no
    // way to carry SQLSTATE 28000 (its HTTP client only parses 200 and 500 answers)
    assertTrue(String.valueOf(wrong.getMessage()).contains("HTTP/401"), String.valueOf(wrong));
    assertThrows(Exception.class, () -> {
      try (Connection c = connect("mallory", "alice-secret")) {
        customerIds(c);
      }
    });
  }

  @Test
  void requestsWithoutCredentialsGet401() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"openConnection\",\"connectionId\":\"x1\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, r.statusCode());
    assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").toLowerCase(Locale.ROOT).startsWith("basic"), r.headers().toString());
    HttpResponse<String> wrong = post("alice", "nope", "{\"request\":\"openConnection\",\"connectionId\":\"x2\"}");
    assertEquals(401, wrong.statusCode());
    assertTrue(get("/metrics").body().matches("(?s).*\nstripesql_login_failures_total [1-9].*"),
        "a rejected password is counted");
  }

  @Test
  void aUserAddedWhileRunningCanLogInWithoutRestart() throws Exception {
    assertThrows(Exception.class, () -> connect("carol", "carol-secret").close());
    FileTime before = Files.getLastModifiedTime(users);
    UsersFile.put(users, "carol", PasswordHash.hash("carol-secret".toCharArray()));
    // a coarse file-system clock could leave the time unchanged; the gateway looks at the time
    Files.setLastModifiedTime(users, FileTime.fromMillis(before.toMillis() + 2000));
    try (Connection c = connect("carol", "carol-secret")) {
      assertEquals(emulatorIds(a), customerIds(c), "carol has no model of her own: the gateway's");
    }
  }

  @Test
  void eachUserSeesOnlyTheirOwnStripeAccount() throws Exception {
    assertNotEquals(emulatorIds(a), emulatorIds(b), "the two emulators must hold different data");
    try (Connection alice = connect("alice", "alice-secret"); Connection bob = connect("bob", "bob-secret")) {
      assertEquals(emulatorIds(a), customerIds(alice));
      assertEquals(emulatorIds(b), customerIds(bob));
    }
  }

  /**
   * Another user's connection and statement ids are answered exactly as ids never issued, so a refusal
   * tells nothing of what exists: an unknown connection as Avatica answers it (error code 1, on which
   * the thin driver reopens its connection), an unknown statement as missing.
   */
  @Test
  void anotherUsersConnectionIdIsAnsweredAsAnUnknownOne() throws Exception {
    try (Connection alice = connect("alice", "alice-secret")) {
      customerIds(alice);
      String id = alice.unwrap(AvaticaConnection.class).id;
      HttpResponse<String> r = post("bob", "bob-secret",
          "{\"request\":\"createStatement\",\"connectionId\":\"" + id + "\"}");
      HttpResponse<String> unknown = post("bob", "bob-secret",
          "{\"request\":\"createStatement\",\"connectionId\":\"" + id.replaceAll("[0-9a-f]", "0") + "\"}");
      assertEquals(500, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"errorCode\":1") && r.body().contains("Connection not found"), r.body());
      assertFalse(r.body().contains(id), r.body());
      assertEquals(unknown.body(), r.body());
      HttpResponse<String> close = post("bob", "bob-secret",
          "{\"request\":\"closeConnection\",\"connectionId\":\"" + id + "\"}");
      assertEquals(200, close.statusCode(), close.body());
      // bob's own connection with alice's statement id
      try (Statement st = alice.createStatement()) {
        int stmt = st.unwrap(AvaticaStatement.class).getId();
        HttpResponse<String> own = post("bob", "bob-secret", "{\"request\":\"openConnection\",\"connectionId\":\"bob-1\"}");
        assertEquals(200, own.statusCode(), own.body());
        HttpResponse<String> steal = post("bob", "bob-secret", "{\"request\":\"prepareAndExecute\",\"connectionId\":"
            + "\"bob-1\",\"statementId\":" + stmt + ",\"sql\":\"select id from customers\",\"maxRowCount\":-1}");
        HttpResponse<String> never = post("bob", "bob-secret", "{\"request\":\"prepareAndExecute\",\"connectionId\":"
            + "\"bob-1\",\"statementId\":987654,\"sql\":\"select id from customers\",\"maxRowCount\":-1}");
        assertEquals(200, steal.statusCode(), steal.body());
        assertTrue(steal.body().contains("\"missingStatement\":true"), steal.body());
        assertFalse(steal.body().contains("cus_"), steal.body());
        assertEquals(never.body(), steal.body());
        // and bob may open a connection under the id alice uses: it is his own
        HttpResponse<String> same = post("bob", "bob-secret", "{\"request\":\"openConnection\",\"connectionId\":\""
            + id + "\"}");
        assertEquals(200, same.statusCode(), same.body());
      }
      // alice's connection survived bob's attempts
      assertEquals(emulatorIds(a), customerIds(alice));
      // alice herself may use it by id
      HttpResponse<String> own = post("alice", "alice-secret",
          "{\"request\":\"createStatement\",\"connectionId\":\"" + id + "\"}");
      assertEquals(200, own.statusCode(), own.body());
    }
  }

  @Test
  void writesAreRejectedAndConnectionsAreReadOnly() throws Exception {
    try (Connection c = connect("alice", "alice-secret")) {
      assertTrue(c.isReadOnly());
      assertTrue(c.getMetaData().isReadOnly());
      c.setReadOnly(false);
      assertTrue(c.isReadOnly(), "the gateway keeps connections read-only");
      for (String sql : new String[] {"insert into customers (id) values ('cus_x')",
          "update customers set email = 'x' where id = 'cus_x'", "delete from customers",
          "create table t (x int)", "drop table customers"}) {
        try (Statement s = c.createStatement()) {
          SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
          assertEquals(ReadOnlyGuard.READ_ONLY_STATE, e.getSQLState(), sql + ": " + e);
          assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        }
      }
      SQLException prepared = assertThrows(SQLException.class,
          () -> c.prepareStatement("insert into customers (id) values (?)"));
      assertEquals(ReadOnlyGuard.READ_ONLY_STATE, prepared.getSQLState());
      // queries still work on the same connection
      assertEquals(emulatorIds(a), customerIds(c));
    }
  }

  @Test
  void healthReadyAndMetricsNeedNoCredentials() throws Exception {
    assertEquals(200, get("/health").statusCode());
    assertEquals(200, get("/ready").statusCode());
    HttpResponse<String> m = get("/metrics");
    assertEquals(200, m.statusCode());
    assertTrue(m.body().contains("stripesql_queries_total"), m.body());
    assertFalse(m.body().contains("sk_test_"), "no keys in metrics");
    assertFalse(m.body().contains("alice"), "no user names in metrics");
  }

  @Test
  void accessLogHasOneLinePerRequestWithUserAndRequestIdButNoSecrets() throws Exception {
    Logger access = (Logger) LoggerFactory.getLogger(
        "org.stripesql.access");
    ListAppender<ILoggingEvent> lines =
        new ListAppender<>();
    lines.start();
    access.addAppender(lines);
    try {
      try (Connection c = connect("alice", "alice-secret")) {
        customerIds(c);
      }
      post("bob", "wrong-password", "{\"request\":\"openConnection\",\"connectionId\":\"x3\"}");
    } finally {
      access.detachAppender(lines);
    }
    List<String> text = new ArrayList<>();
    lines.list.forEach(e -> text.add(e.getFormattedMessage()));
    assertTrue(text.stream().anyMatch(l -> l.startsWith("POST / 200 user=alice ") && l.matches(".* req=[0-9a-f]{8}")),
        text.toString());
    assertTrue(text.stream().anyMatch(l -> l.startsWith("POST / 401 user=- ")), text.toString());
    assertFalse(text.toString().contains("secret") || text.toString().contains("wrong-password"), text.toString());
  }

  @Test
  void nonLoopbackWithoutAuthenticationIsRefused() throws Exception {
    StripeSqlGateway g = StripeSqlGateway.builder().model(ModelSource.stripe(a.baseUrl(), "sk_test_x"))
        .host("0.0.0.0").port(0).build();
    StartupException e = assertThrows(StartupException.class, g::start);
    assertTrue(e.getMessage().contains("--insecure-no-auth"), e.getMessage());
    try (StripeSqlGateway ok = StripeSqlGateway.builder().model(ModelSource.stripe(a.baseUrl(), "sk_test_x"))
        .host("0.0.0.0").port(0).security(GatewaySecurity.builder().insecureNoAuth(true).build()).build().start()) {
      assertTrue(ok.port() > 0);
    }
  }

  HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String user, String password, String json) throws Exception {
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/"))
        .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
