package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * What the gateway refuses to start with: logins off loopback over plain HTTP, --insecure-no-auth with
 * Stripe Connect configured, a model or users file others may write. No Stripe is reached: the refusals
 * come first, and the models point at a closed port.
 */
class StartupRefusalsTest {
  static final String NOWHERE = "http://127.0.0.1:9";

  @TempDir
  Path tmp;

  Path users() throws Exception {
    Path users = tmp.resolve("users.properties");
    UsersFile.put(users, "alice", PasswordHash.hash("alice-secret".toCharArray()));
    return users;
  }

  static String message(StripeSqlGateway.Builder b) {
    return assertThrows(StartupException.class, () -> b.build().start().close()).getMessage();
  }

  @Test
  void loginsOffLoopbackNeedTls() throws Exception {
    StripeSqlGateway.Builder b = StripeSqlGateway.builder().model(ModelSource.stripe(NOWHERE, "sk_test_x"))
        .host("0.0.0.0").port(0).security(GatewaySecurity.builder().users(users()).build());
    String m = message(b);
    assertTrue(m.contains("plain HTTP") && m.contains("--tls-terminated-by-proxy"), m);
    assertFalse(m.contains("\n"), "one line: " + m);
    try (StripeSqlGateway ok = StripeSqlGateway.builder().model(ModelSource.stripe(NOWHERE, "sk_test_x"))
        .host("0.0.0.0").port(0).security(GatewaySecurity.builder().users(users()).tlsTerminatedByProxy(true).build())
        .build().start()) {
      assertTrue(ok.port() > 0);
    }
    try (StripeSqlGateway ok = StripeSqlGateway.builder().model(ModelSource.stripe(NOWHERE, "sk_test_x"))
        .host("127.0.0.1").port(0).security(GatewaySecurity.builder().users(users()).build()).build().start()) {
      assertTrue(ok.port() > 0, "on loopback, plain HTTP is fine");
    }
  }

  @Test
  void insecureNoAuthIsRefusedWithStripeConnectAndWarnsLoudlyOtherwise() throws Exception {
    ModelSource connect = ModelSource.inline(StripeAdapter.oneSchemaModel(NOWHERE, "sk_test_x", Map.of(
        "OAuthClientId", "ca_refused0001", "OAuthClientSecret", "sk_test_platform_0001",
        "OAuthSettingsLocation", tmp.resolve("o.json").toString())));
    String m = message(StripeSqlGateway.builder().model(connect).host("127.0.0.1").port(0)
        .security(GatewaySecurity.builder().insecureNoAuth(true).build()));
    assertTrue(m.contains("--insecure-no-auth") && m.contains("OAuthClientId") && m.contains("--users"), m);

    Logger logger = (Logger) LoggerFactory.getLogger(StripeSqlGateway.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try (StripeSqlGateway g = StripeSqlGateway.builder().model(ModelSource.stripe(NOWHERE, "sk_test_x"))
        .host("127.0.0.1").port(0).security(GatewaySecurity.builder().insecureNoAuth(true).build()).build().start()) {
      assertTrue(log.list.stream().anyMatch(e -> e.getLevel().toString().equals("WARN")
          && e.getFormattedMessage().contains("--insecure-no-auth") && e.getFormattedMessage().contains("proxy")),
          log.list.toString());
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void theDemoNeedsNoAuthenticationAndWarnsOfNothing() throws Exception {
    try (StripeSqlGateway g = StripeSqlGateway.builder().model(ModelSource.stripe(NOWHERE, "sk_test_x"))
        .host("0.0.0.0").port(0).security(GatewaySecurity.builder().demo(true).build()).build().start()) {
      assertTrue(g.port() > 0);
    }
  }

  @Test
  void aModelOrUsersFileOthersMayWriteIsRefused() throws Exception {
    Path model = tmp.resolve("model.json");
    Files.writeString(model, StripeAdapter.oneSchemaModel(NOWHERE, "sk_test_x", Map.of()));
    Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rw-rw-rw-"));
    String m = message(StripeSqlGateway.builder().model(ModelSource.file(model)).host("127.0.0.1").port(0));
    assertTrue(m.contains("model file") && m.contains("writable by others") && m.contains("chmod o-w"), m);
    Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rw-rw-r--"));

    Path users = users();
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--rw-"));
    m = message(StripeSqlGateway.builder().model(ModelSource.file(model)).host("127.0.0.1").port(0)
        .security(GatewaySecurity.builder().users(users).build()));
    assertTrue(m.contains("users file") && m.contains("writable by others"), m);

    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Path moved = Files.copy(model, shared.resolve("model.json"));
    Files.setPosixFilePermissions(moved, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    m = message(StripeSqlGateway.builder().model(ModelSource.file(moved)).host("127.0.0.1").port(0));
    assertTrue(m.contains("directory") && m.contains("replace the file"), m);
  }

  /** A users file others may read: its hashes allow guessing offline (and log in over SCRAM): a warning at start. */
  @Test
  void aUsersFileOthersMayReadIsWarnedAbout() throws Exception {
    Path users = users();
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
    Logger logger = (Logger) LoggerFactory.getLogger(StripeSqlGateway.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try (StripeSqlGateway g = StripeSqlGateway.builder().model(ModelSource.stripe(NOWHERE, "sk_test_x"))
        .host("127.0.0.1").port(0).security(GatewaySecurity.builder().users(users).build()).build().start()) {
      assertTrue(log.list.stream().anyMatch(e -> e.getLevel().toString().equals("WARN")
          && e.getFormattedMessage().contains("readable by others") && e.getFormattedMessage().contains("chmod o-r")),
          log.list.toString());
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void twoModelsSharingAnOAuthSettingsFileAreRefused() throws Exception {
    Map<String, String> connect = Map.of("OAuthClientId", "ca_shared0001", "OAuthClientSecret",
        "sk_test_platform_0001", "InitiateOAuth", "REFRESH");
    // the same schema name and client id: the default file is the same
    String m = message(StripeSqlGateway.builder().model(ModelSource.stripe(NOWHERE, "sk_test_x", connect))
        .host("127.0.0.1").port(0).security(GatewaySecurity.builder().users(users())
            .userModel("alice", ModelSource.stripe(NOWHERE, "sk_test_y", connect)).build()));
    assertTrue(m.contains("same file") && m.contains("OAuthSettingsLocation"), m);
  }
}
