package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.limits.LimitExceededException;
import org.stripesql.server.limits.SessionLimits;
import org.stripesql.server.meta.ReadOnlyGuard;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * What a hostile client sends, by hand over HTTP ({@link HostileClient}), to a gateway with logins and
 * small caps: other users' statements, statements of closed connections, SQL smuggled in a
 * {@code syncResults}, frames of unlimited size, more connections and statements than allowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileClientTestBase {
  static final int CONNECTIONS_PER_USER = 3;
  static final int STATEMENTS_PER_CONNECTION = 4;
  static final int FRAME_ROWS = 5;

  @TempDir
  static Path tmp;

  StripeEmulator emulator;
  StripeSqlGateway gateway;
  HostileClient alice;
  HostileClient bob;
  HostileClient carol;

  abstract Driver.Serialization serialization();

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1)
        .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start();
    Path users = tmp.resolve("users.properties");
    for (String u : List.of("alice", "bob", "carol")) {
      UsersFile.put(users, u, PasswordHash.hash((u + "-secret").toCharArray()));
    }
    gateway = StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), "sk_test_hostile"))
        .host("127.0.0.1").port(0).serialization(serialization())
        .limits(new SessionLimits.Settings(100, CONNECTIONS_PER_USER, STATEMENTS_PER_CONNECTION, FRAME_ROWS))
        .security(GatewaySecurity.builder().users(users).build()).build().start();
    HostileClient anonymous = new HostileClient("http://127.0.0.1:" + gateway.port(), serialization());
    alice = anonymous.as("alice", "alice-secret");
    bob = anonymous.as("bob", "bob-secret");
    carol = anonymous.as("carol", "carol-secret");
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  static String open(HostileClient who) throws Exception {
    String id = UUID.randomUUID().toString();
    HostileClient.Reply r = who.send(new Service.OpenConnectionRequest(id, Map.of()));
    assertEquals(200, r.status(), r.toString());
    return id;
  }

  static int statement(HostileClient who, String connectionId) throws Exception {
    HostileClient.Reply r = who.send(new Service.CreateStatementRequest(connectionId));
    assertEquals(200, r.status(), r.toString());
    return ((Service.CreateStatementResponse) r.response()).statementId;
  }

  static HostileClient.Reply query(HostileClient who, String connectionId, int statementId, String sql,
      int firstFrame) throws Exception {
    return who.send(new Service.PrepareAndExecuteRequest(connectionId, statementId, sql, -1, firstFrame));
  }

  /**
   * The answer Avatica gives a statement id it does not know (a 200 saying the statement is missing):
   * what another user's statement, or one of another connection, gets too.
   */
  static void assertUnknownStatement(HostileClient.Reply r) {
    assertEquals(200, r.status(), r.toString());
    Service.Response x = r.response();
    boolean missing = x instanceof Service.ExecuteResponse e ? e.missingStatement
        : x instanceof Service.FetchResponse f ? f.missingStatement
        : x instanceof Service.SyncResultsResponse sync && sync.missingStatement;
    assertTrue(missing, r.toString());
  }

  static void assertRefused(String state, HostileClient.Reply r) {
    assertEquals(500, r.status(), r.toString());
    assertEquals(state, r.sqlState(), r.toString());
  }

  @Test
  void aStatementOfAClosedConnectionIsRefusedToAnyoneElse() throws Exception {
    String a1 = open(alice);
    int s = statement(alice, a1);
    assertEquals(200, query(alice, a1, s, "select id from customers", 10).status());
    assertEquals(200, alice.send(new Service.CloseConnectionRequest(a1)).status());
    String b1 = open(bob);
    assertUnknownStatement(query(bob, b1, s, "select id from customers", 10));
    assertUnknownStatement(bob.send(new Service.FetchRequest(b1, s, 0, 10)));
    assertUnknownStatement(bob.send(new Service.SyncResultsRequest(b1, s, new QueryState("select id from customers"), 0)));
    // nor may alice move it to another connection of hers
    String a2 = open(alice);
    assertUnknownStatement(query(alice, a2, s, "select id from customers", 10));
    close(alice, a2);
    close(bob, b1);
  }

  @Test
  void anotherUsersLiveStatementIsRefusedAndKeepsWorkingForItsOwner() throws Exception {
    String a1 = open(alice);
    int s = statement(alice, a1);
    String b1 = open(bob);
    assertUnknownStatement(query(bob, b1, s, "select id from customers", 10));
    assertEquals(200, bob.send(new Service.CloseStatementRequest(b1, s)).status(), "closing it does nothing");
    HostileClient.Reply still = query(alice, a1, s, "select id from customers", 10);
    assertEquals(200, still.status(), still.toString());
    assertFalse(((Service.ExecuteResponse) still.response()).missingStatement);
    close(alice, a1);
    close(bob, b1);
  }

  @Test
  void aStatementIdNeverCreatedIsRefused() throws Exception {
    String b1 = open(bob);
    assertUnknownStatement(query(bob, b1, 999_999, "select id from customers", 10));
    assertUnknownStatement(bob.send(new Service.FetchRequest(b1, 999_999, 0, 10)));
    close(bob, b1);
  }

  @Test
  void metadataStatementsBelongToTheirCreator() throws Exception {
    String a1 = open(alice);
    HostileClient.Reply tables = alice.send(new Service.TablesRequest(a1, null, null, "customers", null));
    assertEquals(200, tables.status(), tables.toString());
    int m = ((Service.ResultSetResponse) tables.response()).statementId;
    String b1 = open(bob);
    assertUnknownStatement(bob.send(new Service.FetchRequest(b1, m, 0, 10)));
    long open = openStatements();
    assertEquals(200, bob.send(new Service.CloseStatementRequest(b1, m)).status());
    assertEquals(open, openStatements(), "bob's close did nothing");
    assertEquals(200, alice.send(new Service.CloseStatementRequest(a1, m)).status());
    assertEquals(open - 1, openStatements(), "alice's closed it");
    close(alice, a1);
    close(bob, b1);
  }

  @Test
  void syncResultsGoesThroughTheReadOnlyGuard() throws Exception {
    String a1 = open(alice);
    int s = statement(alice, a1);
    assertRefused(ReadOnlyGuard.READ_ONLY_STATE, alice.send(new Service.SyncResultsRequest(a1, s,
        new QueryState("delete from customers"), 0)));
    assertEquals(200, alice.send(new Service.SyncResultsRequest(a1, s,
        new QueryState("select id from customers"), 0)).status());
    close(alice, a1);
  }

  @Test
  void closingAConnectionClosesItsStatements() throws Exception {
    long before = openStatements();
    String c1 = open(carol);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, query(carol, c1, statement(carol, c1), "select id from customers", 2).status());
    }
    assertEquals(before + 3, openStatements());
    close(carol, c1);
    assertEquals(before, openStatements(), "the connection's statements are closed with it");
  }

  @Test
  void connectionsPerUserAreCapped() throws Exception {
    String[] mine = new String[CONNECTIONS_PER_USER];
    for (int i = 0; i < mine.length; i++) {
      mine[i] = open(carol);
    }
    HostileClient.Reply refused = carol.send(new Service.OpenConnectionRequest(UUID.randomUUID().toString(), Map.of()));
    assertRefused(LimitExceededException.TOO_MANY_CONNECTIONS, refused);
    assertTrue(refused.error().errorMessage.contains(SessionLimits.Settings.MAX_CONNECTIONS_PER_USER), refused.toString());
    close(bob, open(bob));   // other users are not affected
    close(carol, mine[0]);
    close(carol, open(carol));   // a closed connection makes room
    for (int i = 1; i < mine.length; i++) {
      close(carol, mine[i]);
    }
  }

  @Test
  void statementsPerConnectionAreCapped() throws Exception {
    String c1 = open(carol);
    int first = statement(carol, c1);
    for (int i = 1; i < STATEMENTS_PER_CONNECTION; i++) {
      statement(carol, c1);
    }
    HostileClient.Reply refused = carol.send(new Service.CreateStatementRequest(c1));
    assertRefused(LimitExceededException.CONFIGURATION_LIMIT, refused);
    assertTrue(refused.error().errorMessage.contains(SessionLimits.Settings.MAX_STATEMENTS_PER_CONNECTION),
        refused.toString());
    HostileClient.Reply metadata = carol.send(new Service.TablesRequest(c1, null, null, "customers", null));
    assertRefused(LimitExceededException.CONFIGURATION_LIMIT, metadata);
    assertEquals(200, carol.send(new Service.CloseStatementRequest(c1, first)).status());
    statement(carol, c1);
    close(carol, c1);
  }

  @Test
  void aFrameNeverCarriesMoreRowsThanTheCap() throws Exception {
    String a1 = open(alice);
    int s = statement(alice, a1);
    // -2 asks Avatica's JdbcMeta for every row in the first frame
    HostileClient.Reply first = query(alice, a1, s, "select id from customers", -2);
    assertEquals(200, first.status(), first.toString());
    Service.ResultSetResponse rs = ((Service.ExecuteResponse) first.response()).results.get(0);
    assertTrue(rs.firstFrame.rows instanceof List<?> l && l.size() <= FRAME_ROWS, rs.firstFrame.toString());
    assertFalse(rs.firstFrame.done);
    // -1 asks fetch for every remaining row
    HostileClient.Reply next = alice.send(new Service.FetchRequest(a1, s, FRAME_ROWS, -1));
    assertEquals(200, next.status(), next.toString());
    Service.FetchResponse f = (Service.FetchResponse) next.response();
    assertEquals(FRAME_ROWS, ((List<?>) f.frame.rows).size());
    assertFalse(f.frame.done);
    close(alice, a1);
  }

  @Test
  void theThinDriverReadsEveryRowInCappedFrames() throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1")
        + ";authentication=BASIC;avatica_user=alice;avatica_password=alice-secret");
        Statement st = c.createStatement()) {
      st.setFetchSize(1000);
      try (ResultSet rs = st.executeQuery("select id from customers")) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    Set<String> expected = new HashSet<>();
    emulator.data().list("customers").forEach(o -> expected.add(o.path("id").asText()));
    assertTrue(expected.size() > FRAME_ROWS);
    assertEquals(expected, ids);
  }

  @Test
  void errorsCarryMessageAndSqlStateButNoStackTraceWhichGoesToTheLogWithTheRequestId() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger("org.stripesql.server.http.ErrorScrubber");
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      String a1 = open(alice);
      HostileClient.Reply r = query(alice, a1, statement(alice, a1), "select * from no_such_table", 10);
      assertEquals(500, r.status(), r.toString());
      assertEquals("42S02", r.sqlState());
      assertTrue(r.error().errorMessage.contains("no_such_table"), r.toString());
      assertTrue(r.error().exceptions == null || r.error().exceptions.isEmpty(), r.toString());
      String raw = new String(r.http().body(), StandardCharsets.UTF_8);
      assertFalse(raw.contains("\tat ") || raw.contains("\\tat ") || raw.contains("org.apache.calcite.sql"), raw);
      // garbage instead of a request: Avatica's parser fails, its trace stays on the server too
      HostileClient.Reply junk = alice.post("{not a request".getBytes(StandardCharsets.UTF_8));
      assertTrue(junk.status() >= 400, junk.toString());
      assertFalse(new String(junk.http().body(), StandardCharsets.UTF_8).contains("\tat "), junk.toString());
      close(alice, a1);
    } finally {
      logger.detachAppender(log);
    }
    assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().matches(
        "(?s)Error answered \\(request [0-9a-f]{8}, SQLSTATE 42S02\\).*no_such_table.*\tat .*")), log.list.toString());
  }

  @Test
  void aHostTheGatewayDoesNotAnswerToIsRefusedBeforeAvatica() throws Exception {
    int port = gateway.port();
    // closing an unknown connection is a harmless RPC that Avatica answers with 200
    Service.Request open = new Service.CloseConnectionRequest(UUID.randomUUID().toString());
    // DNS rebinding: the attacker's name resolves to 127.0.0.1, the browser sends that name
    assertEquals(400, alice.statusWithHost("POST", "/", "attacker.example:" + port, open));
    assertEquals(400, alice.statusWithHost("POST", "/", null, open), "no Host at all");
    assertEquals(400, alice.statusWithHost("GET", "/oauth/authorize", "attacker.example:" + port, null));
    assertEquals(200, alice.statusWithHost("POST", "/", "localhost:" + port, open));
    assertEquals(200, alice.statusWithHost("POST", "/", "127.0.0.1:" + port, open));
    assertEquals(200, alice.statusWithHost("GET", "/health", "attacker.example:" + port, null),
        "probes reach the ops endpoints by any name");
  }

  @Test
  void whatAWebPageCanSendIsRefused() throws Exception {
    Service.Request open = new Service.CloseConnectionRequest(UUID.randomUUID().toString());
    HostileClient.Reply origin = alice.header("Origin", "http://attacker.example").send(open);
    assertEquals(403, origin.status(), origin.toString());
    for (String type : List.of("text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x")) {
      HostileClient.Reply r = alice.header("Content-Type", type).send(open);
      assertEquals(415, r.status(), type + ": " + r);
    }
    assertEquals(405, alice.statusWithHost("GET", "/", "127.0.0.1:" + gateway.port(), null));
    assertEquals(405, alice.statusWithHost("OPTIONS", "/", "127.0.0.1:" + gateway.port(), null), "no CORS preflight");
    // what Avatica clients and hand-made tools send passes
    assertEquals(200, alice.send(open).status());
    assertEquals(200, alice.header("Content-Type", "application/json").send(open).status());
    assertEquals(200, alice.header("Content-Type", null).send(open).status());
  }

  @Test
  void answersDoNotNameTheServerSoftware() throws Exception {
    HostileClient.Reply r = alice.send(new Service.CloseConnectionRequest(UUID.randomUUID().toString()));
    assertTrue(r.http().headers().firstValue("Server").isEmpty(), r.http().headers().toString());
  }

  static void close(HostileClient who, String connectionId) throws Exception {
    assertEquals(200, who.send(new Service.CloseConnectionRequest(connectionId)).status());
  }

  long openStatements() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("(?m)^stripesql_open_statements ([0-9.E]+)$").matcher(r.body());
    assertTrue(m.find(), r.body());
    assertNotNull(m.group(1));
    return (long) Double.parseDouble(m.group(1));
  }
}
