package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.PasswordLoginService;
import org.stripesql.server.security.UsersFile;

/**
 * Logins as an attacker tries them, over HTTP from several loopback addresses (127.0.0.2, .3...: other
 * clients): failed logins lock an address or a user name out with 429 and Retry-After, before any
 * password is hashed; a user's known client keeps working; a broken users file lets nobody in.
 */
class LoginsOverGatewayTest {
  static final int MAX_FAILURES = 3;
  static final Duration LOCKOUT = Duration.ofSeconds(2);

  @TempDir
  Path tmp;

  StripeEmulator emulator;
  StripeSqlGateway gateway;
  Path users;
  HostileClient client;

  @BeforeEach
  void start() throws Exception {
    emulator = StripeEmulator.builder().host("127.0.0.1").port(0).anchor(Instant.parse("2026-01-01T00:00:00Z"))
        .build().start();
    users = tmp.resolve("users.properties");
    UsersFile.put(users, "alice", PasswordHash.hash("alice-secret".toCharArray()));
    UsersFile.put(users, "bob", PasswordHash.hash("bob-secret".toCharArray()));
    gateway = StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), "sk_test_logins"))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF)
        .security(GatewaySecurity.builder().users(users).loginThrottle(MAX_FAILURES, LOCKOUT).build()).build().start();
    client = new HostileClient("http://127.0.0.1:" + gateway.port(), Driver.Serialization.PROTOBUF);
  }

  @AfterEach
  void stop() {
    gateway.close();
    emulator.close();
  }

  /** The status of a harmless RPC sent as {@code user} from {@code address}, and its headers. */
  HostileClient.RawReply login(String address, String user, String password) throws Exception {
    return client.as(user, password).statusFrom(address, "POST", "/", "127.0.0.1:" + gateway.port(),
        new Service.CloseConnectionRequest(UUID.randomUUID().toString()));
  }

  @Test
  void failedLoginsFromOneAddressLockItOutWith429() throws Exception {
    for (int i = 0; i < MAX_FAILURES; i++) {
      assertEquals(401, login("127.0.0.2", "mallory", "guess" + i).status());
    }
    double failures = loginFailures();
    HostileClient.RawReply locked = login("127.0.0.2", "alice", "alice-secret");
    assertEquals(429, locked.status(), "even a right password waits: the lockout answers before any check");
    Matcher retry = Pattern.compile("(?im)^Retry-After: ([0-9]+)$").matcher(locked.head());
    assertTrue(retry.find(), locked.head());
    assertTrue(Integer.parseInt(retry.group(1)) >= 1 && Integer.parseInt(retry.group(1)) <= LOCKOUT.toSeconds());
    for (int i = 0; i < 20; i++) {
      assertEquals(429, login("127.0.0.2", "bob", "guess" + i).status());
    }
    assertEquals(failures, loginFailures(), "locked-out attempts never reach the password check");
    assertEquals(200, login("127.0.0.3", "alice", "alice-secret").status(), "other clients are not affected");
    Thread.sleep(LOCKOUT.toMillis() + 200);
    assertEquals(200, login("127.0.0.2", "alice", "alice-secret").status(), "the lockout ends");
  }

  @Test
  void failedLoginsForOneNameLockItOutExceptFromItsKnownClients() throws Exception {
    assertEquals(200, login("127.0.0.1", "alice", "alice-secret").status());
    // a distributed guesser: one failure from each of several addresses
    for (int i = 0; i < MAX_FAILURES; i++) {
      assertEquals(401, login("127.0.0." + (10 + i), "alice", "guess" + i).status());
    }
    assertEquals(429, login("127.0.0.20", "alice", "alice-secret").status(), "the name is locked for new clients");
    assertEquals(200, login("127.0.0.1", "alice", "alice-secret").status(), "alice's own client keeps working");
    assertEquals(200, login("127.0.0.20", "bob", "bob-secret").status(), "other names are not affected");
  }

  @Test
  void aUsersFileThatBreaksLetsNobodyInUntilFixed() throws Exception {
    assertEquals(200, login("127.0.0.1", "alice", "alice-secret").status());
    Logger logger = (Logger) LoggerFactory.getLogger(PasswordLoginService.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      String good = Files.readString(users);
      FileTime before = Files.getLastModifiedTime(users);
      Files.writeString(users, good + "carol=plain-text-password\n");
      Files.setLastModifiedTime(users, FileTime.fromMillis(before.toMillis() + 2000));
      assertEquals(401, login("127.0.0.1", "alice", "alice-secret").status(), "not the old users: nobody");
      assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("every login is refused")),
          log.list.toString());
      Files.writeString(users, good);
      Files.setLastModifiedTime(users, FileTime.fromMillis(before.toMillis() + 4000));
      assertEquals(200, login("127.0.0.1", "alice", "alice-secret").status(), "fixed: logins work again");
    } finally {
      logger.detachAppender(log);
    }
  }

  double loginFailures() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("(?m)^stripesql_login_failures_total ([0-9.E]+)$").matcher(r.body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
