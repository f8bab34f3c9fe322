package org.stripesql.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.catalog.Catalog;
import org.stripesql.emulator.api.ReportRuns;
import org.stripesql.emulator.api.SearchIndex;
import org.stripesql.emulator.api.StripeApi;
import org.stripesql.emulator.data.DataSet;
import org.stripesql.emulator.data.EmulatorClock;
import org.stripesql.emulator.seed.ConnectedAccounts;

/**
 * A Stripe API emulator ({@link #API_VERSION}) on loopback, serving every table of a catalog from a
 * seeded {@link DataSet} with Stripe's authentication, paging, filters, search, expand and errors. This
 * class is the lifecycle and the public face; docs/emulator.md says what it does like Stripe and
 * describes the parts behind it.
 */
public final class StripeEmulator implements AutoCloseable {
  /**
   * Strictness when the builder is not told: on, now that the adapter sends only what Stripe's spec
   * declares (issue 12), so every test that reads through the adapter checks its requests.
   */
  public static final boolean DEFAULT_STRICT = true;

  /**
   * The Stripe API version the emulator speaks (its answers' {@code Stripe-Version}, its events'
   * {@code api_version}): that of the description its operations file was derived from, 2023-08-16.
   */
  public static final String API_VERSION = JsonAnswer.API_VERSION;

  private static final Logger LOG = LoggerFactory.getLogger(StripeEmulator.class);
  /** The most connected accounts one emulator seeds (each holds a data set in memory). */
  public static final int MAX_CONNECTED_ACCOUNTS = 500;

  private final String host;
  private final int requestedPort;
  private final DataSet data;
  private final EmulatorClock clock;
  private final StripeApi api;
  private final ConnectedApis accounts;
  private final RequestLog log = new RequestLog();
  private final Faults faults = new Faults();
  private final EmulatorOAuth oauth = new EmulatorOAuth(log);
  private final SearchIndex searchIndex;
  private final FaultResponder responder;
  private final EmulatorHandler handler;
  private final ApiKeys keys;
  private HttpServer server;
  private ExecutorService executor;

