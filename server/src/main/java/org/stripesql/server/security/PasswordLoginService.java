package org.stripesql.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.eclipse.jetty.security.AbstractLoginService;
import org.eclipse.jetty.util.security.Credential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's login service over a {@link UsersFile}: checks Basic credentials against the salted hashes.
 * The file is re-read when its modification time changes, so {@code stripesql passwd} takes effect
 * without a restart; if it became unreadable the last good copy stays in force. An unknown user costs
 * the same hashing as a wrong password.
 *
 * <p>Basic authentication sends the password with every Avatica request, and PBKDF2 is slow on purpose
 * (tens of milliseconds), so a successful check is remembered as an HMAC of user and password under a
 * random per-process key (never the password itself), until the users file changes. Failed checks are
 * never remembered.
 */
public final class PasswordLoginService extends AbstractLoginService {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordLoginService.class);
  public static final String ROLE = "user";
  private static final String DUMMY = PasswordHash.hash("not-a-password".toCharArray());

  private final Path file;
  private volatile Map<String, String> users;
  private volatile FileTime loaded;
  private final Map<String, byte[]> verified = new java.util.concurrent.ConcurrentHashMap<>();
  private final javax.crypto.spec.SecretKeySpec cacheKey;

  public PasswordLoginService(Path file) throws IOException {
    this.file = file;
    setName("stripe-sql");
    this.users = UsersFile.read(file);
    this.loaded = Files.getLastModifiedTime(file);
    byte[] k = new byte[32];
    new java.security.SecureRandom().nextBytes(k);
    this.cacheKey = new javax.crypto.spec.SecretKeySpec(k, "HmacSHA256");
  }

  private byte[] mac(String user, String stored, char[] password) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(cacheKey);
      mac.update((user + "\0" + stored + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      mac.update(java.nio.charset.StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)));
      return mac.doFinal();
    } catch (java.security.GeneralSecurityException e) {
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
        if (seen != null && java.security.MessageDigest.isEqual(seen, now)) {
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
