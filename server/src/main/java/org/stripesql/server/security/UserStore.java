package org.stripesql.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users file's entries by user, re-read when the file changes, without any protocol's types: for
 * logins that need the stored hash itself (SCRAM), not only a yes or no for a password.
 */
public final class UserStore {
  private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);

  private final Path file;
  private volatile Map<String, String> users;
  private volatile FileTime loaded;

  public UserStore(Path file) throws IOException {
    this.file = file;
    this.users = UsersFile.read(file);
    this.loaded = Files.getLastModifiedTime(file);
  }

  /** The stored hash of {@code user} ({@link PasswordHash}'s form), or null for an unknown user. */
  public String hash(String user) {
    return user == null ? null : current().get(user);
  }

  /** The users file. */
  public Path file() {
    return file;
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
}
