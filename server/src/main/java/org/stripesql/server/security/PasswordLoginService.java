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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.ServletRequest;
import org.eclipse.jetty.security.AbstractLoginService;
import org.eclipse.jetty.server.UserIdentity;
import org.eclipse.jetty.util.security.Credential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's login service over a {@link UsersFile}: checks Basic credentials against the salted hashes,
 * re-reading the file when it changes (a file that cannot be read then refuses every login until fixed),
 * and tells the {@link LoginThrottle} each outcome. A successful check is remembered as a keyed HMAC
 * (never the password) so PBKDF2 runs once per password, not per request: docs/design.md.
 */
public final class PasswordLoginService extends AbstractLoginService {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordLoginService.class);
  public static final String ROLE = "user";
  private static final String DUMMY = PasswordHash.hash("not-a-password".toCharArray());

  private final Path file;
  private final LoginThrottle throttle;
  private volatile Map<String, UsersFile.Entry> users;
  private volatile FileTime loaded;
  private boolean unreadable;
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
  private final SecretKeySpec cacheKey;

  public PasswordLoginService(Path file, LoginThrottle throttle) throws IOException {
    this.file = file;
    this.throttle = throttle;
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

  /**
   * The users, re-read when the file changed. A changed file that cannot be read or is malformed leaves
   * no users (every login is refused, never the old users let in) until it is fixed.
   */
  private synchronized Map<String, UsersFile.Entry> current() {
    FileTime t;
    try {
      t = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return unreadable(e);
    }
    if (t.equals(loaded)) {
      return users;
    }
    loaded = t;
    try {
      users = UsersFile.read(file);
    } catch (IOException e) {
      return unreadable(e);
    }
    verified.clear();
    unreadable = false;
    LOG.info("Reloaded users file {} ({} users)", file, users.size());
    return users;
  }

  private Map<String, UsersFile.Entry> unreadable(IOException e) {
    users = Map.of();
    verified.clear();
    if (!unreadable) {
      LOG.error("Cannot read the users file {} ({}): every login is refused until it is fixed", file,
          e.getMessage());
    }
    unreadable = true;
    return users;
  }

  /** The roles {@code user} has in the users file (none for an unknown user). */
  public Set<String> roles(String user) {
    UsersFile.Entry e = user == null ? null : current().get(user);
    return e == null ? Set.of() : e.roles();
  }

  @Override
  protected String[] loadRoleInfo(UserPrincipal user) {
    Set<String> roles = new TreeSet<>(roles(user.getName()));
    roles.add(ROLE);
    return roles.toArray(new String[0]);
  }

  @Override
  protected UserPrincipal loadUserInfo(String username) {
    UsersFile.Entry entry = username == null ? null : current().get(username);
    return new UserPrincipal(username, new HashCredential(username, entry == null ? null : entry.hash()));
  }

  /** Checks the credentials and tells the throttle how it went. */
  @Override
  public UserIdentity login(String username, Object credentials, ServletRequest request) {
    UserIdentity id = super.login(username, credentials, request);
    String address = request == null ? "" : request.getRemoteAddr();
    if (id == null) {
      throttle.failed(address, username);
    } else {
      throttle.succeeded(address, username);
    }
    return id;
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
