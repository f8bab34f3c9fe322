package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.adapter.mirror.MirrorStatus;
import org.stripesql.adapter.mirror.MirrorStatusListeners;
import org.stripesql.emulator.StripeEmulator;

/**
 * ConnectedAccounts=oauth over the gateway: the served web flow connects one account after another to the
 * same schema, each account's tokens in a file of its own, refreshed on their own; a statement reads every
 * account connected so far with its own token.
 */
class ConnectedAccountsOAuthOverGatewayTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void theServedFlowConnectsManyAccountsToOneSchema() throws Exception {
    try (StripeEmulator emu = StripeEmulator.builder().host("127.0.0.1").port(0).connectedAccounts(3).build()
        .start()) {
      Path settings = tmp.resolve("oauth/platform.json");
      StripeSqlGateway g = StripeSqlGateway.builder().model(model(emu, settings)).host("127.0.0.1").port(0).build()
          .start();
      try {
        String sql = "SELECT account, count(*) FROM charges GROUP BY account";
        try (Connection c = DriverManager.getConnection(g.jdbcUrl("127.0.0.1"), "", "")) {
          assertEquals(Map.of(), counts(c, sql), "no account connected yet: no rows");
        }
        for (int i = 0; i < 2; i++) {
          HttpResponse<String> page = new OAuthOverGatewayTest.Browser().open(OAuthOverGatewayTest.base(g)
              .resolve("/oauth/authorize"));
          assertEquals(200, page.statusCode(), page.body());
          assertTrue(page.body().contains(emu.connectedAccounts().get(i)), page.body());
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String a : emu.connectedAccounts().subList(0, 2)) {
          expected.put(a, (long) emu.data(a).list("charges").size());
        }
        Path dir = tmp.resolve("oauth/platform-accounts");
        try (Stream<Path> files = Files.list(dir)) {
          assertEquals(expected.keySet().stream().map(a -> a + ".json").collect(Collectors.toSet()),
              files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).collect(Collectors.toSet()));
        }
        for (String a : expected.keySet()) {
          assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(a
              + ".json"))));
        }
        try (Connection c = DriverManager.getConnection(g.jdbcUrl("127.0.0.1"), "", "")) {
          assertEquals(expected, counts(c, sql));
          assertTrue(emu.requestLog().requests().stream().filter(r -> r.path().equals("/v1/charges"))
              .allMatch(r -> expected.containsKey(r.account())), "each account read with its own token");
          // every access token expires: each account refreshes its own, once
          long refreshes = emu.oauth().refreshRequests();
          emu.oauth().expireAccessTokens();
          assertEquals(expected, counts(c, sql));
          assertEquals(refreshes + 2, emu.oauth().refreshRequests());
          String first = expected.keySet().iterator().next();
          String token = MAPPER.readTree(Files.readString(dir.resolve(first + ".json"))).path("access_token").asText();
          assertTrue(emu.oauth().isValidAccessToken(token), "the refreshed token was stored in the account's file");
        }
        assertEquals(Set.copyOf(expected.keySet()), Set.copyOf(emu.connectedAccounts().subList(0, 2)));
      } finally {
        g.close();
      }
    }
  }

  /** The mirror of an oauth platform: an account connected through the flow gets its copy and is read from it. */
  @Test
  void theMirrorReadsEveryAccountConnectedThroughTheFlow() throws Exception {
    try (StripeEmulator emu = StripeEmulator.builder().host("127.0.0.1").port(0).connectedAccounts(3).build()
        .start()) {
      ModelSource model = model(emu, tmp.resolve("oauth/platform.json"), Map.of("Mirror", "charges",
          "MirrorStore", tmp.resolve("mirror").toString(), "MirrorRefreshSeconds", "0.2"));
      StripeSqlGateway g = StripeSqlGateway.builder().model(model).host("127.0.0.1").port(0).build().start();
      Semaphore published = new Semaphore(0);
      Consumer<MirrorStatus> listener = st -> published.release();
      MirrorStatusListeners.register(listener);
      try (Connection c = DriverManager.getConnection(g.jdbcUrl("127.0.0.1"), "", "")) {
        String sql = "SELECT account, count(*) FROM charges GROUP BY account";
        for (int i = 0; i < 2; i++) {
          HttpResponse<String> page = new OAuthOverGatewayTest.Browser().open(OAuthOverGatewayTest.base(g)
              .resolve("/oauth/authorize"));
          assertEquals(200, page.statusCode(), page.body());
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String a : emu.connectedAccounts().subList(0, 2)) {
          expected.put(a, (long) emu.data(a).list("charges").size());
        }
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!readsTheMirrorWithAccounts(c, 2)) {
          assertTrue(published.tryAcquire(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS),
              "the mirror of both accounts going live");
        }
        emu.requestLog().clear();
        assertEquals(expected, counts(c, sql));
        assertTrue(emu.requestLog().requests().stream().noneMatch(r -> r.path().equals("/v1/charges")),
            "read from the mirror: " + emu.requestLog().requests());
        assertTrue(emu.requestLog().requests().stream().filter(r -> r.path().equals("/v1/events"))
            .allMatch(r -> expected.containsKey(r.account())), "each account polls its events with its own token");
      } finally {
        MirrorStatusListeners.unregister(listener);
        g.close();
        StripeAdapter.closeMirrors();
      }
    }
  }

  /** Whether charges is read from the mirror, with the copies of {@code accounts} accounts. */
  private static boolean readsTheMirrorWithAccounts(Connection c, int accounts) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT read_from, \"rows\" FROM mirror_status WHERE table_name = 'charges'")) {
      if (!rs.next() || !"mirror".equals(rs.getString(1))) {
        return false;
      }
    }
    return counts(c, "SELECT account, count(*) FROM charges GROUP BY account").size() == accounts;
  }

  private static Map<String, Long> counts(Connection c, String sql) throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return new LinkedHashMap<>(out.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, LinkedHashMap::new)));
  }

  private static ModelSource model(StripeEmulator emu, Path settings) {
    return model(emu, settings, Map.of());
  }

  private static ModelSource model(StripeEmulator emu, Path settings, Map<String, String> more) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", "1.0");
    root.put("defaultSchema", "stripe");
    ObjectNode schema = root.putArray("schemas").addObject();
    schema.put("name", "stripe");
    schema.put("type", "custom");
    schema.put("factory", StripeAdapter.SCHEMA_FACTORY);
    ObjectNode op = schema.putObject("operand");
    op.put("apiBase", emu.baseUrl());
    op.put("RateLimit", "100000");
    op.put("OAuthClientId", OAuthOverGatewayTest.CLIENT_ID);
    op.put("OAuthClientSecret", OAuthOverGatewayTest.PLATFORM_SECRET);
    op.put("connectBase", emu.baseUrl());
    op.put("InitiateOAuth", "REFRESH");
    op.put("OAuthSettingsLocation", settings.toString());
    op.put("ConnectedAccounts", "oauth");
    more.forEach(op::put);
    return ModelSource.inline(root.toString());
  }
}
