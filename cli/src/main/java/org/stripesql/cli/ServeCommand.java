package org.stripesql.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.pgwire.Limits;
import org.stripesql.pgwire.PgAuth;
import org.stripesql.pgwire.PgServer;
import org.stripesql.pgwire.SharedLimits;
import org.stripesql.server.GatewaySecurity;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StartupException;
import org.stripesql.server.StripeSqlGateway;
import org.stripesql.server.limits.SessionLimits;
import org.stripesql.server.security.PasswordHash;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stripesql serve}: runs the gateway (and its PostgreSQL endpoint, when asked) until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the SQL gateway (Avatica over HTTP, and the PostgreSQL wire protocol with --pg-port) and"
        + " print how to connect.")
final class ServeCommand implements Callable<Integer> {
  /** The PostgreSQL port of {@code --demo} when none is given (5432 is often a real PostgreSQL's). */
  static final int DEMO_PG_PORT = 15432;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", paramLabel = "PATH",
      description = "Calcite model file (default: model/stripe.json of the install, which reads"
          + " the key from STRIPE_API_KEY).")
  Path model;

  @Option(names = "--port", defaultValue = "8765", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
  String host;

  @Option(names = "--serialization", defaultValue = "protobuf", paramLabel = "protobuf|json",
      description = "Avatica wire format (default: ${DEFAULT-VALUE}).")
  String serialization;

  @Option(names = "--pg-port", paramLabel = "PORT",
      description = "Also serve the PostgreSQL wire protocol on this port (psql, ODBC through psqlODBC, pgJDBC;"
          + " docs/postgres.md). Off unless given; --demo turns it on at " + DEMO_PG_PORT + ".")
  Integer pgPort;

  @Option(names = "--pg-auth", defaultValue = "scram-sha-256", paramLabel = "scram-sha-256|password",
      description = "How PostgreSQL clients log in with the users file: scram-sha-256 (default), or password"
          + " (clear text, for clients without SCRAM; refused off loopback without TLS).")
  String pgAuth;

  @Option(names = "--demo",
      description = "Start the Stripe emulator in-process and serve its seeded data (no Stripe"
          + " account needed).")
  boolean demo;

  @Option(names = "--mirror",
      description = "With --demo: keep the core tables in a local mirror (DuckDB in a temporary directory), kept"
          + " fresh from the emulator's events; SELECT * FROM mirror_status shows it.")
  boolean mirror;

  @Option(names = "--connected-accounts", defaultValue = "0", paramLabel = "N",
      description = "With --demo: the emulator is a Connect platform with N connected accounts, read in one schema"
          + " (ConnectedAccounts=all): every table has the column account first (docs/connect.md).")
  int connectedAccounts;

  @Option(names = "--seed", defaultValue = "42", description = "Demo data seed (default: ${DEFAULT-VALUE}).")
  int seed;

  @Option(names = "--scale", defaultValue = "1", description = "Demo data scale (default: ${DEFAULT-VALUE}).")
  int scale;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @CommandLine.Mixin
  SecurityOptions security;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Config file (properties: one key per option, e.g. port=8765, users=/etc/stripesql/users);"
          + " STRIPESQL_* environment variables override it and flags override both. See docs/deployment.md.")
  Path config;

  @Option(names = "--check-config", description = "Validate the configuration (model, users, TLS) and exit.")
  boolean checkConfig;

  @Option(names = "--connection-idle-timeout", defaultValue = "8h", paramLabel = "DURATION",
      description = "Close a connection idle this long (default: ${DEFAULT-VALUE}; e.g. 30m, 8h, 1d).")
  String connectionIdle;

  @Option(names = "--statement-idle-timeout", defaultValue = "1h", paramLabel = "DURATION",
      description = "Close a statement idle this long (default: ${DEFAULT-VALUE}).")
  String statementIdle;

  @Option(names = "--max-connections", defaultValue = "1000",
      description = "Most open connections; more are refused (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--max-connections-per-user", defaultValue = "50",
      description = "Most open connections of one user (default: ${DEFAULT-VALUE}).")
  int maxConnectionsPerUser;

  @Option(names = "--max-statements-per-connection", defaultValue = "200",
      description = "Most open statements of one connection (default: ${DEFAULT-VALUE}).")
  int maxStatementsPerConnection;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Also serve GET /metrics with the mirrors' per-table figures (rows, lag, state per table) on"
          + " this port, for the monitoring network only; /metrics on the gateway's port never has them. Off"
          + " unless given.")
  Integer metricsPort;

  @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
      description = "Address of --metrics-port (default: ${DEFAULT-VALUE}).")
  String metricsHost;

  @Option(names = "--max-frame-rows", defaultValue = "10000",
      description = "Most rows in one frame sent to a client; it fetches the rest (default: ${DEFAULT-VALUE}).")
  int maxFrameRows;

  @Option(names = "--max-request-bytes", defaultValue = "4m", paramLabel = "SIZE",
      description = "Largest HTTP request body, logged in or not, and largest PostgreSQL message after login;"
          + " larger ones are refused (default: ${DEFAULT-VALUE}; e.g. 512k, 16m).")
  String maxRequestBytes;

  @Option(names = "--max-statement-memory", defaultValue = "25%", paramLabel = "SIZE|PERCENT",
      description = "Memory one statement may hold in rows its sorts, groups, joins and set operations keep;"
          + " past it the statement fails with SQLSTATE 53200 (default: ${DEFAULT-VALUE} of the heap; e.g. 512m).")
  String maxStatementMemory;

  @Option(names = "--pg-login-timeout", defaultValue = "60s", paramLabel = "DURATION",
      description = "How long a PostgreSQL client may take from connecting to logged in; it is then disconnected"
          + " (default: ${DEFAULT-VALUE}).")
  String pgLoginTimeout;

  @Option(names = "--pg-max-unauthenticated", defaultValue = "128", paramLabel = "N",
      description = "Most PostgreSQL connections waiting to log in at once; more are refused (default: ${DEFAULT-VALUE}).")
  int pgMaxUnauthenticated;

  @Option(names = "--pg-max-unauthenticated-per-address", defaultValue = "16", paramLabel = "N",
      description = "Most PostgreSQL connections from one address waiting to log in at once (default: ${DEFAULT-VALUE}).")
  int pgMaxUnauthenticatedPerAddress;

  /** The environment (tests replace it). */
  Map<String, String> env = System.getenv();

  static Duration duration(String option, String v) {
    Matcher m = Pattern.compile("([0-9]+)\\s*(s|m|h|d)").matcher(v.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "s": return Duration.ofSeconds(n);
        case "m": return Duration.ofMinutes(n);
        case "h": return Duration.ofHours(n);
        default: return Duration.ofDays(n);
      }
    }
    try {
      return Duration.parse(v.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " must be a duration like 90s, 30m, 8h, 1d, not '" + v + "'");
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Driver.Serialization ser;
    switch (serialization.toLowerCase(Locale.ROOT)) {
      case "protobuf":
        ser = Driver.Serialization.PROTOBUF;
        break;
      case "json":
        ser = Driver.Serialization.JSON;
        break;
      default:
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--serialization must be protobuf or json, not '" + serialization + "'");
    }
    if (demo && model != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--demo and --model exclude each other: --demo builds its own model");
    }
    if (connectedAccounts > 0 && !demo) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--connected-accounts goes with --demo; for a"
          + " Stripe platform give the schema the ConnectedAccounts operand in the model (docs/connect.md)");
    }
    if (mirror && !demo) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--mirror goes with --demo; for a Stripe account"
          + " give the schema the Mirror operand in the model (docs/mirror.md)");
    }
    GatewaySecurity sec;
    Duration connIdle;
    Duration stmtIdle;
    SessionLimits.Settings limits;
    long requestBytes;
    long statementMemory;
    Limits pgLimits;
    try {
      limits = new SessionLimits.Settings(maxConnections, maxConnectionsPerUser, maxStatementsPerConnection,
          maxFrameRows);
      requestBytes = Sizes.bytes("--max-request-bytes", maxRequestBytes);
      if (requestBytes > 1L << 30) {
        throw new IllegalArgumentException("--max-request-bytes may be at most 1g, not " + maxRequestBytes);
      }
      pgLimits = new Limits(duration("--pg-login-timeout", pgLoginTimeout), pgMaxUnauthenticated,
          pgMaxUnauthenticatedPerAddress, (int) requestBytes, maxStatementsPerConnection);
      statementMemory = Sizes.ofHeap("--max-statement-memory", maxStatementMemory);
      sec = security.build(env, demo);
      connIdle = duration("--connection-idle-timeout", connectionIdle);
      stmtIdle = duration("--statement-idle-timeout", statementIdle);
      if (config != null) {
        Set<String> unknown = new ConfigDefaults(config, Map.of()).unknownKeys(spec);
        if (!unknown.isEmpty()) {
          throw new IllegalArgumentException("config file " + config + ": unknown keys " + unknown);
        }
      }
    } catch (IllegalArgumentException | IOException e) {
      return Failures.report(err, e.getMessage(), e, verbose, StripeSqlCli.EXIT_STARTUP);
    }
    PgAuth auth;
    try {
      auth = PgAuth.parse(pgAuth);
    } catch (IllegalArgumentException e) {
      return Failures.report(err, e.getMessage(), e, verbose, StripeSqlCli.EXIT_STARTUP);
    }
    Integer pg = pgPort != null ? pgPort : demo ? Integer.valueOf(DEMO_PG_PORT) : null;
    String pgSkipped = null;
    if (pg != null && pgPort == null) {
      // the demo's PostgreSQL port is a convenience: where the binding rules refuse it, the demo runs without it
      try {
        pgServer(null, sec, pg, auth, connIdle, pgLimits).check();
      } catch (StartupException e) {
        pgSkipped = e.getMessage();
        pg = null;
      }
    }
    if (checkConfig) {
      try {
        ModelSource checked = demo ? ModelSource.stripe("http://127.0.0.1:9", EmulatorLauncher.DEMO_KEY)
            : ModelSource.file(model != null ? model : defaultModel());
        gateway(checked, ser, sec, limits, connIdle, stmtIdle, requestBytes, statementMemory).check();
        if (pg != null) {
          pgServer(null, sec, pg, auth, connIdle, pgLimits).check();
        }
      } catch (StartupException | IllegalArgumentException e) {
        return Failures.report(err, e.getMessage(), e, verbose, StripeSqlCli.EXIT_STARTUP);
      }
      out.println("Configuration OK: " + host + ":" + port + ", " + serialization
          + (sec.users() != null ? ", users " + sec.users() : ", no authentication")
          + (sec.userModels().isEmpty() ? "" : ", own models for " + sec.userModels().keySet())
          + (sec.tls() ? ", TLS" : "") + ", connection idle " + connIdle + ", statement idle " + stmtIdle
          + ", at most " + limits.maxConnections() + " connections (" + limits.maxConnectionsPerUser() + " per user, "
          + limits.maxStatementsPerConnection() + " statements each), " + limits.maxFrameRows() + " rows per frame, "
          + requestBytes + " bytes per request, " + statementMemory + " bytes of rows per statement"
          + (pg != null ? ", PostgreSQL port " + pg + " (" + auth.configName() + "), logins within "
              + pgLimits.loginTimeout().toSeconds() + " s, at most " + pgLimits.maxUnauthenticated() + " waiting to log in ("
              + pgLimits.maxUnauthenticatedPerAddress() + " per address)" : "")
          + (pgSkipped != null ? ", no PostgreSQL port (" + pgSkipped + ")" : ""));
      out.flush();
      return 0;
    }
    StripeEmulator emulator = null;
    ModelSource source;
    if (demo) {
      try {
        emulator = EmulatorLauncher.start("127.0.0.1", 0, seed, scale, StripeEmulator.DEFAULT_STRICT,
            b -> b.connectedAccounts(connectedAccounts));
      } catch (Exception e) {
        return Failures.report(err, "Cannot start the demo emulator: " + e.getMessage(), e,
            verbose, StripeSqlCli.EXIT_STARTUP);
      }
      Map<String, String> operands = new LinkedHashMap<>(mirror ? DemoMirror.operands() : Map.of());
      if (connectedAccounts > 0) {
        operands.put("ConnectedAccounts", "all");
      }
      source = ModelSource.stripe(emulator.baseUrl(), EmulatorLauncher.DEMO_KEY, operands);
    } else {
      source = ModelSource.file(model != null ? model : defaultModel());
    }
    StripeSqlGateway gateway = gateway(source, ser, sec, limits, connIdle, stmtIdle, requestBytes, statementMemory);
    PgServer pgServer = null;
    try {
      gateway.start();
      if (pg != null) {
        pgServer = pgServer(source, sec, pg, auth, connIdle, pgLimits)
            .gate(new SharedLimits(gateway.sessionLimits(), gateway.loginThrottle())).build().start();
      }
    } catch (StartupException e) {
      gateway.close();
      EmulatorLauncher.closeQuietly(emulator);
      return Failures.report(err, e.getMessage(), e, verbose, StripeSqlCli.EXIT_STARTUP);
    }
    final StripeEmulator emu = emulator;
    final PgServer pgs = pgServer;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (pgs != null) {
        pgs.close();
      }
      gateway.close();
      StripeAdapter.closeMirrors();
      EmulatorLauncher.closeQuietly(emu);
    }, "stripesql-shutdown"));
    String clientHost = "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host)
        ? "localhost" : host;
    String url = gateway.jdbcUrl(clientHost);
    if (emulator != null) {
      out.println("Demo: Stripe emulator at " + emulator.baseUrl() + " (seed " + seed + ", scale "
          + scale + ")");
      if (connectedAccounts > 0) {
        out.println("Connect platform with " + connectedAccounts + " connected accounts in one schema; try: SELECT"
            + " account, count(*), sum(amount) FROM charges GROUP BY account");
      }
    }
    if (mirror) {
      out.println("Mirror: " + DemoMirror.TABLES + " load on the first connection and follow the emulator's events"
          + " (POST " + emulator.baseUrl() + "/v1/customers to see one arrive); SELECT * FROM mirror_status");
    }
    out.println("stripe-sql gateway is up. JDBC URL:");
    out.println("  " + url);
    String scheme = sec.tls() ? "https://" : "http://";
    out.println("Health: " + scheme + clientHost + ":" + gateway.port() + "/health, /ready, /metrics");
    if (gateway.metricsPort() >= 0) {
      out.println("Metrics with the mirrors' per-table figures: http://" + metricsHost + ":" + gateway.metricsPort()
          + "/metrics");
    }
    if (sec.users() != null) {
      out.println("Log in with: ;authentication=BASIC;avatica_user=USER;avatica_password=PASSWORD");
    }
    out.println("Try: bin/stripesql sqlline '" + url + "'");
    if (pgServer != null) {
      printPostgres(out, clientHost, pgServer.port(), sec);
    } else if (pgSkipped != null) {
      out.println("No PostgreSQL port: " + pgSkipped);
    }
    out.flush();
    gateway.join();
    return 0;
  }

  /** The gateway {@code serve} runs (and {@code --check-config} checks). */
  private StripeSqlGateway gateway(ModelSource source, Driver.Serialization ser, GatewaySecurity sec,
      SessionLimits.Settings limits, Duration connIdle, Duration stmtIdle, long requestBytes, long statementMemory) {
    StripeSqlGateway.Builder builder = StripeSqlGateway.builder().model(source).host(host).port(port)
        .serialization(ser).security(sec).limits(limits).sessions(connIdle, stmtIdle, maxConnections)
        .maxRequestBytes(requestBytes)
        .maxStatementMemory(statementMemory);
    if (metricsPort != null) {
      builder.metricsAddress(metricsHost, metricsPort);
    }
    return builder.build();
  }

  /** The PostgreSQL endpoint with the gateway's model, security and caps ({@code model} may be null to check). */
  private PgServer.Builder pgServer(ModelSource model, GatewaySecurity sec, int port, PgAuth auth, Duration idle,
      Limits limits) {
    return PgServer.builder().model(model != null ? model : ModelSource.inline("{}")).host(host).port(port)
        .security(sec).auth(auth).idleTimeout(idle).maxConnections(maxConnections).limits(limits);
  }

  /** How to connect psql and ODBC clients. */
  static void printPostgres(PrintWriter out, String clientHost, int port, GatewaySecurity sec) {
    String user = sec.users() != null ? "USER" : "demo";
    out.println("PostgreSQL protocol on port " + port + " (psql, psqlODBC, pgJDBC; docs/postgres.md):");
    out.println("  psql \"host=" + clientHost + " port=" + port + " dbname=stripe user=" + user
        + (sec.tls() ? " sslmode=require" : "") + "\"");
    out.println("  ODBC: Driver={PostgreSQL Unicode};Server=" + clientHost + ";Port=" + port
        + ";Database=stripe;Uid=" + user + ";Pwd=" + (sec.users() != null ? "PASSWORD" : "x")
        + (sec.tls() ? ";SSLmode=require" : "") + ";");
    if (sec.users() != null) {
      out.println("  pgJDBC: jdbc:postgresql://" + clientHost + ":" + port + "/stripe?scramMaxIterations="
          + PasswordHash.ITERATIONS + " (the users file's hashes use more SCRAM iterations than pgJDBC's default cap)");
    }
  }

  /** model/stripe.json under the install dir (system property stripesql.home), else under cwd. */
  static Path defaultModel() {
    String home = System.getProperty("stripesql.home");
    Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of("");
    return base.resolve("model").resolve("stripe.json");
  }
}
