package org.stripesql.server;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.apache.calcite.avatica.jdbc.JdbcMeta.ConnectionCacheSettings;
import org.apache.calcite.avatica.jdbc.JdbcMeta.StatementCacheSettings;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.server.http.AccessLogCustomizer;
import org.stripesql.server.http.BindAddressCustomizer;
import org.stripesql.server.http.BrowserGuardCustomizer;
import org.stripesql.server.http.ErrorsCustomizer;
import org.stripesql.server.http.LoginCustomizer;
import org.stripesql.server.http.OAuthPagesCustomizer;
import org.stripesql.server.http.OpsEndpointsCustomizer;
import org.stripesql.server.http.RequestLimitsCustomizer;
import org.stripesql.server.limits.SessionLimits;
import org.stripesql.server.meta.GatewayMeta;
import org.stripesql.server.meta.StripeSqlLocalService;
import org.stripesql.server.metrics.GatewayMetrics;
import org.stripesql.server.metrics.MetricsEndpoint;
import org.stripesql.server.security.LoginThrottle;
import org.stripesql.server.security.PasswordLoginService;

/**
 * The SQL gateway: an Avatica {@link HttpServer} over a {@link StripeSqlLocalService} and a
 * {@link GatewayMeta} on Calcite with the model, bound to one host and port, with the login, the OAuth
 * pages ({@link OAuthHandler}), the access log and {@code /health}, {@code /ready}, {@code /metrics}
 * added to Avatica's Jetty ({@link #customizers}). {@link #start()} runs the {@link StartupCheck} first.
 */
public final class StripeSqlGateway implements AutoCloseable {
  /** The largest request body a gateway reads, unless configured. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 4L << 20;
  /** The flag that sets a statement's memory budget; errors name it. */
  public static final String MAX_STATEMENT_MEMORY = "--max-statement-memory";
  private static final Logger LOG = LoggerFactory.getLogger(StripeSqlGateway.class);

  private final ModelSource model;
  private final String host;
  private final int port;
  private final Driver.Serialization serialization;
  private final StartupCheck check;
  private final GatewaySecurity security;
  private final Map<String, String> sessions;
  private final SessionLimits.Settings limits;
  private final String metricsHost;
  private final int metricsPort;
  private final long maxRequestBytes;
  private final long maxStatementMemory;
  private volatile Shared shared;
  private HttpServer server;
  private GatewayMetrics metrics;
  private MetricsEndpoint metricsEndpoint;
  /** Held while serving an address reachable from the network: no schema opens a browser meanwhile. */
  private AutoCloseable servingNetwork;

