package org.stripesql.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.FilterKind;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.TableKind;
import org.stripesql.emulator.data.DataSet;
import org.stripesql.emulator.data.JsonPaths;
import org.stripesql.emulator.seed.DataGenerator;

/**
 * A Stripe API emulator (API version 2020-08-27) on loopback, serving every table of a catalog from a
 * seeded {@link DataSet}. Read-only: it answers GET requests only.
 *
 * <p>What it does like Stripe: API-key authentication (any {@code sk_test_}/{@code rk_test_} key that was
 * not {@linkplain Builder#revokedKey revoked}, and OAuth access tokens it issued: {@link EmulatorOAuth}), list endpoints with {@code limit}, {@code starting_after}
 * and {@code ending_before}, retrieve endpoints, child lists (parent id in the path or in a query
 * parameter), the upcoming invoice's lines, the {@code /v1/balance} and {@code /v1/account} singletons,
 * the Search API (see {@link SearchQuery} for the supported query language), {@code expand[]}, and
 * Stripe's error objects. Query parameters are validated against the catalog; filters of kind RANGE,
 * EQUALS and IN that name a column filter for real. <b>Filters whose column is null and filters of kind
 * OTHER are accepted and ignored</b> (they return rows unfiltered). Subscriptions follow Stripe's status
 * rules: without {@code status}, canceled subscriptions are left out; {@code status=all} returns all;
 * {@code status=ended} returns canceled and incomplete_expired ones. The {@code Stripe-Account} and
 * {@code Stripe-Version} headers are accepted and ignored.
 */
