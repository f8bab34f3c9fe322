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
 * logins that need the stored hash itself (SCRAM), not only a yes or no for a password. As for HTTP
 * logins, a changed file that cannot be read or is malformed leaves no users until it is fixed.
 */
public final class UserStore {
  private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);

  private final Path file;
  private Map<String, UsersFile.Entry> users;
  private FileTime loaded;
  private boolean unreadable;

  public UserStore(Path file) throws IOException {
    this.file = file;
    this.users = UsersFile.read(file);
    this.loaded = Files.getLastModifiedTime(file);
  }

  /** The stored hash of {@code user} ({@link PasswordHash}'s form), or null for an unknown user. */
  public String hash(String user) {
    UsersFile.Entry e = user == null ? null : current().get(user);
    return e == null ? null : e.hash();
  }

  /** The users file. */
  public Path file() {
    return file;
  }

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
    unreadable = false;
    LOG.info("Reloaded users file {} ({} users)", file, users.size());
    return users;
  }

  private Map<String, UsersFile.Entry> unreadable(IOException e) {
    users = Map.of();
    if (!unreadable) {
      LOG.error("Cannot read the users file {} ({}): every login is refused until it is fixed", file, e.getMessage());
    }
    unreadable = true;
    return users;
  }
}
