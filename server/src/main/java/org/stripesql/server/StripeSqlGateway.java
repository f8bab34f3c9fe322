package org.stripesql.server;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.HandlerList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL gateway: an Avatica {@link HttpServer} over a {@link GatewayService} and a
 * {@link GatewayMeta} on Calcite with the model, bound to one host and port, with
 * {@code GET /health} and the OAuth pages ({@link OAuthHandler}) in front. {@link #start()} runs the {@link StartupCheck} first.
 */
public final class StripeSqlGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StripeSqlGateway.class);

  private final ModelSource model;
  private final String host;
  private final int port;
  private final Driver.Serialization serialization;
  private final StartupCheck check;
  private final GatewaySecurity security;
  private final Map<String, String> sessions;
  private HttpServer server;
  private GatewayMetrics metrics;

  private StripeSqlGateway(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.host = b.host;
    this.port = b.port;
    this.serialization = b.serialization;
    this.check = b.check;
    this.security = b.security;
    this.sessions = Map.copyOf(b.sessions);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Checks the model, then starts serving. */
  public synchronized StripeSqlGateway start() throws StartupException {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    security.checkBinding(host);
    check.run(model);
    for (ModelSource m : security.userModels().values()) {
      check.run(m);
    }
    org.eclipse.jetty.security.LoginService login = null;
    if (security.users() != null) {
      try {
        login = new org.stripesql.server.security.PasswordLoginService(security.users());
      } catch (IOException e) {
        throw new StartupException("Cannot read the users file " + security.users() + ": " + e.getMessage()
            + ". Fix: create it with 'stripesql passwd USER --file " + security.users() + "'.", e);
      }
    }
    GatewayMeta meta;
    try {
      java.util.Properties props = model.calciteProperties();
      props.putAll(sessions);
      meta = new GatewayMeta(ModelSource.CALCITE_URL, props);
    } catch (SQLException e) {
      throw new StartupException("Cannot create the Calcite meta: " + e.getMessage(), e);
    }
    GatewayMetrics m = new GatewayMetrics();
    meta.metrics(m).userModels(security.userModels());
    List<ModelSource> models = new ArrayList<>(security.userModels().values());
    models.add(model);
    OpsHandler ops = new OpsHandler(GatewayJetty.apiBases(models), m);
    final org.eclipse.jetty.security.LoginService loginService = login;
    ServerCustomizer<Server> customizer = jetty -> {
      GatewayJetty.secure(jetty, loginService);
      for (Connector c : jetty.getConnectors()) {
        if (c instanceof ServerConnector) {
          ((ServerConnector) c).setHost(host);
        }
      }
      Handler oauth = new OAuthHandler(model, security.userModels(), this::jdbcUrl);
      HandlerList handlers = new HandlerList();
      if (loginService != null) {
        // connecting a Stripe account replaces the gateway's tokens: only a logged-in user may
        GatewayJetty.behindLogin(jetty, oauth);
        handlers.setHandlers(new Handler[] {new HealthHandler(), jetty.getHandler()});
      } else {
        handlers.setHandlers(new Handler[] {new HealthHandler(), oauth, jetty.getHandler()});
      }
      jetty.setHandler(handlers);
      GatewayJetty.finish(jetty, ops);
    };
    HttpServer.Builder<Server> hb = HttpServer.Builder.<Server>newBuilder()
        .withHandler(new GatewayService(meta), serialization)
        .withPort(port)
        .withServerCustomizers(List.of(customizer), Server.class);
    security.apply(hb);
    HttpServer s = hb.build();
    try {
      s.start();
    } catch (RuntimeException e) {
      throw new StartupException("Cannot listen on " + host + ":" + port + ": "
          + StartupCheck.rootMessage(e) + ". Fix: choose another --port or stop the process"
          + " using it.", e);
    }
    server = s;
    metrics = m;
    LOG.info("Gateway listening on {}:{} ({}{}{})", host, s.getPort(),
        serialization.name().toLowerCase(Locale.ROOT), security.tls() ? ", TLS" : "",
        security.users() != null ? ", Basic authentication" : ", no authentication");
    return this;
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

  /** Stops Jetty; idempotent. */
  @Override
  public synchronized void close() {
    if (server != null) {
      try {
        server.stop();
        LOG.info("Gateway stopped");
      } finally {
        server = null;
        if (metrics != null) {
          metrics.close();
          metrics = null;
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
    private final Map<String, String> sessions = new java.util.HashMap<>(sessionSettings(
        java.time.Duration.ofHours(8), java.time.Duration.ofHours(1), 1000));

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
    public Builder sessions(java.time.Duration connectionIdle, java.time.Duration statementIdle, int maxConnections) {
      this.sessions.putAll(sessionSettings(connectionIdle, statementIdle, maxConnections));
      return this;
    }

    private static Map<String, String> sessionSettings(java.time.Duration conn, java.time.Duration stmt, int max) {
      return Map.of(
          org.apache.calcite.avatica.jdbc.JdbcMeta.ConnectionCacheSettings.EXPIRY_DURATION.key(),
          Long.toString(Math.max(1, conn.toSeconds())),
          org.apache.calcite.avatica.jdbc.JdbcMeta.ConnectionCacheSettings.EXPIRY_UNIT.key(), "SECONDS",
          org.apache.calcite.avatica.jdbc.JdbcMeta.ConnectionCacheSettings.MAX_CAPACITY.key(), Integer.toString(max),
          org.apache.calcite.avatica.jdbc.JdbcMeta.StatementCacheSettings.EXPIRY_DURATION.key(),
          Long.toString(Math.max(1, stmt.toSeconds())),
          org.apache.calcite.avatica.jdbc.JdbcMeta.StatementCacheSettings.EXPIRY_UNIT.key(), "SECONDS");
    }

    public StripeSqlGateway build() {
      return new StripeSqlGateway(this);
    }
  }
}