  private StripeEmulator(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    Catalog catalog = b.catalog != null ? b.catalog : Catalog.bundled();
    ConnectedAccounts.Platform platform = ConnectedAccounts.generate(catalog, b.seed, b.scale, b.anchor,
        b.connectedAccounts);
    long granularity = b.createdGranularity;
    UnaryOperator<DataSet> coarse = d -> granularity > 1 ? CoarseTimes.of(d, granularity) : d;
    this.data = coarse.apply(platform.data());
    this.searchIndex = new SearchIndex(b.clock);
    searchIndex.lag(b.searchLag);
    this.clock = new EmulatorClock(b.anchor.plusSeconds(1));   // after every seeded object
    this.api = new StripeApi(catalog, data, b.strict, searchIndex, clock, b.reportRunDelay, b.unavailableReports);
    boolean strict = b.strict;
    Duration reportRunDelay = b.reportRunDelay;
    Set<String> unavailable = Set.copyOf(b.unavailableReports);
    this.accounts = new ConnectedApis(api, data, platform.accounts(), coarse,
        d -> new StripeApi(catalog, d, strict, searchIndex, clock, reportRunDelay, unavailable, true), catalog, b.seed,
        b.scale, b.anchor);
    oauth.connectTo(accounts::ids, accounts::disconnect);
    this.responder = new FaultResponder(faults, log);
    this.keys = new ApiKeys(b.revoked, b.restricted, oauth);
    this.handler = new EmulatorHandler(accounts, keys, oauth, responder, log);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures an emulator; every setting has a default. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private long seed = 42;
    private int scale = 1;
    private Instant anchor = Instant.parse("2026-01-01T00:00:00Z");
    private Catalog catalog;
    private boolean strict = DEFAULT_STRICT;
    private Duration searchLag = Duration.ZERO;
    private Clock clock = Clock.systemUTC();
    private long createdGranularity = 1;
    private int connectedAccounts;
    private Duration reportRunDelay = ReportRuns.DEFAULT_DELAY;
    private final Set<String> unavailableReports = new HashSet<>();
    private final Set<String> revoked = new HashSet<>();
    private final Map<String, Set<String>> restricted = new HashMap<>();

    private Builder() {}

    /** The address to listen on; default {@code 127.0.0.1}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** The port; default 0, a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The seed of the data set; default 42. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Multiplies the row counts; default 1. */
    public Builder scale(int scale) {
      if (scale < 1) {
        throw new IllegalArgumentException("scale must be at least 1");
      }
      this.scale = scale;
      return this;
    }

    /** The newest {@code created} time; rows spread over the two years before it. */
    public Builder anchor(Instant newest) {
      this.anchor = Objects.requireNonNull(newest);
      return this;
    }

    /** The catalog to serve; default {@link Catalog#bundled()}. */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog);
      return this;
    }

    /**
     * Whether to check every request against Stripe's spec as Stripe does (unknown parameters, types,
     * enums, required ones) and answer as Stripe does where the catalog alone would not (docs/emulator.md);
     * default {@value StripeEmulator#DEFAULT_STRICT}.
     */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /**
     * The Search index lag: objects created or changed less than this before now are not found by the
     * Search API; default zero (off). {@link StripeEmulator#searchLag(Duration)} changes it later.
     */
    public Builder searchLag(Duration lag) {
      if (lag.isNegative()) {
        throw new IllegalArgumentException("the search lag cannot be negative: " + lag);
      }
      this.searchLag = lag;
      return this;
    }

    /** The clock that tells the emulator's now (what the search lag is measured from); default the system's. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * Rounds every list object's {@code created} down to a multiple of {@code seconds}, so that many
     * objects share one second; default 1 (times as generated).
     */
    public Builder createdGranularity(long seconds) {
      if (seconds < 1) {
        throw new IllegalArgumentException("createdGranularity must be at least 1 second");
      }
      this.createdGranularity = seconds;
      return this;
    }

    /**
     * Makes the emulator a Connect platform with {@code n} connected accounts (default 0), each with its own
     * seeded data set and id: {@code GET /v1/accounts} lists them, {@code Stripe-Account} (or an OAuth token
     * the flow issued for one) reads one, and their events carry {@code account}.
     */
    public Builder connectedAccounts(int n) {
      if (n < 0 || n > MAX_CONNECTED_ACCOUNTS) {
        throw new IllegalArgumentException("connected accounts must be 0 to " + MAX_CONNECTED_ACCOUNTS + ", not " + n);
      }
      this.connectedAccounts = n;
      return this;
    }

    /**
     * How long a report run stays {@code pending} before it succeeds; default
     * {@link ReportRuns#DEFAULT_DELAY}. {@link StripeEmulator#reports()} changes it later.
     */
    public Builder reportRunDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("the report run delay cannot be negative: " + delay);
      }
      this.reportRunDelay = delay;
      return this;
    }

    /** A report type the account cannot run ({@code balance.summary.1}): not listed, and no run of it is made. */
    public Builder unavailableReportType(String id) {
      unavailableReports.add(Objects.requireNonNull(id));
      return this;
    }

    /** A key that gets 401 as if it had been rolled; may be called several times. */
    public Builder revokedKey(String apiKey) {
      revoked.add(Objects.requireNonNull(apiKey));
      return this;
    }

    /**
     * A restricted key ({@code rk_test_...}) that may use only the given permissions, named as Stripe names
     * them ({@code rak_charge_read}, {@code rak_customer_write}; write implies read); any other call gets
     * Stripe's 403 naming the permission it lacks. May be called several times; keys not given here may
     * read and write everything.
     */
    public Builder restrictedKey(String apiKey, String... permissions) {
      if (!apiKey.startsWith("rk_test_")) {
        throw new IllegalArgumentException("a restricted test key starts with rk_test_");
      }
      restricted.put(apiKey, Set.of(permissions));
      return this;
    }

    /** Builds the emulator and its data set; {@link StripeEmulator#start()} starts serving. */
    public StripeEmulator build() {
      return new StripeEmulator(this);
    }
  }

  static {
    // The JDK server writes headers and body in separate segments; without TCP_NODELAY each response
    // waits out the client's delayed ACK (about 40 ms on Linux). Read once, when the server class loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Starts serving; returns this. */
  public synchronized StripeEmulator start() throws IOException {
    if (server != null) {
      return this;
    }
    AtomicInteger threads = new AtomicInteger();
    executor = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "stripe-emulator-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server = HttpServer.create(new InetSocketAddress(host, requestedPort), 256);
    server.createContext("/", handler);
    server.setExecutor(executor);
    responder.start(executor);
    server.start();
    LOG.info("Stripe emulator listening on {}", baseUrl());
    return this;
  }

  /** {@code http://HOST:PORT}, no trailing slash. */
  public String baseUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port();
  }

  /** The port listened on (the requested one before {@link #start()}). */
  public synchronized int port() {
    return server == null ? requestedPort : server.getAddress().getPort();
  }

  public RequestLog requestLog() {
    return log;
  }

  /** Revokes an API key while serving, as rolling it in Stripe's dashboard does: from now on it gets 401. */
  public void revokeKey(String apiKey) {
    keys.revoke(apiKey);
  }

  /** Fault injection: 429s, 500s, dropped connections, stalls, latency, a request-rate limit. */
  public Faults faults() {
    return faults;
  }

  /** The platform's data (without connected accounts: the one account's). */
  public DataSet data() {
    return data;
  }

  /** The data of a connected account; throws for an account that is not connected. */
  public DataSet data(String connectedAccount) {
    DataSet d = accounts.data(connectedAccount);
    if (d == null) {
      throw new IllegalArgumentException("no connected account " + connectedAccount);
    }
    return d;
  }

  /** The platform's own account id (its {@code GET /v1/account}). */
  public String platformAccountId() {
    return accounts.platformId();
  }

  /** The ids of the accounts connected now, in the order they connected ({@code GET /v1/accounts} lists them). */
  public List<String> connectedAccounts() {
    return accounts.ids();
  }

  /** The names the connected accounts show ({@code business_profile.name}), by id, in order. */
  public Map<String, String> connectedAccountNames() {
    return accounts.names();
  }

  /**
   * Connects one more account (seeded as the platform's next, with data, id and name of its own), which
   * {@code /v1/accounts} lists from now on; returns its id.
   */
  public String connectAccount() {
    return accounts.connectNew();
  }

  /**
   * Disconnects a connected account, as when it revokes the platform's access: {@code /v1/accounts} no
   * longer lists it, requests for it get Stripe's 403 {@code account_invalid}, its OAuth tokens stop
   * working. Returns whether it was connected.
   */
  public boolean disconnectAccount(String connectedAccount) {
    oauth.revoke(connectedAccount);
    return accounts.disconnect(connectedAccount);
  }

  /** The Reporting API: report types, report runs (their delay, failures) and result files. */
  public ReportRuns reports() {
    return api.reports();
  }

  /** Sets the Search index lag (zero: off): objects created or changed within it are not found by search. */
  public void searchLag(Duration lag) {
    searchIndex.lag(lag);
  }

  /** The Search index lag now in force. */
  public Duration searchLag() {
    return searchIndex.lag();
  }

  /** The emulator's time: new objects and events are created at its now. */
  public EmulatorClock clock() {
    return clock;
  }

  /** Moves the emulator's time forward; events past Stripe's 30-day retention leave {@code /v1/events}. */
  public void advanceClock(Duration d) {
    clock.advance(d);
    accounts.all().forEach(StripeApi::dropExpiredEvents);
  }

  /** Holds new events back from {@code /v1/events} until released: events that become visible late. */
  public void holdEvents() {
    api.holdEvents();
  }

  /** Lists the held event at {@code index} (0: the first held) at the time it was emitted; returns its id. */
  public String releaseHeldEvent(int index) {
    return api.releaseHeldEvent(index);
  }

  /** Stripe Connect OAuth ({@code /oauth/...}): issued tokens, expiry on demand, request counts. */
  public EmulatorOAuth oauth() {
    return oauth;
  }

  /** Stops the server promptly. */
  @Override
  public synchronized void close() {
    responder.close();
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      try {
        executor.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  @Override
  public String toString() {
    return "StripeEmulator[" + (server == null ? "stopped" : baseUrl()) + "]";
  }
}
