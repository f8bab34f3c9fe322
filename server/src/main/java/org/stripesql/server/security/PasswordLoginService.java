package org.stripesql.server.security;

import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.security.AbstractLoginService;
import org.eclipse.jetty.util.security.Credential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's login service over a {@link UsersFile}: checks Basic credentials against the salted hashes,
 * re-reading the file when it changes. A successful check is remembered as a keyed HMAC (never the
 * password) so PBKDF2 runs once per password, not per request: docs/design.md.
 */
public final class PasswordLoginService extends AbstractLoginService {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordLoginService.class);
  public static final String ROLE = "user";
  private static final String DUMMY = PasswordHash.hash("not-a-password".toCharArray());

  private final Path file;
  private volatile Map<String, String> users;
  private volatile FileTime loaded;
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
  private final SecretKeySpec cacheKey;

  public PasswordLoginService(Path file) throws IOException {
    this.file = file;
    setName("stripe-sql");
    this.users = UsersFile.read(file);
    this.loaded = Files.getLastModifiedTime(file);
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    this.cacheKey = new SecretKeySpec(k, "HmacSHA256");
  }

  private byte[] mac(String user, String stored, char[] password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(cacheKey);
      mac.update((user + "\0" + stored + "\0").getBytes(StandardCharsets.UTF_8));
      mac.update(StandardCharsets.UTF_8.encode(CharBuffer.wrap(password)));
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public int userCount() {
    return users.size();
  }

  private Map<String, String> current() {
    try {
      FileTime t = Files.getLastModifiedTime(file);
      if (!t.equals(loaded)) {
        synchronized (this) {
          if (!t.equals(loaded)) {
            users = UsersFile.read(file);
            loaded = t;
            verified.clear();
            LOG.info("Reloaded users file {} ({} users)", file, users.size());
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot re-read users file {}: {}; keeping the previous users", file, e.getMessage());
    }
    return users;
  }

  @Override
  protected String[] loadRoleInfo(UserPrincipal user) {
    return new String[] {ROLE};
  }

  @Override
  protected UserPrincipal loadUserInfo(String username) {
    String stored = username == null ? null : current().get(username);
    return new UserPrincipal(username, new HashCredential(username, stored));
  }

  /** A stored hash; a missing user gets a dummy hash and always fails, after the same work. */
  private final class HashCredential extends Credential {
    private static final long serialVersionUID = 1L;
    private final String user;
    private final String stored;

    HashCredential(String user, String stored) {
      this.user = user;
      this.stored = stored;
    }

    @Override
    public boolean check(Object credentials) {
      if (!(credentials instanceof String) && !(credentials instanceof char[])) {
        return false;
      }
      char[] pw = credentials instanceof String s ? s.toCharArray() : (char[]) credentials;
      if (stored != null) {
        byte[] seen = verified.get(user);
        byte[] now = mac(user, stored, pw);
        if (seen != null && MessageDigest.isEqual(seen, now)) {
          return true;
        }
        if (PasswordHash.verify(pw, stored)) {
          if (verified.size() > 10_000) {
            verified.clear();
          }
          verified.put(user, now);
          return true;
        }
        return false;
      }
      PasswordHash.verify(pw, DUMMY);
      return false;
    }
  }
}
