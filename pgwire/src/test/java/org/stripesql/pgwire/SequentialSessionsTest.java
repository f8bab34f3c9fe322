package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.GatewaySecurity;
import org.stripesql.server.limits.SessionLimits;
import org.stripesql.server.security.LoginThrottle;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * Hundreds of sessions one after the other, each closed before the next opens, under the gateway's shared
 * caps (50 connections per user): every one is let in, with and without a users file, and none is left
 * counted. Without {@code --users} the anonymous sessions were never uncounted, and the 51st was refused.
 */
class SequentialSessionsTest {
  private static final int SESSIONS = 300;

  @TempDir
  Path tmp;

  private void run(GatewaySecurity security, PgAuth auth, String password) throws Exception {
    SessionLimits limits = new SessionLimits(SessionLimits.Settings.DEFAULTS);
    try (StripeEmulator e = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1).build().start();
        PgServer s = PgServer.builder().model(PgFixture.model(e)).host("127.0.0.1").port(0).security(security)
            .auth(auth).gate(new SharedLimits(limits, new LoginThrottle(5, Duration.ofMinutes(15)))).build().start()) {
      for (int i = 0; i < SESSIONS; i++) {
        RawPgClient c = new RawPgClient("127.0.0.1", s.port(), Map.of("user", "alice", "database", "stripe"), password);
        c.terminateAndWait();
        assertEquals(0, limits.connections(), "session " + (i + 1) + " is no longer counted");
      }
    }
  }

  /** A users-file hash with few PBKDF2 iterations: the logins here are many, their cost is not the point. */
  private static String cheapHash(String password) throws Exception {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 1000, 256)).getEncoded();
    Base64.Encoder b64 = Base64.getEncoder();
    return PasswordHash.SCHEME + ":1000:" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
  }

  @Test
  void withoutUsers() throws Exception {
    run(GatewaySecurity.builder().build(), PgAuth.SCRAM_SHA_256, null);
  }

  @Test
  void withUsers() throws Exception {
    Path users = tmp.resolve("users");
    UsersFile.put(users, "alice", cheapHash("s3cret"));
    run(GatewaySecurity.builder().users(users).build(), PgAuth.PASSWORD, "s3cret");
  }
}