  private StripeSqlGateway(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.host = b.host;
    this.port = b.port;
    this.serialization = b.serialization;
    this.check = b.check;
    this.security = b.security;
    this.limits = b.limits;
    this.metricsHost = b.metricsHost;
    this.metricsPort = b.metricsPort;
    this.maxRequestBytes = b.maxRequestBytes;
    this.maxStatementMemory = b.maxStatementMemory;
    this.sessions = Map.copyOf(b.sessionSettings());
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Every check {@link #start()} makes before it serves, without serving (what {@code --check-config}
   * runs): the binding rules, the users file's and every model file's permissions (links followed), each
   * model's text and one connection on it, and the OAuth rules. A users file others may read is logged.
   */
  public void check() throws StartupException {
    security.checkBinding(host);
    List<ModelSource> models = new ArrayList<>(security.userModels().values());
    models.add(0, model);
    for (ModelSource m : models) {
      if (m.path() != null && Files.exists(m.path())) {
        StartupCheck.checkNotWritableByOthers(m.path(), m == model ? "model file" : "--user-model file");
      }
      check.run(m);
      if (security.insecureNoAuth()) {
        check.checkNoOAuthClient(m);
      }
    }
    check.checkOwnOAuthFiles(models);
    if (security.users() != null && Files.exists(security.users())) {
      StartupCheck.checkNotWritableByOthers(security.users(), "users file");
      if (StartupCheck.readableByOthers(security.users())) {
        LOG.warn("The users file {} is readable by others: its hashes let them guess passwords offline (and log in"
            + " over the PostgreSQL port's SCRAM). Fix: chmod o-r {}", security.users(), security.users());
      }
    }
  }

  /** Checks the configuration ({@link #check()}), then starts serving. */
  public synchronized StripeSqlGateway start() throws StartupException {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    check();
    if (maxStatementMemory > 0) {
      StripeAdapter.limitStatementMemory(maxStatementMemory, MAX_STATEMENT_MEMORY);
    }
    LoginThrottle throttle = security.loginThrottle();
    PasswordLoginService login = loginService(throttle);
    GatewayMeta meta;
    try {
      Properties props = model.calciteProperties();
      props.putAll(sessions);
      meta = new GatewayMeta(ModelSource.CALCITE_URL, props);
    } catch (SQLException e) {
      throw new StartupException("Cannot create the Calcite meta: " + e.getMessage(), e);
    }
    GatewayMetrics m = new GatewayMetrics();
    Map<String, Properties> userModels = new HashMap<>();
    security.userModels().forEach((user, own) -> userModels.put(user, own.calciteProperties()));
    SessionLimits sessionLimits = new SessionLimits(limits);
    meta.metrics(m).userModels(userModels).limits(sessionLimits);
    HttpServer.Builder<Server> hb = HttpServer.Builder.<Server>newBuilder()
        .withHandler(new StripeSqlLocalService(meta), serialization)
        .withPort(port)
        .withServerCustomizers(customizers(login, throttle, m), Server.class);
    security.apply(hb);
    HttpServer s = hb.build();
    try {
      s.start();
    } catch (RuntimeException e) {
      throw new StartupException("Cannot listen on " + host + ":" + port + ": "
          + StartupCheck.rootMessage(e) + ". Fix: choose another --port or stop the process"
          + " using it.", e);
    }
    if (metricsPort >= 0) {
      try {
        metricsEndpoint = MetricsEndpoint.start(metricsHost, metricsPort, m);
      } catch (IOException | RuntimeException e) {
        s.stop();
        throw new StartupException("Cannot serve metrics on " + metricsHost + ":" + metricsPort + ": "
            + StartupCheck.rootMessage(e) + ". Fix: choose another --metrics-port.", e);
      }
    }
    server = s;
    shared = new Shared(sessionLimits, throttle);
    metrics = m;
    if (!GatewaySecurity.isLoopback(host)) {
      servingNetwork = StripeAdapter.servingNetwork();
    }
    if (security.insecureNoAuth()) {
      LOG.warn("*** --insecure-no-auth: this gateway asks nobody for a password. Anyone who can reach {}:{} reads"
          + " the Stripe account of its model. Run it only behind a proxy that authenticates every request. ***",
          host, s.getPort());
    }
    LOG.info("Gateway listening on {}:{} ({}{}{})", host, s.getPort(),
        serialization.name().toLowerCase(Locale.ROOT), security.tls() ? ", TLS" : "",
        security.users() != null ? ", Basic authentication" : ", no authentication");
    return this;
  }

  /** The login service over the users file, or null without one. */
  private PasswordLoginService loginService(LoginThrottle throttle) throws StartupException {
    if (security.users() == null) {
      return null;
    }
    try {
      return new PasswordLoginService(security.users(), throttle);
    } catch (IOException e) {
      throw new StartupException("Cannot read the users file " + security.users() + ": " + e.getMessage()
          + ". Fix: create it with 'stripesql passwd USER --file " + security.users() + "'.", e);
    }
  }

  /**
   * What the gateway adds to Avatica's Jetty, one customizer per concern. Avatica applies them in this
   * order and each wraps what the ones before it built, so the order is the handler chain, inside out:
   * the error scrubber goes right around Avatica's handler; the login goes next, as it finds Avatica's
   * security handler and puts the user scope right around that; the OAuth pages then go in front of that scope (inside the login when there is
   * one); the access log gives every request not yet in a user scope its request id; the browser guard
   * then refuses what web pages send before anything else sees it; the body cap goes around that, so no
   * request body over it is read, logged in or not; the ops endpoints go last, so they sit in front of
   * everything, outside the login and the guard.
   */
  private List<ServerCustomizer<Server>> customizers(PasswordLoginService login, LoginThrottle throttle,
      GatewayMetrics m) {
    List<ModelSource> models = new ArrayList<>(security.userModels().values());
    models.add(model);
    List<ServerCustomizer<Server>> customizers = new ArrayList<>();
    customizers.add(new BindAddressCustomizer(host));
    customizers.add(new ErrorsCustomizer(serialization));
    if (login != null) {
      customizers.add(new LoginCustomizer(login, throttle, serialization));
    }
    customizers.add(new OAuthPagesCustomizer(new OAuthHandler(model, security.userModels(),
        login == null ? null : login::roles, this::jdbcUrl), login != null));
    customizers.add(new AccessLogCustomizer(m));
    customizers.add(new BrowserGuardCustomizer(host, security.allowedHosts(),
        Set.of(OAuthHandler.AUTHORIZE, OAuthHandler.CALLBACK), serialization));
    customizers.add(new RequestLimitsCustomizer(maxRequestBytes, serialization));
    customizers.add(new OpsEndpointsCustomizer(StripeApiBases.of(models), m));
    return customizers;
  }

  /** The largest request body this gateway reads (an HTTP body; a PostgreSQL message after login). */
  public long maxRequestBytes() {
    return maxRequestBytes;
  }

  /** The caps and the login throttle a running gateway counts with. */
  private record Shared(SessionLimits limits, LoginThrottle throttle) {}

  /** The caps this gateway counts connections with, for another protocol to count through (after start). */
  public SessionLimits sessionLimits() {
    Shared s = shared;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.limits();
  }

  /** The throttle of failed logins, for another protocol's logins to count through (after start). */
  public LoginThrottle loginThrottle() {
    Shared s = shared;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.throttle();
  }

  /** The port served (the real one when 0 was asked). */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server.getPort();
  }

