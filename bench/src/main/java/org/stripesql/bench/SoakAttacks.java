package org.stripesql.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.avatica.remote.Service;
import org.stripesql.server.security.PasswordHash;

/**
 * The attacks of issue 24, each one round at a time against a running gateway, as a hostile client sends
 * them; a round says whether the gateway answered as it should (refused, capped, stopped). The soak runs
 * each in a loop on its own thread, from loopback addresses other than the honest clients' (127.0.0.1).
 */
final class SoakAttacks {
  /** One attack: a name and a round, true when the gateway held. */
  record Attack(String name, Round round) {}

  /** One round of an attack. */
  interface Round {
    boolean run() throws Exception;
  }

  /** Rounds and unexpected answers per attack. */
  static final class Tally {
    final AtomicLong rounds = new AtomicLong();
    final AtomicLong unexpected = new AtomicLong();
    final List<String> samples = new ArrayList<>();
  }

  private final int http;
  private final int pg;
  private final String mallory;
  private final String malloryPassword;
  final Map<String, Tally> tallies = new ConcurrentHashMap<>();
  private final AtomicLong invented = new AtomicLong();

  SoakAttacks(int httpPort, int pgPort, String mallory, String malloryPassword) {
    this.http = httpPort;
    this.pg = pgPort;
    this.mallory = mallory;
    this.malloryPassword = malloryPassword;
  }

  private String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  List<Attack> all() {
    return List.of(
        new Attack("HTTP body of 700 MB (Content-Length), not logged in", this::hugeBody),
        new Attack("HTTP malformed RPCs and Basic credentials", this::malformedHttp),
        new Attack("HTTP two Host headers, foreign host in the request line", this::hosts),
        new Attack("HTTP 1/0, bad date, another user's statements", this::badSqlAndStrangers),
        new Attack("HTTP failed logins for invented names", this::inventedNames),
        new Attack("PostgreSQL startup trickled a byte every 2 s", this::trickle),
        new Attack("PostgreSQL idle connections never logging in", this::idleFlood),
        new Attack("PostgreSQL length fields claiming 2 GB / 64 MB", this::lengthClaims),
        new Attack("PostgreSQL SCRAM answered with a password", this::scramPassword),
        new Attack("PostgreSQL malformed CancelRequest", this::badCancel),
        new Attack("PostgreSQL count(*) over generate_series(1, 1e9)", this::billionRows),
        new Attack("PostgreSQL sort over the memory budget (53200, or QueryTimeout first), cursor flood",
            this::memoryAndCursors));
  }

  /** Runs {@code a} in a loop until {@code end} (System.nanoTime), tallying its rounds. */
  void loop(Attack a, long end) {
    Tally t = tallies.computeIfAbsent(a.name(), k -> new Tally());
    while (System.nanoTime() < end) {
      boolean held;
      String why = null;
      try {
        held = a.round().run();
      } catch (Exception e) {
        held = false;
        why = e.toString();
      }
      t.rounds.incrementAndGet();
      if (!held) {
        t.unexpected.incrementAndGet();
        synchronized (t.samples) {
          if (t.samples.size() < 3) {
            t.samples.add(why == null ? "answered otherwise" : why);
          }
        }
      }
    }
  }

  private boolean hugeBody() throws IOException {
    byte[] start = new byte[64 * 1024];
    int status = RawWire.http(http, "127.0.0.2", "POST / HTTP/1.1\nHost: 127.0.0.1:" + http
        + "\nContent-Type: application/octet-stream\nContent-Length: 734003200\nConnection: close\n", start);
    return status == 413;
  }

  private boolean malformedHttp() throws IOException {
    RawWire.Rpc junk = RawWire.rpc(http, "127.0.0.2", basic(mallory, malloryPassword),
        "\u0007garbage, not protobuf".getBytes(StandardCharsets.UTF_8));
    RawWire.Rpc badAuth = RawWire.rpc(http, "127.0.0.2", "Basic !!!", new Service.CloseConnectionRequest("x"));
    return junk.status() == 400 && "08P01".equals(junk.sqlState()) && badAuth.status() == 401;
  }

  private boolean hosts() throws IOException {
    String rest = "\nContent-Type: application/octet-stream\nContent-Length: 0\nConnection: close\n";
    int two = RawWire.http(http, "127.0.0.2", "POST / HTTP/1.1\nHost: 127.0.0.1:" + http + "\nHost: evil.example"
        + rest, new byte[0]);
    int absolute = RawWire.http(http, "127.0.0.2", "POST http://evil.example/ HTTP/1.1\nHost: 127.0.0.1:" + http
        + rest, new byte[0]);
    return two == 400 && absolute == 400;
  }

  private boolean badSqlAndStrangers() throws IOException {
    String auth = basic(mallory, malloryPassword);
    String c = UUID.randomUUID().toString();
    if (RawWire.rpc(http, "127.0.0.2", auth, new Service.OpenConnectionRequest(c, Map.of())).status() != 200) {
      return false;
    }
    try {
      Service.Response created = RawWire.rpc(http, "127.0.0.2", auth, new Service.CreateStatementRequest(c)).response();
      int s = ((Service.CreateStatementResponse) created).statementId;
      RawWire.Rpc zero = RawWire.rpc(http, "127.0.0.2", auth, new Service.PrepareAndExecuteRequest(c, s, "select 1/0",
          -1, 10));
      RawWire.Rpc date = RawWire.rpc(http, "127.0.0.2", auth, new Service.PrepareAndExecuteRequest(c, s,
          "select date '2026-02-30'", -1, 10));
      boolean strangersUnknown = true;
      for (int other = Math.max(1, s - 20); other < s; other++) {   // statement ids of other users, most likely
        Service.Response r = RawWire.rpc(http, "127.0.0.2", auth, new Service.FetchRequest(c, other, 0, 100))
            .response();
        strangersUnknown &= r instanceof Service.FetchResponse f && f.missingStatement;
      }
      return "22012".equals(zero.sqlState()) && "22007".equals(date.sqlState()) && strangersUnknown;
    } finally {
      RawWire.rpc(http, "127.0.0.2", auth, new Service.CloseConnectionRequest(c));
    }
  }

