package org.stripesql.server.security;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The gateway's users: a properties file of {@code user = pbkdf2-sha256:...[, role...]} lines
 * ({@link PasswordHash}; roles such as {@code admin}), written by {@code stripesql passwd}. Writes are atomic (a temporary file in the same directory, moved
 * over the old one) and the file is owner-only ({@code rw-------}) where the file system has POSIX
 * permissions.
 */
public final class UsersFile {
  /** User names: letters, digits and {@code . _ @ -}, at most 64 characters. */
  public static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  /** Role names: letters, digits, {@code _ -}, at most 32 characters. */
  public static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  /** The role that may connect or replace the gateway's own Stripe account through the served OAuth flow. */
  public static final String ADMIN = "admin";

  private UsersFile() {
  }

  /** One user's entry: the stored hash and the roles. */
  public record Entry(String hash, Set<String> roles) {
    public Entry {
      roles = Set.copyOf(roles);
    }
  }

  /** user → entry; fails on an entry that is not a hash this gateway wrote, or a bad role name. */
  public static Map<String, Entry> read(Path file) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    Map<String, Entry> users = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      String[] parts = p.getProperty(name).split(",");
      String hash = parts[0].trim();
      if (!USER_NAME.matcher(name).matches()) {
        throw new IOException("users file " + file + ": invalid user name '" + name + "'");
      }
      if (!PasswordHash.isWellFormed(hash)) {
        throw new IOException("users file " + file + ": the entry of '" + name + "' is not a "
            + PasswordHash.SCHEME + " hash; write it with 'stripesql passwd " + name + "'");
      }
      Set<String> roles = new TreeSet<>();
      for (int i = 1; i < parts.length; i++) {
        String role = parts[i].trim();
        if (!ROLE_NAME.matcher(role).matches()) {
          throw new IOException("users file " + file + ": the entry of '" + name + "' has an invalid role '" + role
              + "'; roles are letters, digits, _ and -");
        }
        roles.add(role);
      }
      users.put(name, new Entry(hash, roles));
    }
    return users;
  }

  /** Adds or replaces {@code user}'s password, keeping their roles, atomically; other lines stay as they were. */
  public static void put(Path file, String user, String hash) throws IOException {
    put(file, user, hash, null);
  }

  /**
   * Adds or replaces {@code user}'s entry with {@code roles} (null: keep the roles they have), atomically,
   * leaving other lines (and comments) as they were.
   */
  public static void put(Path file, String user, String hash, Set<String> roles) throws IOException {
    if (!USER_NAME.matcher(user).matches()) {
      throw new IllegalArgumentException("invalid user name '" + user + "': use letters, digits, . _ @ -");
    }
    if (roles != null) {
      for (String r : roles) {
        if (!ROLE_NAME.matcher(r).matches()) {
          throw new IllegalArgumentException("invalid role '" + r + "': use letters, digits, _ -");
        }
      }
    }
    Set<String> kept = roles;
    if (kept == null) {
      Entry old = Files.exists(file) ? read(file).get(user) : null;
      kept = old == null ? Set.of() : old.roles();
    }
    String entry = user + "=" + hash + (kept.isEmpty() ? "" : ", " + String.join(", ", new TreeSet<>(kept)));
    List<String> lines = new ArrayList<>();
    boolean replaced = false;
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String t = line.trim();
        int eq = t.indexOf('=');
        if (!t.startsWith("#") && eq > 0 && t.substring(0, eq).trim().equals(user)) {
          if (!replaced) {
            lines.add(entry);
            replaced = true;
          }
        } else {
          lines.add(line);
        }
      }
    } else {
      lines.add("# stripe-sql gateway users (stripesql passwd USER); one user=" + PasswordHash.SCHEME
          + " hash[, role...] a line");
    }
    if (!replaced) {
      lines.add(entry);
    }
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + abs.getFileName() + ".tmp" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + tmp + ": exists", e);
    }
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