  public String host() {
    return host;
  }

  public Driver.Serialization serialization() {
    return serialization;
  }

  /** The thin-driver URL for this gateway, with {@code clientHost} as the address clients use. */
  public String jdbcUrl(String clientHost) {
    String url = jdbcUrl(clientHost, port(), serialization);
    return security.tls() ? url.replace("url=http://", "url=https://") : url;
  }

  /** The authentication, per-user model and TLS settings. */
  public GatewaySecurity security() {
    return security;
  }

  /** The thin-driver URL clients use, e.g. jdbc:avatica:remote:url=http://h:8765;serialization=protobuf. */
  public static String jdbcUrl(String host, int port, Driver.Serialization serialization) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "jdbc:avatica:remote:url=http://" + h + ":" + port + ";serialization="
        + serialization.name().toLowerCase(Locale.ROOT);
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    HttpServer s;
    synchronized (this) {
      s = server;
    }
    if (s != null) {
      s.join();
    }
  }

  /** The port of the metrics address; -1 when there is none. */
  public synchronized int metricsPort() {
    return metricsEndpoint == null ? -1 : metricsEndpoint.port();
  }

  /** Stops Jetty; idempotent. */
  @Override
  public synchronized void close() {
    if (server != null) {
      try {
        server.stop();
        LOG.info("Gateway stopped");
      } finally {
        server = null;
        if (metricsEndpoint != null) {
          metricsEndpoint.close();
          metricsEndpoint = null;
        }
        if (metrics != null) {
          metrics.close();
          metrics = null;
        }
        if (servingNetwork != null) {
          try {
            servingNetwork.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);   // releasing the count throws nothing
          }
          servingNetwork = null;
        }
      }
    }
  }

  /** Configuration of a gateway. */
  public static final class Builder {
    private ModelSource model;
    private String host = "127.0.0.1";
    private int port = 8765;
    private Driver.Serialization serialization = Driver.Serialization.PROTOBUF;
    private StartupCheck check = new StartupCheck();
    private GatewaySecurity security = GatewaySecurity.builder().build();
    private Duration connectionIdle = Duration.ofHours(8);
    private Duration statementIdle = Duration.ofHours(1);
    private SessionLimits.Settings limits = SessionLimits.Settings.DEFAULTS;
    private String metricsHost = "127.0.0.1";
    private int metricsPort = -1;
    private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private long maxStatementMemory;

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

    public Builder serialization(Driver.Serialization serialization) {
      this.serialization = serialization;
      return this;
    }

    public Builder startupCheck(StartupCheck check) {
      this.check = check;
      return this;
    }

    /** Authentication, per-user models and TLS (none by default; authentication required off loopback). */
    public Builder security(GatewaySecurity security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    /**
     * How long an idle connection and an idle statement live on the server (Avatica's connection and
     * statement caches; defaults 8 h and 1 h, as BI tools keep connections open for hours) and how many
     * connections may be open (default 1000).
     */
    public Builder sessions(Duration connectionIdle, Duration statementIdle, int maxConnections) {
      this.connectionIdle = connectionIdle;
      this.statementIdle = statementIdle;
      this.limits = new SessionLimits.Settings(maxConnections, limits.maxConnectionsPerUser(),
          limits.maxStatementsPerConnection(), limits.maxFrameRows());
      return this;
    }

    /** The caps on connections (in all and per user), statements per connection and rows per frame. */
    public Builder limits(SessionLimits.Settings settings) {
      this.limits = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The largest HTTP request body read, logged in or not (default 4 MB); larger ones get 413. */
    public Builder maxRequestBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("--max-request-bytes must be at least 1024, not " + bytes);
      }
      this.maxRequestBytes = bytes;
      return this;
    }

    /**
     * The memory one statement may hold in rows its operators keep (sorts, groups, join tables), for every
     * statement of the process; 0 (the default) leaves the adapter's (a quarter of the heap).
     */
    public Builder maxStatementMemory(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException(MAX_STATEMENT_MEMORY + " must be positive, not " + bytes);
      }
      this.maxStatementMemory = bytes;
      return this;
    }

    /**
     * Avatica's cache settings. The caches hold more than the caps allow, so they never evict a live
     * connection or statement: {@link SessionLimits} refuses new ones first.
     */
    private Map<String, String> sessionSettings() {
      long statements = Math.min(Integer.MAX_VALUE, 2L * limits.maxConnections() * limits.maxStatementsPerConnection());
      return Map.of(
          ConnectionCacheSettings.EXPIRY_DURATION.key(), Long.toString(Math.max(1, connectionIdle.toSeconds())),
          ConnectionCacheSettings.EXPIRY_UNIT.key(), "SECONDS",
          ConnectionCacheSettings.MAX_CAPACITY.key(), Long.toString(2L * limits.maxConnections()),
          StatementCacheSettings.EXPIRY_DURATION.key(), Long.toString(Math.max(1, statementIdle.toSeconds())),
          StatementCacheSettings.EXPIRY_UNIT.key(), "SECONDS",
          StatementCacheSettings.MAX_CAPACITY.key(), Long.toString(statements));
    }

    /**
     * A separate address for the metrics with the mirrors' per-table figures (port 0: a free one); without
     * it they are not served ({@code /metrics} on the gateway's port never has them).
     */
    public Builder metricsAddress(String host, int port) {
      this.metricsHost = Objects.requireNonNull(host, "host");
      this.metricsPort = port;
      return this;
    }

    public StripeSqlGateway build() {
      return new StripeSqlGateway(this);
    }
  }
}