  private boolean inventedNames() throws IOException {
    long n = invented.incrementAndGet();
    String from = "127.0.1." + (1 + n % 50);
    RawWire.Rpc r = RawWire.rpc(http, from, basic("invented-" + n, "guess-" + n),
        new Service.CloseConnectionRequest("x"));
    return r.status() == 401 || r.status() == 429;
  }

  private boolean trickle() throws Exception {
    try (Socket s = RawWire.connect(pg, "127.0.0.3")) {
      byte[] packet = RawWire.startup(Map.of("user", "nobody", "database", "stripe", "application_name",
          "x".repeat(200)));
      for (byte b : packet) {
        try {
          s.getOutputStream().write(b);
          s.getOutputStream().flush();
        } catch (IOException e) {
          return true;   // closed by the server before the startup was through
        }
        Thread.sleep(2000);   // the attacker's pace
      }
      return false;
    }
  }

  private boolean idleFlood() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        Socket s = RawWire.connect(pg, "127.0.0.4");
        held.add(s);
      }
      // the cap per address refuses some at once; the others are closed at their login deadline
      boolean refused = false;
      for (Socket s : held) {
        RawWire.PgMessage last = RawWire.lastBeforeClose(s);
        refused |= last != null && "53300".equals(last.sqlState());
      }
      return refused;
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private boolean lengthClaims() throws IOException {
    boolean held;
    try (Socket s = RawWire.connect(pg, "127.0.0.5")) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(b);
      d.writeInt(2_000_000_000);
      d.writeInt(196_608);
      s.getOutputStream().write(b.toByteArray());
      RawWire.PgMessage e = RawWire.lastBeforeClose(s);
      held = e != null && "08P01".equals(e.sqlState());
    }
    try (Socket s = RawWire.connect(pg, "127.0.0.5")) {
      s.getOutputStream().write(RawWire.startup(Map.of("user", "eve", "database", "stripe")));
      RawWire.PgMessage first = RawWire.read(s.getInputStream());   // AuthenticationSASL, or a lockout
      if (first != null && first.type() == 'E') {
        return held && "28000".equals(first.sqlState());
      }
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(b);
      d.writeByte('p');
      d.writeInt(64 * 1024 * 1024);
      s.getOutputStream().write(b.toByteArray());
      RawWire.PgMessage e = RawWire.lastBeforeClose(s);
      held &= e != null && "54000".equals(e.sqlState());
    }
    return held;
  }

  private boolean scramPassword() throws IOException {
    try (Socket s = RawWire.connect(pg, "127.0.0.6")) {
      s.getOutputStream().write(RawWire.startup(Map.of("user", "eve", "database", "stripe")));
      RawWire.PgMessage first = RawWire.read(s.getInputStream());   // AuthenticationSASL, or a lockout
      if (first != null && first.type() == 'E') {
        return "28000".equals(first.sqlState());
      }
      s.getOutputStream().write(RawWire.message('p', (malloryPassword + "\0").getBytes(StandardCharsets.UTF_8)));
      RawWire.PgMessage e = RawWire.lastBeforeClose(s);
      return e != null && "28000".equals(e.sqlState());
    }
  }

  private boolean badCancel() throws IOException {
    try (Socket s = RawWire.connect(pg, "127.0.0.5")) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(b);
      d.writeInt(12);
      d.writeInt(80_877_102);
      d.writeInt(42);
      s.getOutputStream().write(b.toByteArray());
      RawWire.PgMessage e = RawWire.lastBeforeClose(s);
      return e != null && "08P01".equals(e.sqlState());
    }
  }

  private Connection malloryPg() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", mallory);
    p.setProperty("password", malloryPassword);
    p.setProperty("scramMaxIterations", Integer.toString(PasswordHash.ITERATIONS));
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg + "/stripe", p);
  }

  private boolean billionRows() throws SQLException {
    try (Connection c = malloryPg(); Statement s = c.createStatement()) {
      s.executeQuery("select count(*) from generate_series(1, 1000000000)");
      return false;
    } catch (SQLException e) {
      return e.getMessage() != null && e.getMessage().contains("QueryTimeout");
    }
  }

  private boolean memoryAndCursors() throws SQLException {
    try (Connection c = malloryPg(); Statement s = c.createStatement()) {
      try {
        // rows of 2 KB each: the budget (a quarter of the heap) is reached long before QueryTimeout
        s.executeQuery("select n, repeat('x', 2000) as pad from generate_series(1, 50000000) as g(n)"
            + " order by n desc");
        throw new IllegalStateException("a sort of 50 million rows ran through");
      } catch (SQLException e) {
        boolean stopped = "53200".equals(e.getSQLState()) || e.getMessage() != null
            && e.getMessage().contains("QueryTimeout");   // a busy machine may reach the deadline first
        if (!stopped) {
          throw new IllegalStateException("the sort failed with " + e.getSQLState() + ": " + e.getMessage());
        }
      }
      c.setAutoCommit(false);
      boolean capped = false;
      for (int i = 0; i < 1000 && !capped; i++) {
        try {
          s.execute("declare k" + i + " cursor for select 1");
        } catch (SQLException e) {
          capped = "53400".equals(e.getSQLState());
        }
      }
      c.rollback();
      if (!capped) {
        throw new IllegalStateException("1000 cursors were declared");
      }
      return true;
    }
  }
}