public final class StripeEmulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StripeEmulator.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String API_VERSION = "2020-08-27";
  private static final Set<String> PAGING = Set.of("limit", "starting_after", "ending_before");
  private static final List<String> SUBSCRIPTION_STATUSES = List.of("active", "all", "canceled", "ended",
      "incomplete", "incomplete_expired", "past_due", "trialing", "unpaid");

  private final String host;
  private final int requestedPort;
  private final Catalog catalog;
  private final Set<String> revokedKeys;
  private final DataSet data;
  private final RequestLog log = new RequestLog();
  private final Faults faults = new Faults();
  private final EmulatorOAuth oauth = new EmulatorOAuth(log);
  private final List<Route> routes = new ArrayList<>();
  private HttpServer server;
  private ExecutorService executor;

  private enum Kind { LIST, CHILD_LIST, RETRIEVE, SEARCH, SINGLETON }

  private record Route(String[] segments, Kind kind, ApiTable table, int literals) {}

  private record Match(Route route, List<String> params) {}

  private StripeEmulator(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    this.catalog = b.catalog != null ? b.catalog : Catalog.bundled();
    this.revokedKeys = Set.copyOf(b.revoked);
    this.data = new DataGenerator(catalog, b.seed, b.scale, b.anchor).generate();
    for (ApiTable t : catalog.tables()) {
      switch (t.kind()) {
        case LIST -> addRoute(t.path(), Kind.LIST, t);
        case CHILD -> addRoute(t.path(), Kind.CHILD_LIST, t);
        case SINGLETON -> addRoute(t.path(), Kind.SINGLETON, t);
      }
      if (t.retrievePath() != null) {
        addRoute(t.retrievePath(), Kind.RETRIEVE, t);
      }
      if (t.search() != null) {
        addRoute(t.search().path(), Kind.SEARCH, t);
      }
    }
  }

  private void addRoute(String path, Kind kind, ApiTable t) {
    String[] segs = path.substring(1).split("/");
    int literals = 0;
    for (String s : segs) {
      if (!s.startsWith("{")) {
        literals++;
      }
    }
    routes.add(new Route(segs, kind, t, literals));
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
    private final Set<String> revoked = new HashSet<>();

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

    /** A key that gets 401 as if it had been rolled; may be called several times. */
    public Builder revokedKey(String apiKey) {
      revoked.add(Objects.requireNonNull(apiKey));
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
    server.createContext("/", this::handle);
    server.setExecutor(executor);
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

  /** Fault injection: 429s, 500s, dropped connections, stalls, latency, a request-rate limit. */
  public Faults faults() {
    return faults;
  }

  public DataSet data() {
    return data;
  }

  /** Stripe Connect OAuth ({@code /oauth/...}): issued tokens, expiry on demand, request counts. */
  public EmulatorOAuth oauth() {
    return oauth;
  }

  /** Stops the server promptly. */
  @Override
  public synchronized void close() {
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

  // ------------------------------------------------------------------ request handling

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    Map<String, List<String>> query = Map.of();
    int status;
    byte[] body;
    if (path.startsWith("/oauth/")) {
      oauth.handle(ex, path);   // Stripe Connect, on connect.stripe.com in real life
      return;
    }
    try (InputStream in = ex.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    long arrived = System.nanoTime();
    if (injectFault(ex, method, path, arrived)) {
      return;
    }
    try {
      path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
      query = parseQuery(ex.getRequestURI().getRawQuery());
      JsonNode answer = dispatch(ex, method, path, query);
      status = 200;
      body = MAPPER.writeValueAsBytes(answer);
    } catch (ApiException e) {
      status = e.status;
      body = MAPPER.writeValueAsBytes(errorBody(e));
    } catch (IllegalArgumentException e) {
      status = 400;
      body = MAPPER.writeValueAsBytes(errorBody(ApiException.invalid(null,
          "The request could not be parsed: " + e.getMessage())));
    } catch (RuntimeException e) {
      LOG.warn("emulator failure on {} {}", method, path, e);
      status = 500;
      body = MAPPER.writeValueAsBytes(errorBody(new ApiException(500, "api_error", null, null,
          "An unknown error occurred in the emulator.")));
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Request-Id", "req_" + randomId());
    ex.getResponseHeaders().set("Stripe-Version", API_VERSION);
    if (status == 405) {
      ex.getResponseHeaders().set("Allow", "GET");
    }
    log.add(new RecordedRequest(method, path, query, status, null, arrived));
    if ("HEAD".equals(method)) {
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Applies the configured latency and fault; returns true when the request got a fault instead of data. */
  private boolean injectFault(HttpExchange ex, String method, String rawPath, long arrived) throws IOException {
    Faults.Kind kind = faults.next();
    Duration latency = faults.latency();
    if (!latency.isZero() && !pause(latency)) {
      ex.close();
      return true;
    }
    if (kind == Faults.Kind.NONE) {
      return false;
    }
    String path = rawPath;
    Map<String, List<String>> query = Map.of();
    try {
      path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
      query = parseQuery(ex.getRequestURI().getRawQuery());
    } catch (IllegalArgumentException e) {
      // logged as sent
    }
    switch (kind) {
      case DROP, STALL -> {
        log.add(new RecordedRequest(method, path, query, 0, kind.label, arrived));
        if (kind == Faults.Kind.STALL) {
          pause(faults.stallDuration());
        }
        ex.close();   // no response headers were sent: the connection closes without an answer
        return true;
      }
      default -> { }
    }
    int status;
    ApiException error;
    if (kind == Faults.Kind.RATE_LIMIT || kind == Faults.Kind.THROTTLED) {
      status = 429;
      error = new ApiException(429, "invalid_request_error", "rate_limit", null, "Too many requests hit the API"
          + " too quickly. We recommend an exponential backoff of your requests.");
      Duration after = faults.retryAfterHeader();
      if (after != null) {
        ex.getResponseHeaders().set("Retry-After", Long.toString(Math.max(0, after.toSeconds())));
      }
    } else {
      status = 500;
      error = new ApiException(500, "api_error", null, null, "An unknown error occurred while processing"
          + " the request. Please contact support if the problem persists.");
      if (kind == Faults.Kind.NON_RETRYABLE) {
        ex.getResponseHeaders().set("Stripe-Should-Retry", "false");
      }
    }
    byte[] body = MAPPER.writeValueAsBytes(errorBody(error));
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Request-Id", "req_" + randomId());
    ex.getResponseHeaders().set("Stripe-Version", API_VERSION);
    log.add(new RecordedRequest(method, path, query, status, kind.label, arrived));
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
    return true;
  }

  /** Sleeps; false when interrupted (the emulator is closing). */
  private static boolean pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String randomId() {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    StringBuilder sb = new StringBuilder(14);
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < 14; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static ObjectNode errorBody(ApiException e) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode err = root.putObject("error");
    if (e.code != null) {
      err.put("code", e.code);
    }
    if (e.code != null && e.status < 500) {
      err.put("doc_url", "https://stripe.com/docs/error-codes/" + e.code.replace('_', '-'));
    }
    err.put("message", e.getMessage());
    if (e.param != null) {
      err.put("param", e.param);
    }
    err.put("type", e.type);
    return root;
  }

  static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    q.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  private JsonNode dispatch(HttpExchange ex, String method, String path, Map<String, List<String>> query) {
    authenticate(ex.getRequestHeaders().getFirst("Authorization"), method);
    Match m = match(path);
    if (m == null) {
      throw new ApiException(404, "invalid_request_error", null, null, "Unrecognized request URL (" + method
          + ": " + path + "). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.");
    }
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      throw new ApiException(405, "invalid_request_error", null, null, "The emulator is read-only: " + method
          + " " + path + " is not supported (only GET).");
    }
    ApiTable t = m.route().table();
    return switch (m.route().kind()) {
      case LIST -> list(t, data.list(t.name()), query, path, Set.of(), null);
      case CHILD_LIST -> childList(t, m.params(), query, path);
      case RETRIEVE -> retrieve(t, m.params(), query);
      case SEARCH -> search(t, query);
      case SINGLETON -> {
        List<String> expand = expandParams(query, Set.of());
        ObjectNode o = data.list(t.name()).get(0);
        yield expand(o, t, expand);
      }
    };
  }

  private void authenticate(String header, String method) {
    if (header == null || header.isBlank()) {
      throw missingKey();
    }
    String key;
    String h = header.trim();
    if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = h.substring(7).trim();
    } else if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        key = colon < 0 ? decoded : decoded.substring(0, colon);
      } catch (IllegalArgumentException e) {
        throw invalidKey("");
      }
    } else {
      throw new ApiException(401, "invalid_request_error", null, null, "Invalid Authorization header: use"
          + " Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
    }
    if (key.isEmpty()) {
      throw missingKey();
    }
    if (EmulatorOAuth.isOAuthToken(key)) {
      ApiException refused = oauth.check(key, method);
      if (refused != null) {
        throw refused;
      }
      return;
    }
    boolean wellFormed = (key.startsWith("sk_test_") || key.startsWith("rk_test_")) && key.length() > 8;
    if (!wellFormed || revokedKeys.contains(key)) {
      throw invalidKey(key);
    }
  }

  private static ApiException missingKey() {
    return new ApiException(401, "invalid_request_error", null, null, "You did not provide an API key. You need"
        + " to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer"
        + " YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at"
        + " https://support.stripe.com/.");
  }

  /** Stripe shows a key's prefix and last four characters only; a short key shows nothing of itself. */
  static String redact(String key) {
    if (key.length() <= 8) {
      return "****";
    }
    String last4 = key.substring(key.length() - 4);
    int us = key.indexOf('_', key.indexOf('_') + 1);
    String head = us > 0 && us + 1 < key.length() - 4 ? key.substring(0, us + 1) : "";
    return head + "****" + last4;
  }

  private static ApiException invalidKey(String key) {
    return new ApiException(401, "invalid_request_error", null, null, "Invalid API Key provided: "
        + redact(key));
  }

  private Match match(String path) {
    if (!path.startsWith("/")) {
      return null;
    }
    String[] segs = path.substring(1).split("/", -1);
    Match best = null;
    String bestShape = null;
    for (Route r : routes) {
      if (r.segments().length != segs.length) {
        continue;
      }
      List<String> params = new ArrayList<>();
      StringBuilder shape = new StringBuilder();
      boolean ok = true;
      for (int i = 0; i < segs.length && ok; i++) {
        String s = r.segments()[i];
        if (s.startsWith("{")) {
          ok = !segs[i].isEmpty();
          params.add(segs[i]);
          shape.append('0');
        } else {
          ok = s.equals(segs[i]);
          shape.append('1');
        }
      }
      // literal segments win over placeholders, leftmost first (/v1/charges/search over /v1/charges/{id})
      if (ok && (bestShape == null || shape.toString().compareTo(bestShape) > 0)) {
        best = new Match(r, params);
        bestShape = shape.toString();
      }
    }
    return best;
  }

  private static String objectName(ApiTable t) {
    if (!t.object().contains("|")) {
      return t.object();
    }
    return t.name().contains("source") ? "source" : "external_account";
  }

  private static String single(Map<String, List<String>> q, String key) {
    List<String> v = q.get(key);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  private static boolean isExpandKey(String k) {
    return k.equals("expand") || k.equals("expand[]") || k.matches("expand\\[\\d+]");
  }

  /** The expand paths; every other key must be in {@code allowed} or it is an unknown parameter. */
  private static List<String> expandParams(Map<String, List<String>> q, Set<String> allowed) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      if (isExpandKey(e.getKey())) {
        out.addAll(e.getValue());
      } else if (!allowed.contains(e.getKey())) {
        throw ApiException.unknownParam(e.getKey());
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ lists

  private JsonNode childList(ApiTable t, List<String> pathParams, Map<String, List<String>> q, String path) {
    String parentId;
    Set<String> extra = Set.of();
    ApiTable parentTable = catalog.table(t.parent().table()).orElseThrow();
    if (t.parent().pathParam() != null) {
      parentId = pathParams.get(0);
      if (data.get(parentTable.name(), parentId).isEmpty()) {
        throw ApiException.noSuch(objectName(parentTable), parentId, "id");
      }
    } else {
      String qp = t.parent().queryParam();
      extra = Set.of(qp);
      parentId = single(q, qp);
      if ("upcoming_invoice_lines".equals(t.name())) {
        return upcomingLines(t, parentTable, parentId, q, path);
      }
      if (parentId == null || parentId.isEmpty()) {
        throw ApiException.missingParam(qp);
      }
      if (data.get(parentTable.name(), parentId).isEmpty()) {
        throw ApiException.noSuch(objectName(parentTable), parentId, qp);
      }
    }
    return list(t, data.children(t.name(), parentId), q, path, extra, null);
  }

  private JsonNode upcomingLines(ApiTable t, ApiTable customers, String customerId, Map<String, List<String>> q,
      String path) {
    String sub = single(q, "subscription");
    if ((customerId == null || customerId.isEmpty()) && sub != null) {
      Optional<ObjectNode> s = data.object("subscription", sub);
      if (s.isEmpty()) {
        throw ApiException.noSuch("subscription", sub, "subscription");
      }
      customerId = s.get().path("customer").asText();
    }
    if (customerId == null || customerId.isEmpty()) {
      throw ApiException.missingParam("customer");
    }
    if (data.get(customers.name(), customerId).isEmpty()) {
      throw ApiException.noSuch("customer", customerId, "customer");
    }
    List<ObjectNode> lines = data.children(t.name(), customerId);
    if (lines.isEmpty()) {
      throw new ApiException(404, "invalid_request_error", "invoice_upcoming_none", null,
          "No upcoming invoices for customer: " + customerId);
    }
    return list(t, lines, q, path, Set.of("customer"), null);
  }

  private static String last(List<String> v) {
    return v.get(v.size() - 1);
  }

  private static long parseLong(String param, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalid(param, "Invalid integer: " + v);
    }
  }

  private static String oneOf(List<String> values) {
    if (values.size() == 1) {
      return values.get(0);
    }
    return String.join(", ", values.subList(0, values.size() - 1)) + ", or " + values.get(values.size() - 1);
  }

  /** The text of the value at a column's path, a referenced object's id, or null. */
  private static JsonNode valueAt(JsonNode row, ApiColumn c) {
    JsonNode v = JsonPaths.at(row, c.path());
    if (v != null && v.isObject() && v.has("id")) {
      v = v.get("id");
    }
    return v == null || v.isNull() ? null : v;
  }

  private Predicate<JsonNode> filterPredicate(ApiTable t, Map<String, List<String>> q, Set<String> extra) {
    List<Predicate<JsonNode>> preds = new ArrayList<>();
    Map<String, List<String>> inValues = new LinkedHashMap<>();
    boolean statusRule = t.scanParamsOrEmpty().containsKey("status");
    boolean statusGiven = false;
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      String key = e.getKey();
      if (PAGING.contains(key) || isExpandKey(key) || extra.contains(key)) {
        continue;
      }
      int br = key.indexOf('[');
      String base = br < 0 ? key : key.substring(0, br);
      String suffix = br < 0 ? "" : key.substring(br);
      String value = last(e.getValue());
      ApiFilter f = t.filter(base).orElse(null);
      if (statusRule && "status".equals(base)) {
        if (!suffix.isEmpty()) {
          throw ApiException.unknownParam(key);
        }
        List<String> allowed = f != null && f.values() != null ? f.values() : SUBSCRIPTION_STATUSES;
        if (!allowed.contains(value)) {
          throw ApiException.invalid(key, "Invalid status: must be one of " + oneOf(allowed));
        }
        statusGiven = true;
        ApiColumn c = t.column("status").orElse(null);
        if (c != null && !"all".equals(value)) {
          Set<String> want = "ended".equals(value) ? Set.of("canceled", "incomplete_expired") : Set.of(value);
          preds.add(row -> {
            JsonNode v = valueAt(row, c);
            return v != null && want.contains(v.asText());
          });
        }
        continue;
      }
      if (f == null) {
        if (t.scanParamsOrEmpty().containsKey(base) && suffix.isEmpty()) {
          continue;
        }
        throw ApiException.unknownParam(key);
      }
      ApiColumn c = f.column() == null ? null : t.column(f.column()).orElse(null);
      switch (f.kind()) {
        case RANGE -> {
          String op = switch (suffix) {
            case "" -> "eq";
            case "[gt]" -> "gt";
            case "[gte]" -> "gte";
            case "[lt]" -> "lt";
            case "[lte]" -> "lte";
            default -> throw ApiException.unknownParam(key);
          };
          long bound = parseLong(key, value);
          if (c != null && !c.path().isEmpty()) {
            preds.add(row -> {
              JsonNode v = valueAt(row, c);
              if (v == null || !v.isNumber()) {
                return false;
              }
              long x = v.asLong();
              return switch (op) {
                case "gt" -> x > bound;
                case "gte" -> x >= bound;
                case "lt" -> x < bound;
                case "lte" -> x <= bound;
                default -> x == bound;
              };
            });
          }
        }
        case EQUALS -> {
          if (!suffix.isEmpty()) {
            throw ApiException.unknownParam(key);
          }
          switch (f.valueType() == null ? "string" : f.valueType()) {
            case "boolean" -> {
              if (!value.equals("true") && !value.equals("false")) {
                throw ApiException.invalid(key, "Invalid boolean: " + value);
              }
            }
            case "integer" -> parseLong(key, value);
            default -> {
              if (f.values() != null && !f.values().contains(value)) {
                throw ApiException.invalid(key, "Invalid " + key + ": must be one of " + oneOf(f.values()));
              }
            }
          }
          if (c != null && !c.path().isEmpty()) {
            boolean integer = "integer".equals(f.valueType());
            preds.add(row -> {
              JsonNode v = valueAt(row, c);
              if (v == null) {
                return false;
              }
              if (integer) {
                return v.isNumber() && v.asLong() == Long.parseLong(value.trim());
              }
              return v.isValueNode() && v.asText().equals(value);
            });
          }
        }
        case IN -> {
          if (!suffix.isEmpty() && !suffix.equals("[]") && !suffix.matches("\\[\\d+]")) {
            throw ApiException.unknownParam(key);
          }
          inValues.computeIfAbsent(base, k -> new ArrayList<>()).addAll(e.getValue());
        }
        case OTHER -> {
          // accepted, not applied
        }
      }
    }
    inValues.forEach((base, values) -> {
      ApiFilter f = t.filter(base).orElseThrow();
      ApiColumn c = f.column() == null ? null : t.column(f.column()).orElse(null);
      if (c != null && !c.path().isEmpty()) {
        Set<String> set = Set.copyOf(values);
        preds.add(row -> {
          JsonNode v = valueAt(row, c);
          return v != null && set.contains(v.asText());
        });
      }
    });
    for (ApiFilter f : t.filters()) {
      if (f.isRequired() && q.keySet().stream().noneMatch(k -> k.equals(f.param())
          || k.startsWith(f.param() + "["))) {
        throw ApiException.missingParam(f.param());
      }
    }
    if (statusRule && !statusGiven) {
      ApiColumn c = t.column("status").orElse(null);
      if (c != null) {
        preds.add(row -> {
          JsonNode v = valueAt(row, c);
          return v == null || !"canceled".equals(v.asText());
        });
      }
    }
    return row -> {
      for (Predicate<JsonNode> p : preds) {
        if (!p.test(row)) {
          return false;
        }
      }
      return true;
    };
  }

  private static int limit(Map<String, List<String>> q) {
    String l = single(q, "limit");
    if (l == null) {
      return 10;
    }
    long n = parseLong("limit", l);
    if (n < 1) {
      throw ApiException.invalid("limit", "This value must be greater than or equal to 1.");
    }
    if (n > 100) {
      throw ApiException.invalid("limit", "This value must be less than or equal to 100 (it currently is '"
          + n + "').");
    }
    return (int) n;
  }

  private JsonNode list(ApiTable t, List<ObjectNode> rows, Map<String, List<String>> q, String url,
      Set<String> extra, Predicate<JsonNode> more) {
    int limit = limit(q);
    Predicate<JsonNode> filter = filterPredicate(t, q, extra);
    List<String> expand = listExpand(q);
    validateExpand(t, expand);
    String after = single(q, "starting_after");
    String before = single(q, "ending_before");
    if (after != null && before != null) {
      throw ApiException.invalid("ending_before",
          "You may only specify one of these parameters: ending_before, starting_after.");
    }
    List<ObjectNode> page = new ArrayList<>();
    boolean hasMore;
    if (before != null) {
      ObjectNode cursor = cursor(t, before, "ending_before");
      List<ObjectNode> preceding = new ArrayList<>();
      for (ObjectNode r : rows) {
        if (DataSet.STRIPE_ORDER.compare(r, cursor) < 0 && filter.test(r)) {
          preceding.add(r);
        }
      }
      hasMore = preceding.size() > limit;
      page.addAll(preceding.subList(Math.max(0, preceding.size() - limit), preceding.size()));
    } else {
      ObjectNode cursor = after == null ? null : cursor(t, after, "starting_after");
      hasMore = false;
      for (ObjectNode r : rows) {
        if (cursor != null && DataSet.STRIPE_ORDER.compare(r, cursor) <= 0) {
          continue;
        }
        if (filter.test(r)) {
          if (page.size() == limit) {
            hasMore = true;
            break;
          }
          page.add(r);
        }
      }
    }
    ObjectNode out = MAPPER.createObjectNode();
    out.put("object", "list");
    ArrayNode arr = out.putArray("data");
    for (ObjectNode r : page) {
      arr.add(expand(r, t, expand));
    }
    out.put("has_more", hasMore);
    out.put("url", url);
    return out;
  }

  private ObjectNode cursor(ApiTable t, String id, String param) {
    return data.get(t.name(), id).orElseThrow(() -> ApiException.noSuch(objectName(t), id, param));
  }

  /** Expand paths of a list or search call, without their {@code data.} prefix. */
  private static List<String> listExpand(Map<String, List<String>> q) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      if (isExpandKey(e.getKey())) {
        for (String p : e.getValue()) {
          if (!p.startsWith("data.")) {
            throw ApiException.invalid("expand", "This property cannot be expanded (" + p
                + "). You may want to try expanding 'data." + p + "' instead.");
          }
          out.add(p.substring(5));
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ retrieve, search, expand

  private JsonNode retrieve(ApiTable t, List<String> params, Map<String, List<String>> q) {
    List<String> expand = expandParams(q, Set.of());
    validateExpand(t, expand);
    String id = params.get(params.size() - 1);
    ObjectNode o;
    if (t.kind() == TableKind.CHILD && t.parent().pathParam() != null && params.size() >= 2) {
      ApiTable parentTable = catalog.table(t.parent().table()).orElseThrow();
      String parentId = params.get(0);
      if (data.get(parentTable.name(), parentId).isEmpty()) {
        throw ApiException.noSuch(objectName(parentTable), parentId, "id");
      }
      o = data.get(t.name(), id).filter(x -> parentId.equals(data.parentOf(t.name(), id)))
          .orElseThrow(() -> ApiException.noSuch(objectName(t), id, "id"));
    } else {
      o = data.get(t.name(), id).orElseThrow(() -> ApiException.noSuch(objectName(t), id, "id"));
    }
    return expand(o, t, expand);
  }

  private JsonNode search(ApiTable t, Map<String, List<String>> q) {
    List<String> expand = new ArrayList<>();
    for (String k : q.keySet()) {
      if (!Set.of("query", "limit", "page").contains(k) && !isExpandKey(k)) {
        throw ApiException.unknownParam(k);
      }
    }
    expand.addAll(listExpand(q));
    validateExpand(t, expand);
    int limit = limit(q);
    Predicate<JsonNode> p = SearchQuery.parse(single(q, "query"), t);
    int offset = 0;
    String page = single(q, "page");
    if (page != null && !page.isEmpty()) {
      offset = decodePage(page);
    }
    List<ObjectNode> matches = new ArrayList<>();
    for (ObjectNode r : data.list(t.name())) {
      if (p.test(r)) {
        matches.add(r);
      }
    }
    int end = Math.min(matches.size(), offset + limit);
    ObjectNode out = MAPPER.createObjectNode();
    out.put("object", "search_result");
    ArrayNode arr = out.putArray("data");
    for (int i = Math.min(offset, end); i < end; i++) {
      arr.add(expand(matches.get(i), t, expand));
    }
    boolean hasMore = end < matches.size();
    out.put("has_more", hasMore);
    if (hasMore) {
      out.put("next_page", encodePage(end));
    } else {
      out.putNull("next_page");
    }
    out.put("url", t.search().path());
    return out;
  }

  private static String encodePage(int offset) {
    return "page_" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int decodePage(String token) {
    try {
      if (token.startsWith("page_")) {
        String s = new String(Base64.getUrlDecoder().decode(token.substring(5)), StandardCharsets.UTF_8);
        if (s.startsWith("offset:")) {
          int n = Integer.parseInt(s.substring(7));
          if (n >= 0) {
            return n;
          }
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through
    }
    throw ApiException.invalid("page", "Invalid page token: " + token);
  }

  /** The reference column whose path is a prefix of the segments, if any. */
  private static ApiColumn refColumn(ApiTable t, List<String> segs) {
    ApiColumn best = null;
    for (ApiColumn c : t.columns()) {
      if (c.ref() != null && !c.path().isEmpty() && c.path().size() <= segs.size()
          && segs.subList(0, c.path().size()).equals(c.path())
          && (best == null || c.path().size() > best.path().size())) {
        best = c;
      }
    }
    return best;
  }

  private void validateExpand(ApiTable t, List<String> paths) {
    for (String p : paths) {
      ApiTable table = t;
      List<String> segs = List.of(p.split("\\."));
      while (true) {
        ApiColumn c = table == null ? null : refColumn(table, segs);
        if (c == null) {
          throw ApiException.invalid("expand", "This property cannot be expanded (" + p + ").");
        }
        segs = segs.subList(c.path().size(), segs.size());
        if (segs.isEmpty()) {
          break;
        }
        table = catalog.tableForObject(c.ref()).orElse(null);
      }
    }
  }

  private JsonNode expand(ObjectNode row, ApiTable t, List<String> paths) {
    if (paths.isEmpty()) {
      return row;
    }
    ObjectNode copy = row.deepCopy();
    for (String p : paths) {
      expandPath(copy, t, List.of(p.split("\\.")));
    }
    return copy;
  }

  private void expandPath(ObjectNode node, ApiTable t, List<String> segs) {
    ApiColumn c = t == null ? null : refColumn(t, segs);
    if (c == null) {
      return;
    }
    JsonNode v = JsonPaths.at(node, c.path());
    ObjectNode target;
    if (v != null && v.isTextual()) {
      Optional<ObjectNode> o = data.object(c.ref(), v.asText());
      if (o.isEmpty()) {
        o = data.anyById(v.asText());
      }
      if (o.isEmpty()) {
        return;
      }
      target = o.get().deepCopy();
      JsonPaths.setAt(node, c.path(), target);
    } else if (v instanceof ObjectNode already) {
      target = already;
    } else {
      return;
    }
    List<String> rest = segs.subList(c.path().size(), segs.size());
    if (!rest.isEmpty()) {
      expandPath(target, catalog.tableForObject(c.ref()).orElse(null), rest);
    }
  }

  @Override
  public String toString() {
    return "StripeEmulator[" + (server == null ? "stopped" : baseUrl()) + "]";
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
