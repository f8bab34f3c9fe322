package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.adapter.oauth.OAuthBrowser;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * Stripe authentication end to end: API keys, and Stripe Connect OAuth (table functions, the served web
 * flow, the desktop flow, refresh, the settings file), through the gateway and the Avatica thin driver
 * against the emulator on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthOverGatewayTest {
  static final String PLATFORM_SECRET = "sk_test_platformSecret_7f3a9c1e5b";
  static final String CLIENT_ID = "ca_stripesqlTests01";
  static final String REVOKED_KEY = "sk_test_revokedGatewayKey_1c2d3e";
  static final ObjectMapper MAPPER = new ObjectMapper();

  StripeEmulator emulator;
  final List<StripeSqlGateway> gateways = new ArrayList<>();
  int charges;

  @TempDir
  Path tmp;

  @BeforeAll
  void startEmulator() throws Exception {
    emulator = StripeEmulator.builder().host("127.0.0.1").port(0).revokedKey(REVOKED_KEY).build().start();
    charges = emulator.data().list("charges").size();
    assertTrue(charges > 200, "charges span several Stripe pages");
  }

  @AfterAll
  void stopEmulator() {
    emulator.close();
  }

  @AfterEach
  void stopGateways() {
    gateways.forEach(StripeSqlGateway::close);
    gateways.clear();
    OAuthBrowser.override(null);
    emulator.oauth().accessTokenTtl(null);
    emulator.oauth().tokenDelay(null);
  }

  // ------------------------------------------------------------------ helpers

  ModelSource model(Map<String, String> operands) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", "1.0");
    root.put("defaultSchema", "stripe");
    ObjectNode schema = root.putArray("schemas").addObject();
    schema.put("name", "stripe");
    schema.put("type", "custom");
    schema.put("factory", StripeAdapter.SCHEMA_FACTORY);
    ObjectNode op = schema.putObject("operand");
    op.put("apiBase", emulator.baseUrl());
    op.put("RateLimit", "100000");
    operands.forEach(op::put);
    return ModelSource.inline(root.toString());
  }

  Map<String, String> oauthOperands(String mode, Path settings) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("OAuthClientId", CLIENT_ID);
    m.put("OAuthClientSecret", PLATFORM_SECRET);
    m.put("connectBase", emulator.baseUrl());
    m.put("InitiateOAuth", mode);
    m.put("OAuthSettingsLocation", settings.toString());
    return m;
  }

  StripeSqlGateway start(ModelSource model) throws Exception {
    StripeSqlGateway g = StripeSqlGateway.builder().model(model).host("127.0.0.1").port(0).build().start();
    gateways.add(g);
    return g;
  }

  static Connection connect(StripeSqlGateway g) throws SQLException {
    return DriverManager.getConnection(g.jdbcUrl("127.0.0.1"), "", "");
  }

  static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  static Map<String, Object> oneRow(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), "a row from " + sql);
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
      }
      assertFalse(rs.next(), "one row from " + sql);
      return row;
    }
  }

  /** One row of a prepared statement (codes and tokens go as parameters, so the SQL text holds none). */
  static Map<String, Object> oneRow(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "a row from " + sql);
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        assertFalse(rs.next(), "one row from " + sql);
        return row;
      }
    }
  }

  /** Stripe approves at once: the code of the redirect, without following it. */
  String approve(String redirectUri) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
        + "/oauth/authorize?response_type=code&client_id=" + CLIENT_ID + "&redirect_uri=" + redirectUri + "&state=s"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, r.statusCode());
    return query(URI.create(r.headers().firstValue("Location").orElseThrow())).get("code");
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> q = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  /** A browser: follows redirects one by one and remembers every URL it visited. */
  static final class Browser {
    final List<URI> visited = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> open(URI uri) {
      try {
        for (int i = 0; i < 10; i++) {
          visited.add(uri);
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() / 100 != 3) {
            return r;
          }
          uri = uri.resolve(r.headers().firstValue("Location").orElseThrow());
        }
        throw new AssertionError("too many redirects");
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    }

    /** Values of a query parameter over every visited URL. */
    List<String> params(String name) {
      return visited.stream().map(u -> query(u).get(name)).filter(v -> v != null).toList();
    }
  }

  static URI base(StripeSqlGateway g) {
    return URI.create("http://127.0.0.1:" + g.port());
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  List<RecordedRequest> served(String path) {
    return emulator.requestLog().requests().stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Connects an account through the gateway's served flow; returns the browser. */
  Browser connectThroughGateway(StripeSqlGateway g) {
    Browser b = new Browser();
    HttpResponse<String> page = b.open(base(g).resolve("/oauth/authorize"));
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("connected"), page.body());
    return b;
  }

  JsonNode settingsJson(Path file) throws Exception {
    return MAPPER.readTree(Files.readString(file));
  }

  // ------------------------------------------------------------------ API keys

  @Test
  void apiKeysWorkAndARejectedKeyIs28000WithoutTheKey() throws Exception {
    StripeSqlGateway secret = start(model(Map.of("OAuthAccessToken", "sk_test_goodKey_123456")));
    StripeSqlGateway restricted = start(model(Map.of("OAuthAccessToken", "rk_test_restrictedKey_987654")));
    StripeSqlGateway revoked = start(model(Map.of("OAuthAccessToken", REVOKED_KEY)));
    try (Connection c = connect(secret)) {
      assertEquals(charges, count(c, "charges"));
    }
    try (Connection c = connect(restricted)) {
      assertEquals(charges, count(c, "charges"));
    }
    try (Connection c = connect(revoked)) {
      SQLException e = assertThrows(SQLException.class, () -> count(c, "customers"));
      assertEquals("28000", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("401") && e.getMessage().contains("rejected the API key"), e.getMessage());
      assertFalse(e.getMessage().contains(REVOKED_KEY), e.getMessage());
      assertFalse(e.getMessage().contains(REVOKED_KEY.substring(REVOKED_KEY.length() - 6)), e.getMessage());
    }
  }

  // ------------------------------------------------------------------ the web flow as SQL

  @Test
  void tableFunctionsRunTheWebFlowOverTheThinDriver() throws Exception {
    Map<String, String> ops = oauthOperands("OFF", tmp.resolve("functions.json"));
    StripeSqlGateway g = start(model(ops));
    String callback = "http://127.0.0.1:9/app/callback";
    try (Connection c = connect(g)) {
      Map<String, Object> url = oneRow(c, "SELECT * FROM TABLE(stripe.GetOAuthAuthorizationURL('" + callback
          + "', 'read_write', 'st4te-1'))");
      assertEquals(List.of("URL"), List.copyOf(url.keySet()));
      URI authorize = URI.create((String) url.get("URL"));
      assertEquals(emulator.baseUrl() + "/oauth/authorize", authorize.getScheme() + "://" + authorize.getAuthority()
          + authorize.getPath());
      Map<String, String> q = query(authorize);
      assertEquals("code", q.get("response_type"));
      assertEquals(CLIENT_ID, q.get("client_id"));
      assertEquals("read_write", q.get("scope"));
      assertEquals(callback, q.get("redirect_uri"));
      assertEquals("st4te-1", q.get("state"));

      // the user approves: Stripe redirects to the app's callback with the code (the app is not running)
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authorize).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(302, r.statusCode());
      Map<String, String> redirect = query(URI.create(r.headers().firstValue("Location").orElseThrow()));
      assertEquals("st4te-1", redirect.get("state"));
      String code = redirect.get("code");

      Map<String, Object> t = oneRow(c, "SELECT * FROM TABLE(stripe.GetOAuthAccessToken(?, ?))", code, callback);
      assertEquals(List.of("OAuthAccessToken", "OAuthRefreshToken", "ExpiresIn", "StripeUserId", "Scope", "Livemode"),
          List.copyOf(t.keySet()));
      String access = (String) t.get("OAuthAccessToken");
      String refresh = (String) t.get("OAuthRefreshToken");
      assertTrue(emulator.oauth().isValidAccessToken(access));
      assertTrue(((String) t.get("StripeUserId")).startsWith("acct_"));
      assertEquals("read_write", t.get("Scope"));
      assertEquals(Boolean.FALSE, t.get("Livemode"));
      assertNull(t.get("ExpiresIn"), "the emulator, like Stripe, gives no lifetime by default");

      // the code is single-use
      SQLException reused = assertThrows(SQLException.class,
          () -> oneRow(c, "SELECT * FROM TABLE(stripe.GetOAuthAccessToken(?, NULL))", code));
      assertEquals("28000", reused.getSQLState());
      assertTrue(reused.getMessage().contains("invalid_grant"), reused.getMessage());
      assertFalse(reused.getMessage().contains(code), reused.getMessage());

      Map<String, Object> t2 = oneRow(c, "SELECT OAuthAccessToken, OAuthRefreshToken, StripeUserId FROM"
          + " TABLE(stripe.RefreshOAuthAccessToken(?))", refresh);
      assertNotEquals(access, t2.get("OAuthAccessToken"));
      assertNotEquals(refresh, t2.get("OAuthRefreshToken"));
      assertEquals(t.get("StripeUserId"), t2.get("StripeUserId"));
      assertTrue(emulator.oauth().isValidAccessToken((String) t2.get("OAuthAccessToken")));

      // refresh tokens rotate: the used one is refused, and the message does not repeat it
      SQLException old = assertThrows(SQLException.class,
          () -> oneRow(c, "SELECT * FROM TABLE(stripe.RefreshOAuthAccessToken(?))", refresh));
      assertEquals("28000", old.getSQLState());
      assertTrue(old.getMessage().contains("invalid_grant"), old.getMessage());
      assertFalse(old.getMessage().contains(refresh), old.getMessage());
    }
    assertFalse(Files.exists(tmp.resolve("functions.json")), "the functions store nothing");
  }

  @Test
  void authorizationUrlDefaultsToTheOperands() throws Exception {
    Map<String, String> ops = oauthOperands("OFF", tmp.resolve("defaults.json"));
    ops.put("CallbackURL", "https://app.example.com/stripe/callback");
    ops.put("Scope", "read_write");
    try (Connection c = connect(start(model(ops)))) {
      Map<String, String> q = query(URI.create((String) oneRow(c,
          "SELECT URL FROM TABLE(stripe.GetOAuthAuthorizationURL(NULL, NULL, NULL))").get("URL")));
      assertEquals("https://app.example.com/stripe/callback", q.get("redirect_uri"));
      assertEquals("read_write", q.get("scope"));
      assertTrue(q.get("state").length() >= 20, "a fresh random state: " + q.get("state"));
    }
  }

  // ------------------------------------------------------------------ the served web flow

  @Test
  void servedWebFlowConnectsTheAccountAndRejectsStateReplays() throws Exception {
    Path settings = tmp.resolve("served/oauth-settings.json");
    StripeSqlGateway g = start(model(oauthOperands("REFRESH", settings)));
    try (Connection c = connect(g)) {
      SQLException none = assertThrows(SQLException.class, () -> count(c, "customers"));
      assertEquals("28000", none.getSQLState());
      assertTrue(none.getMessage().contains("/oauth/authorize"), none.getMessage());
    }
    long exchanges = emulator.oauth().tokenRequests();
    Browser b = new Browser();
    HttpResponse<String> page = b.open(base(g).resolve("/oauth/authorize"));
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("is connected"), page.body());
    assertTrue(page.body().contains(g.jdbcUrl("127.0.0.1")), page.body());
    assertEquals(exchanges + 1, emulator.oauth().tokenRequests());
    // the browser went gateway -> Stripe -> gateway callback
    assertEquals(3, b.visited.size(), b.visited.toString());
    assertTrue(b.visited.get(1).toString().startsWith(emulator.baseUrl() + "/oauth/authorize?"));
    assertEquals(base(g).resolve("/oauth/callback").toString(), query(b.visited.get(1)).get("redirect_uri"));
    assertEquals("/oauth/callback", b.visited.get(2).getPath());

    JsonNode stored = settingsJson(settings);
    assertTrue(emulator.oauth().isValidAccessToken(stored.path("access_token").asText()));
    assertTrue(stored.path("stripe_user_id").asText().startsWith("acct_"));
    assertTrue(page.body().contains(stored.path("stripe_user_id").asText()));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.getParent())));
    try (Stream<Path> files = Files.list(settings.getParent())) {
      assertEquals(Set.of("oauth-settings.json", "oauth-settings.json.lock"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
          "no temporary file is left behind");
    }
    try (Connection c = connect(g)) {
      assertEquals(emulator.data().list("customers").size(), count(c, "customers"));
    }

    // replaying the callback (same state, same code): 400, nothing changes
    byte[] before = Files.readAllBytes(settings);
    long tokenCalls = emulator.oauth().tokenRequests();
    HttpResponse<String> replay = new Browser().open(b.visited.get(2));
    assertEquals(400, replay.statusCode());
    assertTrue(replay.body().contains("Nothing was changed"), replay.body());
    // a state the gateway never issued, with a fresh valid code: 400, the code is not even exchanged
    HttpResponse<String> loose = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
        + "/oauth/authorize?response_type=code&client_id=" + CLIENT_ID + "&redirect_uri="
        + base(g).resolve("/oauth/callback") + "&state=forged")).GET().build(), HttpResponse.BodyHandlers.ofString());
    URI forged = URI.create(loose.headers().firstValue("Location").orElseThrow());
    assertEquals("forged", query(forged).get("state"));
    HttpResponse<String> mismatch = new Browser().open(forged);
    assertEquals(400, mismatch.statusCode());
    assertEquals(tokenCalls, emulator.oauth().tokenRequests(), "no code exchange for a wrong or reused state");
    assertArrayEquals(before, Files.readAllBytes(settings), "the stored tokens did not change");

    // persistence: a new gateway with the same model reads the stored tokens; no OAuth call is needed
    g.close();
    StripeSqlGateway again = start(model(oauthOperands("REFRESH", settings)));
    try (Connection c = connect(again)) {
      assertEquals(charges, count(c, "charges"));
    }
    assertEquals(tokenCalls, emulator.oauth().tokenRequests(), "the restarted gateway used the stored token");
  }

  @Test
  void servedFlowShowsAccessDeniedAndStoresNothing() throws Exception {
    Path settings = tmp.resolve("denied.json");
    Map<String, String> ops = oauthOperands("REFRESH", settings);
    ops.put("OAuthClientId", "ca_deny_tests");
    StripeSqlGateway g = start(model(ops));
    HttpResponse<String> page = new Browser().open(base(g).resolve("/oauth/authorize"));
    assertEquals(400, page.statusCode());
    assertTrue(page.body().contains("access_denied"), page.body());
    assertTrue(page.body().contains("The user denied your request"), page.body());
    assertFalse(Files.exists(settings));
  }

  // ------------------------------------------------------------------ the desktop flow and refresh

  @Test
  void desktopFlowThenRefreshMidScanWithoutLosingOrRepeatingRows() throws Exception {
    Path settings = tmp.resolve("desktop.json");
    Map<String, String> ops = oauthOperands("GETANDREFRESH", settings);
    ops.put("CallbackURL", "http://127.0.0.1:" + freePort() + "/callback");
    StripeSqlGateway g = start(model(ops));
    Browser browser = new Browser();
    AtomicInteger opened = new AtomicInteger();
    List<Integer> callbackStatus = new CopyOnWriteArrayList<>();
    OAuthBrowser.override(uri -> {
      opened.incrementAndGet();
      // a stray redirect with a wrong state is refused, and the flow keeps waiting for the real one
      URI stray = URI.create(ops.get("CallbackURL") + "?code=ac_stray&state=wrong");
      callbackStatus.add(browser.open(stray).statusCode());
      callbackStatus.add(browser.open(uri).statusCode());
    });
    try (Connection c = connect(g)) {
      assertEquals(emulator.data().list("customers").size(), count(c, "customers"));
    }
    assertEquals(1, opened.get());
    assertEquals(List.of(400, 200), callbackStatus);
    Map<String, String> auth = query(browser.visited.get(1));
    assertEquals(CLIENT_ID, auth.get("client_id"));
    assertEquals("read_only", auth.get("scope"));
    assertEquals(ops.get("CallbackURL"), auth.get("redirect_uri"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
    String firstToken = settingsJson(settings).path("access_token").asText();

    // expire the token in the middle of a scan: the adapter refreshes and asks for the same page again
    long refreshes = emulator.oauth().refreshRequests();
    emulator.requestLog().clear();
    Set<String> ids = new HashSet<>();
    int rows = 0;
    try (Connection c = connect(g); Statement s = c.createStatement()) {
      s.setFetchSize(10);
      try (ResultSet rs = s.executeQuery("select id from charges")) {
        while (rs.next()) {
          if (rows == 0) {
            emulator.oauth().expireAccessTokens();
          }
          rows++;
          ids.add(rs.getString(1));
        }
      }
    }
    assertEquals(charges, rows, "no row lost or repeated");
    assertEquals(charges, ids.size());
    assertEquals(refreshes + 1, emulator.oauth().refreshRequests());
    List<RecordedRequest> pages = served("/v1/charges");
    assertTrue(pages.stream().anyMatch(r -> r.status() == 401), "the token expired mid-scan: " + pages);
    // every rejected page (several may be in flight at once) was asked for again with the new token
    for (RecordedRequest rejected : pages.stream().filter(r -> r.status() == 401).toList()) {
      assertTrue(pages.subList(pages.indexOf(rejected) + 1, pages.size()).stream()
          .anyMatch(r -> r.status() == 200 && r.query().equals(rejected.query())), "asked again: " + rejected);
    }
    assertNotEquals(firstToken, settingsJson(settings).path("access_token").asText(), "the new token is stored");
    assertEquals(1, opened.get(), "no second browser flow");
  }

  @Test
  void refreshesWhenTheStoredExpiryHasPassed() throws Exception {
    Path settings = tmp.resolve("ttl.json");
    emulator.oauth().accessTokenTtl(Duration.ofSeconds(7));
    StripeSqlGateway g = start(model(oauthOperands("REFRESH", settings)));
    connectThroughGateway(g);
    assertTrue(settingsJson(settings).has("expires_at"));
    long refreshes = emulator.oauth().refreshRequests();
    Thread.sleep(2500);   // within 5 s of the expiry: refreshed before the request, no 401
    emulator.requestLog().clear();
    try (Connection c = connect(g)) {
      assertEquals(emulator.data().list("customers").size(), count(c, "customers"));
    }
    assertEquals(refreshes + 1, emulator.oauth().refreshRequests());
    assertTrue(emulator.requestLog().requests().stream().noneMatch(r -> r.status() == 401));
  }

  @Test
  void concurrentConnectionsMakeOneRefresh() throws Exception {
    Path settings = tmp.resolve("concurrent.json");
    StripeSqlGateway g = start(model(oauthOperands("REFRESH", settings)));
    connectThroughGateway(g);
    int n = 4;
    List<Connection> conns = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      for (int i = 0; i < n; i++) {
        Connection c = connect(g);
        conns.add(c);
        assertEquals(emulator.data().list("customers").size(), count(c, "customers"));   // each connection has read with the first token
      }
      emulator.oauth().expireAccessTokens();
      emulator.oauth().tokenDelay(Duration.ofMillis(300));
      long refreshes = emulator.oauth().refreshRequests();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> results = new ArrayList<>();
      for (Connection c : conns) {
        results.add(pool.submit(() -> {
          go.await();
          return count(c, "customers");
        }));
      }
      go.countDown();
      for (Future<Long> f : results) {
        assertEquals(emulator.data().list("customers").size(), f.get());
      }
      assertEquals(refreshes + 1, emulator.oauth().refreshRequests(), "one refresh for " + n + " connections");
    } finally {
      pool.shutdownNow();
      for (Connection c : conns) {
        c.close();
      }
    }
  }

  @Test
  void corruptSettingsFileIsAnErrorNamingItAndIsKept() throws Exception {
    Path settings = tmp.resolve("corrupt.json");
    Files.writeString(settings, "{ not json");
    StripeSqlGateway g = start(model(oauthOperands("GETANDREFRESH", settings)));
    OAuthBrowser.override(uri -> {
      throw new AssertionError("no browser flow over a corrupt file");
    });
    try (Connection c = connect(g)) {
      SQLException e = assertThrows(SQLException.class, () -> count(c, "customers"));
      assertTrue(e.getMessage().contains(settings.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
    }
    HttpResponse<String> page = new Browser().open(base(g).resolve("/oauth/authorize"));
    assertEquals(502, page.statusCode());
    assertTrue(page.body().contains("corrupt"), page.body());
    assertEquals("{ not json", Files.readString(settings), "never overwritten");
  }

  // ------------------------------------------------------------------ no secret in the logs

  @Test
  void aFullOAuthRunLogsNoKeyCodeOrToken() throws Exception {
    Logger root =
        (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("org.stripesql");
    Level rootLevel = root.getLevel();
    Level ourLevel = ours.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.DEBUG);
    ours.setLevel(Level.TRACE);
    Set<String> secrets = new HashSet<>();
    secrets.add(PLATFORM_SECRET);
    secrets.add(REVOKED_KEY);
    try {
      Path settings = tmp.resolve("logged.json");
      Map<String, String> ops = oauthOperands("GETANDREFRESH", settings);
      ops.put("CallbackURL", "http://127.0.0.1:" + freePort() + "/callback");
      StripeSqlGateway g = start(model(ops));
      Browser browser = new Browser();
      OAuthBrowser.override(browser::open);
      try (Connection c = connect(g)) {
        assertEquals(charges, count(c, "charges"));                       // desktop flow
        secrets.add(settingsJson(settings).path("access_token").asText());
        secrets.add(settingsJson(settings).path("refresh_token").asText());
        emulator.oauth().expireAccessTokens();
        assertEquals(charges, count(c, "charges"));                       // refresh after 401
        secrets.add(settingsJson(settings).path("access_token").asText());
        secrets.add(settingsJson(settings).path("refresh_token").asText());
        // the SQL web flow, with a failure
        Map<String, String> q = query(URI.create((String) oneRow(c,
            "SELECT URL FROM TABLE(stripe.GetOAuthAuthorizationURL('http://127.0.0.1:9/cb', NULL, 's'))").get("URL")));
        String code = approve(q.get("redirect_uri"));
        secrets.add(code);
        Map<String, Object> t = oneRow(c, "SELECT * FROM TABLE(stripe.GetOAuthAccessToken(?, NULL))", code);
        secrets.add((String) t.get("OAuthAccessToken"));
        secrets.add((String) t.get("OAuthRefreshToken"));
        assertThrows(SQLException.class, () -> oneRow(c, "SELECT * FROM TABLE(stripe.GetOAuthAccessToken(?, NULL))",
            code));
        assertThrows(SQLException.class, () -> oneRow(c, "SELECT * FROM TABLE(stripe.RefreshOAuthAccessToken(?))",
            (String) t.get("OAuthRefreshToken") + "x"));
      }
      // the served flow, and a rejected key
      StripeSqlGateway served = start(model(oauthOperands("REFRESH", tmp.resolve("logged-served.json"))));
      Browser b = connectThroughGateway(served);
      secrets.addAll(b.params("code"));
      secrets.add(settingsJson(tmp.resolve("logged-served.json")).path("access_token").asText());
      secrets.add(settingsJson(tmp.resolve("logged-served.json")).path("refresh_token").asText());
      try (Connection c = connect(start(model(Map.of("OAuthAccessToken", REVOKED_KEY))))) {
        assertThrows(SQLException.class, () -> count(c, "customers"));
      }
      secrets.addAll(browser.params("code"));
    } finally {
      root.detachAppender(appender);
      root.setLevel(rootLevel);
      ours.setLevel(ourLevel);
    }
    assertTrue(secrets.size() >= 10, secrets.size() + " secrets collected");
    StringBuilder all = new StringBuilder();
    for (ILoggingEvent e : appender.list) {
      all.append(e.getLoggerName()).append(' ').append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) {
        all.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
      }
    }
    String log = all.toString();
    assertTrue(log.contains("Refreshing the Stripe OAuth access token"), "the run was logged:\n" + log);
    assertTrue(log.contains("Connected Stripe account"), log);
    for (String s : secrets) {
      assertNotNull(s);
      assertFalse(log.contains(s), "the log holds a secret of length " + s.length());
    }
  }
}
