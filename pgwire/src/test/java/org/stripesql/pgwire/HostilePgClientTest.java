package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.GatewaySecurity;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StartupException;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * What a hostile client sends the PostgreSQL port, byte by byte on raw sockets: a startup trickled one
 * byte at a time, more connections than may wait to log in, length fields that claim gigabytes, a SCRAM
 * exchange answered with a password, a malformed CancelRequest and Bind, more portals than a session may
 * hold. Each is answered as PostgreSQL answers it, and the endpoint goes on serving honest clients.
 */
class HostilePgClientTest {
  static final String PASSWORD = "hunter2-is-the-password";

  @TempDir
  Path tmp;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (IOException ignored) {
        // already closed by the server
      }
    }
  }

  PgServer server(boolean logins, Limits limits) throws Exception {
    StripeEmulator emulator = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1)
        .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start();
    open.add(emulator);
    GatewaySecurity.Builder security = GatewaySecurity.builder();
    if (logins) {
      Path users = tmp.resolve("users");
      UsersFile.put(users, "alice", PasswordHash.hash(PASSWORD.toCharArray()));
      security.users(users);
    }
    PgServer server = PgServer.builder().model(PgFixture.model(emulator)).security(security.build())
        .auth(PgAuth.PASSWORD).host("127.0.0.1").port(0).limits(limits).build().start();
    open.add(server);
    return server;
  }

  Socket connect(PgServer server, String from) throws IOException {
    Socket s = new Socket("127.0.0.1", server.port(), InetAddress.getByName(from), 0);
    s.setSoTimeout(60_000);
    open.add(s);
    return s;
  }

  static byte[] startupPacket(String user) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(body);
    d.writeInt(196_608);
    for (String s : List.of("user", user, "database", "stripe", "application_name", "a-slow-client-indeed")) {
      d.write(s.getBytes(StandardCharsets.UTF_8));
      d.writeByte(0);
    }
    d.writeByte(0);
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    DataOutputStream p = new DataOutputStream(packet);
    p.writeInt(body.size() + 4);
    p.write(body.toByteArray());
    return packet.toByteArray();
  }

  /** The next backend message: type and body; null when the server closed the connection. */
  static RawPgClient.Msg read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int type = d.read();
    if (type < 0) {
      return null;
    }
    byte[] body = new byte[d.readInt() - 4];
    d.readFully(body);
    return new RawPgClient.Msg((char) type, body);
  }

  /** Reads until the server closes the connection; the last message it sent (an ErrorResponse, or null). */
  static RawPgClient.Msg untilClosed(Socket s) throws IOException {
    RawPgClient.Msg last = null;
    try {
      for (RawPgClient.Msg m = read(s.getInputStream()); m != null; m = read(s.getInputStream())) {
        last = m;
      }
    } catch (IOException e) {
      // reset by the server: closed
    }
    return last;
  }

  static void awaitWaiting(PgServer server, int n) {
    while (server.waitingToLogIn() != n) {
      Thread.onSpinWait();
    }
  }

  static RawPgClient honest(PgServer server) throws IOException {
    return new RawPgClient("127.0.0.1", server.port(), Map.of("user", "alice", "database", "stripe"));
  }

  /** An honest client logging in with its password (pgJDBC): the endpoint still serves it. */
  static void assertServesHonestClients(PgServer server) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", PASSWORD);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/stripe", p);
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from customers")) {
      assertTrue(rs.next());
    }
  }

  /**
   * A startup sent one byte every 300 ms: each byte came well within the login timeout, which used to
   * start over with every byte; the connection is closed at its deadline, counted from its start.
   */
  @Test
  void theLoginTimeoutCountsFromTheConnectionNotFromEachByte() throws Exception {
    PgServer server = server(true, new Limits(Duration.ofSeconds(2), 128, 16, 1 << 20, 200));
    Socket s = connect(server, "127.0.0.1");
    byte[] packet = startupPacket("alice");
    boolean closedEarly = false;
    for (byte b : packet) {
      try {
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
      } catch (IOException e) {
        closedEarly = true;
        break;
      }
      if (server.waitingToLogIn() == 0) {
        closedEarly = true;   // the server gave up on it: the event this test waits for
        break;
      }
      Thread.sleep(300);   // the attacker's pace, not a wait for the server
    }
    assertTrue(closedEarly, "the whole startup went through: the deadline did not hold");
    untilClosed(s);
    awaitWaiting(server, 0);
    assertServesHonestClients(server);
  }

  /** Idle connections that never log in: capped per address and in all, the next refused at once (53300). */
  @Test
  void connectionsWaitingToLogInAreCappedInAllAndPerAddress() throws Exception {
    PgServer server = server(true, new Limits(Duration.ofSeconds(60), 5, 3, 1 << 20, 200));
    for (int i = 0; i < 3; i++) {
      connect(server, "127.0.0.2");
    }
    awaitWaiting(server, 3);
    RawPgClient.Msg refused = untilClosed(connect(server, "127.0.0.2"));
    assertEquals('E', refused.type());
    assertEquals("53300", refused.sqlState());
    assertTrue(refused.field('M').contains("--pg-max-unauthenticated-per-address"), refused.field('M'));
    Socket other = connect(server, "127.0.0.3");
    connect(server, "127.0.0.3");
    awaitWaiting(server, 5);
    RawPgClient.Msg full = untilClosed(connect(server, "127.0.0.4"));
    assertEquals("53300", full.sqlState());
    assertTrue(full.field('M').contains("--pg-max-unauthenticated"), full.field('M'));
    other.close();
    awaitWaiting(server, 4);
    assertServesHonestClients(server);
  }

  /** A flood of refused connections writes a line now and then, not one per connection. */
  @Test
  void refusalsFloodingTheLogAreRateLimited() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(PgServer.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      PgServer server = server(true, new Limits(Duration.ofSeconds(60), 1, 1, 1 << 20, 200));
      connect(server, "127.0.0.5");
      awaitWaiting(server, 1);
      for (int i = 0; i < 200; i++) {
        try (Socket s = new Socket("127.0.0.1", server.port(), InetAddress.getByName("127.0.0.6"), 0)) {
          s.setSoTimeout(60_000);
          assertEquals("53300", untilClosed(s).sqlState());
        }
      }
    } finally {
      logger.detachAppender(log);
    }
    long lines = log.list.stream().filter(e -> e.getFormattedMessage().contains("refused")).count();
    assertTrue(lines >= 1 && lines <= 3, lines + " lines for 200 refusals");
  }

  /** Length fields that claim more than the phase allows end the connection before anything is allocated. */
  @Test
  void lengthFieldsOverEachPhasesCapAreRefused() throws Exception {
    PgServer server = server(true, new Limits(Duration.ofSeconds(60), 128, 16, 64 * 1024, 200));
    Socket startup = connect(server, "127.0.0.1");
    DataOutputStream d = new DataOutputStream(startup.getOutputStream());
    d.writeInt(2_000_000_000);
    d.writeInt(196_608);
    d.flush();
    RawPgClient.Msg e = untilClosed(startup);
    assertEquals("08P01", e.sqlState(), e.field('M'));

    Socket auth = connect(server, "127.0.0.1");
    auth.getOutputStream().write(startupPacket("alice"));
    assertEquals('R', read(auth.getInputStream()).type());
    DataOutputStream a = new DataOutputStream(auth.getOutputStream());
    a.writeByte('p');
    a.writeInt(64 * 1024 * 1024);
    a.flush();
    RawPgClient.Msg authError = untilClosed(auth);
    assertEquals("54000", authError.sqlState(), authError.field('M'));

    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", PASSWORD);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/stripe", p);
        Statement st = c.createStatement()) {
      SQLException tooLong = assertThrows(SQLException.class,
          () -> st.execute("select '" + "x".repeat(70 * 1024) + "'"));
      assertEquals("54000", tooLong.getSQLState(), tooLong.getMessage());
      assertTrue(tooLong.getMessage().contains("--max-request-bytes"), tooLong.getMessage());
      try (ResultSet rs = st.executeQuery("select 42")) {
        assertTrue(rs.next(), "the session goes on after the message it dropped");
      }
    }
    assertServesHonestClients(server);
  }

  /** A SCRAM exchange answered with the password in clear: refused, and the password is in no log line. */
  @Test
  void aPasswordSentInPlaceOfAScramMechanismNeverReachesALog() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    RawPgClient.Msg refused;
    try {
      StripeEmulator emulator = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1)
          .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start();
      open.add(emulator);
      Path users = tmp.resolve("scram-users");
      UsersFile.put(users, "alice", PasswordHash.hash(PASSWORD.toCharArray()));
      PgServer server = PgServer.builder().model(PgFixture.model(emulator))
          .security(GatewaySecurity.builder().users(users).build()).auth(PgAuth.SCRAM_SHA_256).host("127.0.0.1")
          .port(0).build().start();
      open.add(server);
      Socket s = connect(server, "127.0.0.1");
      s.getOutputStream().write(startupPacket("alice"));
      RawPgClient.Msg sasl = read(s.getInputStream());
      assertEquals('R', sasl.type());
      DataOutputStream d = new DataOutputStream(s.getOutputStream());
      byte[] password = (PASSWORD + "\0").getBytes(StandardCharsets.UTF_8);
      d.writeByte('p');
      d.writeInt(password.length + 4);
      d.write(password);
      d.flush();
      refused = untilClosed(s);
    } finally {
      root.detachAppender(log);
    }
    assertEquals("28000", refused.sqlState());
    assertFalse(refused.text().contains(PASSWORD), refused.field('M'));
    for (ILoggingEvent e : log.list) {
      assertFalse(e.getFormattedMessage().contains(PASSWORD), e.getFormattedMessage());
      assertFalse(String.valueOf(e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())
          .contains(PASSWORD));
    }
  }

  /** A CancelRequest of the wrong length and a Bind shorter than its counts: 08P01, as PostgreSQL, not XX000. */
  @Test
  void malformedCancelRequestAndBindAreProtocolViolations() throws Exception {
    PgServer server = server(false, Limits.DEFAULTS);
    Socket cancel = connect(server, "127.0.0.1");
    DataOutputStream d = new DataOutputStream(cancel.getOutputStream());
    d.writeInt(12);
    d.writeInt(80_877_102);
    d.writeInt(1234);
    d.flush();
    assertEquals("08P01", untilClosed(cancel).sqlState());

    try (RawPgClient c = honest(server)) {
      c.parse("", "select 1", List.of());
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream bind = new DataOutputStream(b);
      bind.write(new byte[] {0, 0});   // portal "", statement ""
      bind.writeShort(0);
      bind.writeShort(5);              // five values follow: none do
      c.send('B', b.toByteArray());
      c.sync();
      List<RawPgClient.Msg> answer = c.untilReady();
      RawPgClient.Msg error = answer.stream().filter(m -> m.type() == 'E').findFirst().orElseThrow();
      assertEquals("08P01", error.sqlState(), error.field('M'));
      c.query("select 1");
      assertEquals('T', c.untilReady().get(0).type(), "the session goes on");
    }
  }

  /** A session holds at most max-statements-per-connection named statements, portals and cursors. */
  @Test
  void portalsCursorsAndStatementsPerSessionAreCapped() throws Exception {
    PgServer server = server(false, new Limits(Duration.ofSeconds(60), 128, 16, 1 << 20, 4));
    try (RawPgClient c = honest(server)) {
      c.query("begin");
      c.untilReady();
      for (int i = 0; i < 2; i++) {
        c.query("declare k" + i + " cursor for select 1");
        assertEquals('C', c.untilReady().get(0).type());
      }
      for (int i = 0; i < 2; i++) {
        c.parse("s" + i, "select 1", List.of());
      }
      c.parse("s2", "select 1", List.of());
      c.sync();
      RawPgClient.Msg refused = c.untilReady().stream().filter(m -> m.type() == 'E').findFirst().orElseThrow();
      assertEquals("53400", refused.sqlState(), refused.field('M'));
      assertTrue(refused.field('M').contains("--max-statements-per-connection"), refused.field('M'));
      c.query("rollback");
      c.untilReady();
      c.query("begin");
      c.untilReady();
      for (String k : List.of("k9", "k10")) {
        c.query("declare " + k + " cursor for select 1");
        assertEquals('C', c.untilReady().get(0).type(), "the cursors closed with the transaction made room");
      }
      c.query("declare k11 cursor for select 1");
      RawPgClient.Msg again = c.untilReady().get(0);
      assertEquals("53400", again.sqlState(), "two statements and two cursors: " + again.field('M'));
      c.query("rollback");
      c.untilReady();
    }
  }

  /** The users file's hashes log in over SCRAM: a file others may read is refused for SCRAM logins. */
  @Test
  void scramIsRefusedWithAUsersFileOthersMayRead() throws Exception {
    Path users = tmp.resolve("readable-users");
    UsersFile.put(users, "alice", PasswordHash.hash(PASSWORD.toCharArray()));
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
    PgServer.Builder b = PgServer.builder().model(ModelSource.inline("{}"))
        .security(GatewaySecurity.builder().users(users).build()).auth(PgAuth.SCRAM_SHA_256).host("127.0.0.1").port(0);
    StartupException e = assertThrows(StartupException.class, b::check);
    assertTrue(e.getMessage().contains("others may read") && e.getMessage().contains("chmod o-r"), e.getMessage());
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
    b.check();
  }
}
