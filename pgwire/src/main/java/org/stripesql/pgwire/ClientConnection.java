package org.stripesql.pgwire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.stripesql.pgwire.protocol.MessageReader;
import org.stripesql.pgwire.protocol.MessageWriter;
import org.stripesql.pgwire.protocol.PgError;
import org.stripesql.pgwire.protocol.ProtocolException;
import org.stripesql.pgwire.protocol.StartupPacket;
import org.stripesql.pgwire.session.PgSession;

/**
 * One client socket: the startup (SSLRequest, CancelRequest, the startup message), the login, the
 * session's opening, then the query protocols ({@link QueryProtocol}) on a {@link PgSession} until
 * Terminate or the socket closes. Until logged in it counts among those waiting ({@link PendingLogins})
 * and is closed at its login deadline, counted from the connection, however its client trickles bytes.
 */
final class ClientConnection implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
  private static final RateLimitedLog LOGIN_REFUSALS = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(10));

  private final Socket socket;
  private final PgServer server;
  private final String address;
  private final ScheduledFuture<?> deadline;
  private final AtomicBoolean waiting = new AtomicBoolean(true);
  private volatile boolean timedOut;
  private Socket channel;
  private MessageReader in;
  private MessageWriter out;
  private PgSession session;
  private CancelRegistry.Key key;
  private boolean opened;

  /** A connection from {@code address}, already counted among those waiting to log in. */
  ClientConnection(Socket socket, PgServer server, String address) {
    this.socket = socket;
    this.server = server;
    this.address = address;
    this.channel = socket;
    this.deadline = server.schedule(this::loginDeadline, server.limits().loginTimeout());
  }

  private String address() {
    return address;
  }

  /** Tells a client it may not wait to log in now, and closes its socket (on the accepting thread). */
  static void refuse(Socket socket, String sqlState, String message) {
    try (socket) {
      MessageWriter w = new MessageWriter(new BufferedOutputStream(socket.getOutputStream(), 512));
      w.error(PgError.fatal(sqlState, message), false);
      w.flush();
    } catch (IOException | RuntimeException ignored) {
      // the client is gone
    }
  }

  /** The login deadline passed: a connection still not logged in is closed, its thread ends on the closed socket. */
  private void loginDeadline() {
    if (waiting.get()) {
      timedOut = true;
      shutdown();
    }
  }

  /** Logged in (or over): no longer counted among those waiting, no deadline. */
  private void stopWaiting() {
    if (waiting.compareAndSet(true, false)) {
      deadline.cancel(false);
      server.pending().leave(address);
    }
  }

  @Override
  public void run() {
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, server.limits().loginTimeout().toMillis()));
      in = new MessageReader(new BufferedInputStream(socket.getInputStream(), 8192));
      out = new MessageWriter(new BufferedOutputStream(socket.getOutputStream(), 65_536));
      Map<String, String> startup = startup();
      if (startup != null) {
        serve(startup);
      }
    } catch (SocketTimeoutException e) {
      LOG.debug("PostgreSQL connection from {} idle past its timeout: closed", address());
      fatal(PgError.fatal("57P05", session == null ? "terminating connection: no login within "
          + server.limits().loginTimeout().toSeconds() + " s" : "terminating connection due to idle timeout"));
    } catch (ProtocolException e) {
      fatal(PgError.fatal(e.sqlState(), e.getMessage()));
    } catch (IOException e) {
      if (timedOut) {
        LOG.debug("PostgreSQL connection from {} not logged in within {}: closed", address(),
            server.limits().loginTimeout());
      } else {
        LOG.debug("PostgreSQL connection from {} ended: {}", address(), e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.warn("PostgreSQL connection from {} failed", address(), e);
      fatal(PgError.fatal("XX000", "internal error"));
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
      StartupPacket p = StartupPacket.decode(b);
      if (p instanceof StartupPacket.SslRequest) {
        if (server.tls() != null && !(channel instanceof SSLSocket)) {
          out.rawByte('S');
          SSLSocket ssl = server.tls().wrap(socket);
          channel = ssl;
          in.switchTo(new BufferedInputStream(ssl.getInputStream(), 8192));
          out.switchTo(new BufferedOutputStream(ssl.getOutputStream(), 65_536));
        } else {
          out.rawByte('N');
        }
      } else if (p instanceof StartupPacket.GssEncRequest) {
        out.rawByte('N');
      } else if (p instanceof StartupPacket.CancelRequest c) {
        server.cancels().cancel(c.pid(), c.secret());
        return null;
      } else {
        return ((StartupPacket.Startup) p).parameters();
      }
    }
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
      stopWaiting();
      if (timedOut) {
        return;
      }
      in.limit(server.limits().maxMessageBytes(), "--max-request-bytes");
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
        session = new PgSession(calcite, user, key.pid(), server.counters(),
            server.limits().maxStatementsPerSession());
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
      new QueryProtocol(in, out, session).run();
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
      LOGIN_REFUSALS.info("PostgreSQL login of {} from {} refused: {}", user, address(), f.getMessage());
      fatal(PgError.fatal(f.sqlState(), f.getMessage()));
      return false;
    } catch (SessionGate.Refused r) {
      fatal(PgError.fatal(r.sqlState(), r.getMessage()));
      return false;
    }
  }

  private void close() {
    stopWaiting();
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
