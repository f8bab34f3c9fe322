package org.stripesql.pgwire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.stripesql.pgwire.protocol.MessageReader;
import org.stripesql.pgwire.protocol.MessageWriter;
import org.stripesql.pgwire.protocol.PgError;
import org.stripesql.pgwire.protocol.ProtocolException;
import org.stripesql.pgwire.session.PgSession;

/**
 * One client socket: the startup (SSLRequest, CancelRequest, the startup message), the login, then the
 * simple and extended query protocols on a {@link PgSession}, until Terminate or the socket closes.
 * After an error in the extended protocol, messages up to the next Sync are skipped, as PostgreSQL does.
 */
final class ClientConnection implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
  private static final int SSL_REQUEST = 80_877_103;
  private static final int GSSENC_REQUEST = 80_877_104;
  private static final int CANCEL_REQUEST = 80_877_102;
  private static final int PROTOCOL_3 = 196_608;
  /** How long a client may take from connecting to logged in (PostgreSQL's authentication_timeout). */
  private static final int LOGIN_TIMEOUT_MILLIS = 60_000;

  private final Socket socket;
  private final PgServer server;
  private Socket channel;
  private MessageReader in;
  private MessageWriter out;
  private PgSession session;
  private CancelRegistry.Key key;
  private boolean opened;

  ClientConnection(Socket socket, PgServer server) {
    this.socket = socket;
    this.server = server;
    this.channel = socket;
  }

  private String address() {
    return socket.getInetAddress().getHostAddress();
  }

  @Override
  public void run() {
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(LOGIN_TIMEOUT_MILLIS);
      in = new MessageReader(new BufferedInputStream(socket.getInputStream(), 8192));
      out = new MessageWriter(new BufferedOutputStream(socket.getOutputStream(), 65_536));
      Map<String, String> startup = startup();
      if (startup != null) {
        serve(startup);
      }
    } catch (SocketTimeoutException e) {
      LOG.debug("PostgreSQL connection from {} idle past its timeout: closed", address());
      fatal(PgError.fatal("57P05", session == null ? "terminating connection: no login within "
          + LOGIN_TIMEOUT_MILLIS / 1000 + " s" : "terminating connection due to idle timeout"));
    } catch (ProtocolException e) {
      fatal(PgError.fatal("08P01", e.getMessage()));
    } catch (IOException e) {
      LOG.debug("PostgreSQL connection from {} ended: {}", address(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("PostgreSQL connection from {} failed", address(), e);
      fatal(PgError.fatal("XX000", "internal error: " + e.getMessage()));
    } finally {
      close();
    }
  }

  private void fatal(PgError e) {
    try {
      out.error(e, false);
      out.flush();
    } catch (IOException | RuntimeException ignored) {
      // the client is gone
    }
  }

  /** The startup message's parameters, after SSLRequest; null for a CancelRequest or an early close. */
  private Map<String, String> startup() throws IOException {
    while (true) {
      ByteBuffer b = in.readStartup();
      if (b == null) {
        return null;
      }
      int code = b.getInt();
      if (code == SSL_REQUEST) {
        if (server.tls() != null && !(channel instanceof SSLSocket)) {
          out.rawByte('S');
          SSLSocket ssl = server.tls().wrap(socket);
          channel = ssl;
          in.switchTo(new BufferedInputStream(ssl.getInputStream(), 8192));
          out.switchTo(new BufferedOutputStream(ssl.getOutputStream(), 65_536));
        } else {
          out.rawByte('N');
        }
      } else if (code == GSSENC_REQUEST) {
        out.rawByte('N');
      } else if (code == CANCEL_REQUEST) {
        server.cancels().cancel(b.getInt(), b.getInt());
        return null;
      } else if (code == PROTOCOL_3) {
        Map<String, String> params = new LinkedHashMap<>();
        while (b.hasRemaining()) {
          String name = cstring(b);
          if (name.isEmpty()) {
            break;
          }
          params.put(name, cstring(b));
        }
        return params;
      } else {
        throw new ProtocolException("unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xFFFF)
            + ": stripe-sql speaks protocol 3.0");
      }
    }
  }

  private static String cstring(ByteBuffer b) {
    int start = b.position();
    while (b.hasRemaining() && b.get() != 0) {
      // scan to the terminator
    }
    int end = b.position() - 1;
    return new String(b.array(), start, Math.max(0, end - start), StandardCharsets.UTF_8);
  }

  private void serve(Map<String, String> startup) throws IOException {
    String user = startup.get("user");
    if (user == null || user.isEmpty()) {
      fatal(PgError.fatal("28000", "no PostgreSQL user name specified in startup packet"));
      return;
    }
    MDC.put("user", user);
    try {
      if (!login(user)) {
        return;
      }
      key = server.cancels().newKey();
      String id = "pg-" + key.pid();
      try {
        server.gate().open(id, server.authenticated() ? user : null);
        opened = true;
      } catch (SessionGate.Refused r) {
        fatal(PgError.fatal(r.sqlState(), r.getMessage()));
        return;
      }
      Connection calcite;
      try {
        calcite = server.connections().open(server.authenticated() ? user : null);
        session = new PgSession(calcite, user, key.pid(), server.counters());
        for (Map.Entry<String, String> p : startup.entrySet()) {
          if (!p.getKey().equals("user") && !p.getKey().equals("database") && !p.getKey().equals("options")
              && !p.getKey().equals("replication")) {
            session.startupParameter(p.getKey(), p.getValue());
          }
        }
        for (Map.Entry<String, String> p : StartupOptions.parse(startup.get("options")).entrySet()) {
          session.startupParameter(p.getKey(), p.getValue());
        }
      } catch (Exception e) {
        fatal(session == null ? PgError.fatal("08006", "cannot open a session: " + e.getMessage())
            : PgError.fatal("22023", e.getMessage()));
        return;
      }
      server.cancels().register(key, session);
      out.authenticationOk();
      for (Map.Entry<String, String> s : session.reportedSettings().entrySet()) {
        out.parameterStatus(s.getKey(), s.getValue());
      }
      out.backendKeyData(key.pid(), key.secret());
      out.readyForQuery(session.status());
      out.flush();
      channel.setSoTimeout((int) Math.min(Integer.MAX_VALUE, server.idleTimeout().toMillis()));
      LOG.debug("PostgreSQL session {} of {} from {} (database {})", key.pid(), user, address(),
          startup.get("database"));
      loop();
    } finally {
      MDC.remove("user");
    }
  }

  /** Authenticates {@code user}; false (after telling the client) when refused. */
  private boolean login(String user) throws IOException {
    if (!server.authenticated()) {
      return true;
    }
    boolean secure = channel instanceof SSLSocket || socket.getInetAddress().isLoopbackAddress();
    try {
      server.gate().beforeLogin(user, address());
      server.login().authenticate(user, secure, in, out);
      server.gate().loginSucceeded(user, address());
      return true;
    } catch (Login.Failed f) {
      server.gate().loginFailed(user, address());
      LOG.info("PostgreSQL login of {} from {} refused: {}", user, address(), f.getMessage());
      fatal(PgError.fatal(f.sqlState(), f.getMessage()));
      return false;
    } catch (SessionGate.Refused r) {
      fatal(PgError.fatal(r.sqlState(), r.getMessage()));
      return false;
    }
  }

  private void loop() throws IOException {
    boolean skipToSync = false;
    MessageReader.Message m;
    while ((m = in.read()) != null) {
      char type = m.type();
      if (type == 'X') {
        return;
      }
      if (skipToSync && type != 'S') {
        continue;
      }
      try {
        skipToSync = handle(m);
      } catch (PgSession.StatementFailure f) {
        error(f.getCause(), f.sql(), f.offset());
        out.readyForQuery(session.status());
        out.flush();
      } catch (ProtocolException e) {
        throw e;
      } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
        error(e, null, 0);
        if (type == 'Q') {
          out.readyForQuery(session.status());
          out.flush();
        } else {
          skipToSync = true;
        }
      }
    }
  }

  private void error(Throwable e, String sql, int offset) throws IOException {
    PgError err = session.error(e, sql, offset);
    if (err.sqlState().startsWith("XX")) {
      LOG.warn("PostgreSQL statement failed: {}", err.message(), e);
    }
    session.failed();
    out.error(err, false);
  }

  /** Handles one message; returns whether to skip to the next Sync. */
  private boolean handle(MessageReader.Message m) throws Exception {
    switch (m.type()) {
      case 'Q':
        session.simpleQuery(m.cstring(), out);
        out.readyForQuery(session.status());
        out.flush();
        return false;
      case 'P': {
        String name = m.cstring();
        String sql = m.cstring();
        int n = m.int16();
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
          types[i] = m.int32();
        }
        session.parse(name, sql, types);
        out.parseComplete();
        return false;
      }
      case 'B': {
        String portal = m.cstring();
        String statement = m.cstring();
        short[] formats = shorts(m);
        int n = m.int16();
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
          values[i] = m.bytes(m.int32());
        }
        short[] resultFormats = shorts(m);
        session.bind(portal, statement, formats, values, resultFormats);
        out.bindComplete();
        return false;
      }
      case 'D': {
        char kind = (char) m.int8();
        String name = m.cstring();
        if (kind == 'S') {
          session.describeStatement(name, out);
        } else {
          session.describePortal(name, out);
        }
        return false;
      }
      case 'E':
        session.execute(m.cstring(), m.int32(), out);
        return false;
      case 'C': {
        char kind = (char) m.int8();
        String name = m.cstring();
        if (kind == 'S') {
          session.closeStatement(name);
        } else {
          session.closePortal(name);
        }
        out.closeComplete();
        return false;
      }
      case 'S':
        session.sync();
        out.readyForQuery(session.status());
        out.flush();
        return false;
      case 'H':
        out.flush();
        return false;
      case 'd':
      case 'c':
      case 'f':
        return false;
      default:
        throw new ProtocolException("invalid frontend message type '" + m.type() + "'");
    }
  }

  private static short[] shorts(MessageReader.Message m) {
    int n = m.int16();
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = m.int16();
    }
    return s;
  }

  private void close() {
    server.cancels().remove(key);
    if (opened) {
      server.gate().close("pg-" + key.pid());
    }
    if (session != null) {
      session.close();
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    server.closed(this);
  }

  /** Closes the socket from outside (server shutdown); the connection's thread ends. */
  void shutdown() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
