package org.stripesql.pgwire;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.pgwire.session.EndpointCounters;
import org.stripesql.server.GatewaySecurity;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StartupCheck;
import org.stripesql.server.StartupException;
import org.stripesql.server.security.UserStore;

/**
 * The PostgreSQL v3 wire-protocol endpoint: a listening socket and one thread per client (a client's
 * statements run one at a time, each on its own Calcite connection), with the gateway's binding rules,
 * users, per-user models and TLS. docs/design.md says why plain sockets and not an event loop.
 */
public final class PgServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgServer.class);
  /** The longest pause of the accept loop after a failure (out of file handles, say). */
  private static final long MAX_BACKOFF_MILLIS = 1000;

  private final String host;
  private final int port;
  private final GatewaySecurity security;
  private final PgAuth auth;
  private final Duration idleTimeout;
  private final SessionGate gate;
  private final SessionConnections connections;
  private final CancelRegistry cancels = new CancelRegistry();
  private final EndpointCounters counters = new EndpointCounters();
  private final Set<ClientConnection> clients = ConcurrentHashMap.newKeySet();
  private final Limits limits;
  private final PendingLogins pending;
  private final RateLimitedLog acceptFailures = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(10));
  private final RateLimitedLog refusals = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(10));
  private ServerSocket listener;
  private ExecutorService threads;
  private ScheduledExecutorService deadlines;
  private TlsContext tls;
  private Login login;

  private PgServer(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.security = b.security;
    this.auth = b.auth;
    this.idleTimeout = b.idleTimeout;
    this.gate = b.gate != null ? b.gate : new ConnectionCap(b.maxConnections);
    this.connections = new SessionConnections(Objects.requireNonNull(b.model, "model"), security.userModels());
    this.limits = b.limits;
    this.pending = new PendingLogins(b.limits.maxUnauthenticated(), b.limits.maxUnauthenticatedPerAddress());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Checks the settings and starts listening. */
  public synchronized PgServer start() throws StartupException {
    if (listener != null) {
      throw new IllegalStateException("already started");
    }
    tls = check(host, security, auth);
    if (security.users() != null) {
      try {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        login = new Login(new UserStore(security.users()), auth, secret);
      } catch (IOException e) {
        throw new StartupException("Cannot read the users file " + security.users() + ": " + e.getMessage(), e);
      }
    }
    ServerSocket s;
    try {
      s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
    } catch (IOException e) {
      throw new StartupException("Cannot listen on " + host + ":" + port + " for PostgreSQL clients: " + e.getMessage()
          + ". Fix: choose another --pg-port or stop the process using it.", e);
    }
    listener = s;
    AtomicInteger n = new AtomicInteger();
    threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "stripesql-pg-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stripesql-pg-login-deadlines");
      t.setDaemon(true);
      return t;
    });
    Thread accept = new Thread(this::accept, "stripesql-pg-accept");
    accept.setDaemon(true);
    accept.start();
    LOG.info("PostgreSQL endpoint listening on {}:{} ({}{})", host, s.getLocalPort(),
        security.users() != null ? auth.configName() : "no authentication", tls != null ? ", TLS" : "");
    return this;
  }

  /**
   * The binding rules of the gateway, logins off loopback only over TLS (a proxy that terminates TLS for the
   * HTTP port is not in front of this one), SCRAM only with a users file others may not read, clear-text
   * passwords only with TLS or on loopback, a usable keystore.
   */
  private static TlsContext check(String host, GatewaySecurity security, PgAuth auth) throws StartupException {
    if (security.users() != null && !security.tls() && !GatewaySecurity.isLoopback(host)) {
      throw new StartupException("Refusing PostgreSQL logins on " + host + " without TLS: the session, and with"
          + " --pg-auth password the password, would cross the network in clear text. Fix: --tls-keystore FILE"
          + " (clients connect with sslmode=require), or bind 127.0.0.1.");
    }
    security.checkBinding(host);
    if (security.users() != null && auth == PgAuth.SCRAM_SHA_256 && Files.exists(security.users())
        && StartupCheck.readableByOthers(security.users())) {
      throw new StartupException("Refusing SCRAM logins with the users file " + security.users() + ", which others may"
          + " read: its hashes are SCRAM's salted passwords, enough to log in on this port without the password."
          + " Fix: chmod o-r " + security.users() + ".");
    }
    if (auth == PgAuth.PASSWORD && !security.tls() && !GatewaySecurity.isLoopback(host)) {
      throw new StartupException("Refusing --pg-auth password on " + host + " without TLS: passwords would cross"
          + " the network in clear text. Fix: add --tls-keystore, use --pg-auth scram-sha-256, or bind 127.0.0.1.");
    }
    return TlsContext.of(security);
  }

  /**
   * Accepts clients until the listener closes. A connection over the caps on those waiting to log in is
   * told so and closed at once; a failure (no file handle left, no thread) pauses the loop, longer each
   * time up to a second, and is logged at most every ten seconds.
   */
  private void accept() {
    ServerSocket s = listener;
    long backoff = 0;
    while (!s.isClosed()) {
      Socket socket = null;
      try {
        socket = s.accept();
        String address = socket.getInetAddress().getHostAddress();
        String full = pending.enter(address);
        if (full != null) {
          refusals.info("PostgreSQL connection from {} refused: {}", address, full);
          ClientConnection.refuse(socket, "53300", "sorry, too many clients already: " + full);
          continue;
        }
        ClientConnection c = new ClientConnection(socket, this, address);
        clients.add(c);
        try {
          threads.execute(c);
        } catch (RuntimeException | Error e) {
          clients.remove(c);
          pending.leave(address);
          throw e;
        }
        backoff = 0;
      } catch (IOException | RuntimeException | OutOfMemoryError e) {
        if (s.isClosed()) {
          return;
        }
        closeQuietly(socket);
        backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(10, backoff * 2));
        acceptFailures.warn("PostgreSQL endpoint: accepting a connection failed ({}); pausing {} ms", e.toString(),
            backoff);
        try {
          Thread.sleep(backoff);   // a pause, not a wait for an event: the failure has no event to wait for
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** The port served (the real one when 0 was asked). */
  public synchronized int port() {
    if (listener == null) {
      throw new IllegalStateException("not started");
    }
    return listener.getLocalPort();
  }

  public String host() {
    return host;
  }

  /** What the endpoint has done so far (sessions, executions, rows, suspended portals, cancels). */
  public EndpointCounters counters() {
    return counters;
  }

  Duration idleTimeout() {
    return idleTimeout;
  }

  Limits limits() {
    return limits;
  }

  PendingLogins pending() {
    return pending;
  }

  /** Runs {@code action} after {@code delay} on the endpoint's timer (a login's deadline). */
  ScheduledFuture<?> schedule(Runnable action, Duration delay) {
    return deadlines.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Connections waiting to log in now. */
  public int waitingToLogIn() {
    return pending.waiting();
  }

  TlsContext tls() {
    return tls;
  }

  CancelRegistry cancels() {
    return cancels;
  }

  SessionGate gate() {
    return gate;
  }

  SessionConnections connections() {
    return connections;
  }

  /** Whether clients log in (a users file is configured). */
  boolean authenticated() {
    return login != null;
  }

  Login login() {
    return login;
  }

  void closed(ClientConnection c) {
    clients.remove(c);
  }

  /** Stops listening and closes every client connection; idempotent. */
  @Override
  public synchronized void close() {
    if (listener == null) {
      return;
    }
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the PostgreSQL listener: {}", e.getMessage());
    }
    clients.forEach(ClientConnection::shutdown);
    threads.shutdown();
    deadlines.shutdownNow();
    listener = null;
    LOG.info("PostgreSQL endpoint stopped");
  }

  /** Configuration of the endpoint. */
  public static final class Builder {
    private ModelSource model;
    private String host = "127.0.0.1";
    private int port = 5432;
    private GatewaySecurity security = GatewaySecurity.builder().build();
    private PgAuth auth = PgAuth.SCRAM_SHA_256;
    private Duration idleTimeout = Duration.ofHours(8);
    private int maxConnections = 1000;
    private SessionGate gate;
    private Limits limits = Limits.DEFAULTS;

    public Builder model(ModelSource model) {
      this.model = model;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The users file, per-user models, TLS and binding rules of the gateway. */
    public Builder security(GatewaySecurity security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    public Builder auth(PgAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** How long a connection may wait for its client's next message (default 8 h, as the HTTP side). */
    public Builder idleTimeout(Duration idle) {
      this.idleTimeout = idle;
      return this;
    }

    /** Most sessions at once (default 1000), unless a {@link #gate} decides. */
    public Builder maxConnections(int max) {
      this.maxConnections = max;
      return this;
    }

    /** The caps of connections before and after login ({@link Limits#DEFAULTS} unless set). */
    public Builder limits(Limits l) {
      this.limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    /** The shared connection caps and login throttle (default: {@link #maxConnections} only). */
    public Builder gate(SessionGate gate) {
      this.gate = gate;
      return this;
    }

    public PgServer build() {
      return new PgServer(this);
    }

    /** Checks the settings as {@link PgServer#start()} would, without listening. */
    public void check() throws StartupException {
      PgServer.check(host, security, auth);
    }
  }
}
