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
 */
public final class PasswordLoginService extends AbstractLoginService {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordLoginService.class);
  public static final String ROLE = "user";
  private static final String DUMMY = PasswordHash.hash("not-a-password".toCharArray());

  private final Path file;
  private volatile Map<String, String> users;
  private volatile FileTime loaded;

  public PasswordLoginService(Path file) throws IOException {
    this.file = file;
    setName("stripe-sql");
    this.users = UsersFile.read(file);
    this.loaded = Files.getLastModifiedTime(file);
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
    return new UserPrincipal(username, new HashCredential(stored));
  }

  /** A stored hash; a missing user gets a dummy hash and always fails, after the same work. */
  private static final class HashCredential extends Credential {
    private static final long serialVersionUID = 1L;
    private final String stored;

    HashCredential(String stored) {
      this.stored = stored;
    }

    @Override
    public boolean check(Object credentials) {
      if (!(credentials instanceof String) && !(credentials instanceof char[])) {
        return false;
      }
      char[] pw = credentials instanceof String s ? s.toCharArray() : (char[]) credentials;
      boolean ok = PasswordHash.verify(pw, stored != null ? stored : DUMMY);
      return ok && stored != null;
    }
  }
}
