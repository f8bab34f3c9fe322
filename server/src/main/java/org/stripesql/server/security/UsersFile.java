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
import java.util.regex.Pattern;

/**
 * The gateway's users: a properties file of {@code user = pbkdf2-sha256:...} lines ({@link PasswordHash}),
 * written by {@code stripesql passwd}. Writes are atomic (a temporary file in the same directory, moved
 * over the old one) and the file is owner-only ({@code rw-------}) where the file system has POSIX
 * permissions.
 */
public final class UsersFile {
  /** User names: letters, digits and {@code . _ @ -}, at most 64 characters. */
  public static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private UsersFile() {
  }

  /** user → stored hash; fails on an entry that is not a hash this gateway wrote. */
  public static Map<String, String> read(Path file) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    Map<String, String> users = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      String hash = p.getProperty(name).trim();
      if (!USER_NAME.matcher(name).matches()) {
        throw new IOException("users file " + file + ": invalid user name '" + name + "'");
      }
      if (!PasswordHash.isWellFormed(hash)) {
        throw new IOException("users file " + file + ": the entry of '" + name + "' is not a "
            + PasswordHash.SCHEME + " hash; write it with 'stripesql passwd " + name + "'");
      }
      users.put(name, hash);
    }
    return users;
  }

  /** Adds or replaces {@code user}'s entry, atomically, leaving other lines (and comments) as they were. */
  public static void put(Path file, String user, String hash) throws IOException {
    if (!USER_NAME.matcher(user).matches()) {
      throw new IllegalArgumentException("invalid user name '" + user + "': use letters, digits, . _ @ -");
    }
    List<String> lines = new ArrayList<>();
    boolean replaced = false;
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String t = line.trim();
        int eq = t.indexOf('=');
        if (!t.startsWith("#") && eq > 0 && t.substring(0, eq).trim().equals(user)) {
          if (!replaced) {
            lines.add(user + "=" + hash);
            replaced = true;
          }
        } else {
          lines.add(line);
        }
      }
    } else {
      lines.add("# stripe-sql gateway users (stripesql passwd USER); one user=" + PasswordHash.SCHEME + " hash a line");
    }
    if (!replaced) {
      lines.add(user + "=" + hash);
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
