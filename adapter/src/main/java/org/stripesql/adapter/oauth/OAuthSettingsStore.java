package org.stripesql.adapter.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The OAuthSettingsLocation file: the tokens of one connected account, as JSON. Written atomically (a
 * temporary file in the same directory, then a rename) with owner-only permissions ({@code rw-------},
 * its directory {@code rwx------} when created here). A file that is not the expected JSON is an error
 * naming it, never overwritten. {@link #locked} serializes refreshes: one lock per file in this process,
 * and an OS file lock on {@code FILE.lock} between processes, so connections refreshing at the same
 * moment make one token request, not two.
 */
public final class OAuthSettingsStore {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

  private final Path file;

  public OAuthSettingsStore(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  public Path file() {
    return file;
  }

  /** The stored tokens, or null when the file does not exist. */
  public OAuthTokens read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new OAuthException("cannot read the OAuth settings file " + file + " (" + e.getClass().getSimpleName()
          + "); check its permissions or the OAuthSettingsLocation operand", null, "HY000", e);
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      json = null;
    }
    OAuthTokens t = OAuthTokens.fromJson(json);
    if (t == null) {
      throw new OAuthException("the OAuth settings file " + file + " is corrupt (not a JSON object with an"
          + " access_token); it was left as it is: delete or fix it and connect the Stripe account again, or point"
          + " OAuthSettingsLocation elsewhere", null, "HY000", null);
    }
    return t;
  }

  /** Replaces the file's content atomically; the file is readable and writable by its owner only. */
  public void write(OAuthTokens tokens) {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path dir = file.getParent();
    Path tmp = null;
    try {
      if (dir != null && !Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
        } else {
          Files.createDirectories(dir);
        }
      }
      FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)}
          : new FileAttribute<?>[0];
      tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
      byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tokens.toJson());
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      if (posix) {
        Files.setPosixFilePermissions(file, OWNER_RW);
      }
    } catch (IOException e) {
      throw new OAuthException("cannot write the OAuth settings file " + file + " (" + e.getClass().getSimpleName()
          + "); check the directory's permissions or the OAuthSettingsLocation operand", null, "HY000", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /** Runs {@code action} holding this file's lock (in this process and, via FILE.lock, across processes). */
  public <T> T locked(Supplier<T> action) {
    ReentrantLock lock = LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
    lock.lock();
    try {
      if (lock.getHoldCount() > 1) {
        return action.get();   // re-entered: the file lock is held already
      }
      Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
      try {
        Path dir = file.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
          boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
          if (posix) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
          } else {
            Files.createDirectories(dir);
          }
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = ch.lock()) {
          return action.get();
        }
      } catch (IOException e) {
        throw new OAuthException("cannot lock the OAuth settings file " + lockFile + " (" + e.getClass().getSimpleName()
            + "); check the directory's permissions", null, "HY000", e);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "OAuthSettingsStore[" + file + "]";
  }
}
