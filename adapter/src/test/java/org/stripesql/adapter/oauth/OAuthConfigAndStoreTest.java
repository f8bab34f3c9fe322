package org.stripesql.adapter.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.config.InitiateOAuth;
import org.stripesql.adapter.config.StripeConfigException;
import org.stripesql.adapter.config.StripeSchemaConfig;

/** The OAuth operands' validation and the settings file, without a server. */
class OAuthConfigAndStoreTest {
  @TempDir
  Path tmp;

  private static StripeSchemaConfig parse(Map<String, Object> operands) {
    return StripeSchemaConfig.parse("stripe", operands, name -> null);
  }

  private static Map<String, Object> oauth(String mode) {
    Map<String, Object> m = new HashMap<>();
    m.put("OAuthClientId", "ca_abc123");
    m.put("OAuthClientSecret", "sk_test_platformSecretValue");
    m.put("InitiateOAuth", mode);
    return m;
  }

  @Test
  void oauthOperandsHaveDefaultsAndNeedNoAccessToken() {
    StripeSchemaConfig c = parse(oauth("getandrefresh"));
    assertEquals(InitiateOAuth.GETANDREFRESH, c.initiateOAuth());
    assertEquals("read_only", c.scope());
    assertEquals("https://connect.stripe.com", c.connectBase());
    assertEquals("http://127.0.0.1:33333/callback", c.callbackUrl());
    assertEquals(Path.of(System.getProperty("user.home"), ".stripesql", "oauth", "stripe-ca_abc123.json"),
        c.oauthSettingsLocation(), "a file of the schema's own, per schema name and account");
    String shown = c.toString();
    assertFalse(shown.contains("platformSecretValue"), shown);
    assertTrue(shown.contains("OAuthClientId=ca_abc123"), shown);
  }

  @Test
  void eachSchemaKeepsItsTokensInAFileOfItsOwnByDefault() {
    Path home = Path.of(System.getProperty("user.home"), ".stripesql", "oauth");
    Map<String, Object> m = oauth("REFRESH");
    assertEquals(home.resolve("live-ca_abc123.json"), StripeSchemaConfig.parse("live", m, n -> null)
        .oauthSettingsLocation());
    assertEquals(home.resolve("test_a-ca_abc123.json"), StripeSchemaConfig.parse("test/a", m, n -> null)
        .oauthSettingsLocation(), "a schema name is made safe for a file name");
    m.put("AccountId", "acct_123");
    assertEquals(home.resolve("live-acct_123.json"), StripeSchemaConfig.parse("live", m, n -> null)
        .oauthSettingsLocation());
    m.put("OAuthSettingsLocation", "/srv/tokens.json");
    assertEquals(Path.of("/srv/tokens.json"), StripeSchemaConfig.parse("live", m, n -> null).oauthSettingsLocation(),
        "a given location is used as it is");
  }

  @Test
  void badOAuthOperandsAreNamed() {
    Map<String, Object> m = oauth("SOMETIMES");
    assertTrue(assertThrows(StripeConfigException.class, () -> parse(m)).getMessage().contains("InitiateOAuth"));
    Map<String, Object> noSecret = oauth("REFRESH");
    noSecret.remove("OAuthClientSecret");
    assertTrue(assertThrows(StripeConfigException.class, () -> parse(noSecret)).getMessage()
        .contains("OAuthClientSecret"));
    Map<String, Object> scope = oauth("OFF");
    scope.put("Scope", "everything");
    assertTrue(assertThrows(StripeConfigException.class, () -> parse(scope)).getMessage().contains("Scope"));
    Map<String, Object> remote = oauth("GETANDREFRESH");
    remote.put("CallbackURL", "https://example.com/cb");
    assertTrue(assertThrows(StripeConfigException.class, () -> parse(remote)).getMessage().contains("loopback"));
    Map<String, Object> client = oauth("OFF");
    client.put("OAuthClientId", "acct_123");
    assertTrue(assertThrows(StripeConfigException.class, () -> parse(client)).getMessage().contains("ca_"));
    assertTrue(assertThrows(StripeConfigException.class, () -> parse(new HashMap<>())).getMessage()
        .contains("OAuthAccessToken is required"));
  }

  @Test
  void storeWritesAtomicallyOwnerOnlyAndReadsBack() throws Exception {
    Path file = tmp.resolve("d/settings.json");
    OAuthSettingsStore store = new OAuthSettingsStore(file);
    assertNull(store.read());
    OAuthTokens t = new OAuthTokens("sk_test_oauth_A", "rt_B", "acct_1", "read_only", false, "bearer",
        Instant.ofEpochSecond(2_000_000_000L));
    store.write(t);
    assertEquals(t, store.read());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    store.write(new OAuthTokens("sk_test_oauth_C", "rt_D", "acct_1", "read_only", false, "bearer", null));
    assertEquals("sk_test_oauth_C", store.read().accessToken());
    try (var files = Files.list(file.getParent())) {
      assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temporary file left");
    }
    assertFalse(t.toString().contains("sk_test_oauth_A") || t.toString().contains("rt_B"), t.toString());
  }

  @Test
  void corruptFileIsNamedAndLeftAlone() throws Exception {
    Path file = tmp.resolve("bad.json");
    Files.writeString(file, "[1, 2]");
    OAuthException e = assertThrows(OAuthException.class, () -> new OAuthSettingsStore(file).read());
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
    assertEquals("[1, 2]", Files.readString(file));
  }
}
