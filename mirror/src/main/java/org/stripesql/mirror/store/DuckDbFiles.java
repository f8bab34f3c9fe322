package org.stripesql.mirror.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of a DuckDB store: the account's directory (owner-only), {@code mirror.duckdb} and what DuckDB
 * writes beside it (its write-ahead log, which DuckDB creates with the process's umask and deletes at each
 * checkpoint, and a temporary directory), all made owner-only after every write; whether the file the
 * store opened is still the one on disk (a directory deleted while running); and setting aside a file
 * DuckDB cannot read (truncated, corrupted), so a new one is loaded from Stripe.
 */
final class DuckDbFiles {
  static final String FILE = "mirror.duckdb";
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

  private final Path dir;
  private final Path file;
  private Object fileKey;

  DuckDbFiles(Path dir) {
    this.dir = dir;
    this.file = dir.resolve(FILE);
  }

  Path dir() {
    return dir;
  }

  Path file() {
    return file;
  }

  /** Creates the directory owner-only when missing (and makes it so when it is not). */
  void createDirectory() throws IOException {
    Files.createDirectories(dir);
    if (POSIX) {
      Files.setPosixFilePermissions(dir, DIR_MODE);
    }
  }

  /** Notes which file the store opened, to tell later whether it is still there. */
  void opened() throws IOException {
    fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    ownerOnly();
  }

  /** Makes the directory and every file and directory in it owner-only. */
  void ownerOnly() throws IOException {
    if (!POSIX || !Files.isDirectory(dir)) {
      return;
    }
    if (!Files.getPosixFilePermissions(dir).equals(DIR_MODE)) {
      Files.setPosixFilePermissions(dir, DIR_MODE);
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        try {
          Set<PosixFilePermission> want = Files.isDirectory(p) ? DIR_MODE : FILE_MODE;
          if (!Files.getPosixFilePermissions(p).equals(want)) {
            Files.setPosixFilePermissions(p, want);
          }
        } catch (IOException e) {
          // a file DuckDB deleted meanwhile (its write-ahead log at a checkpoint)
        }
      }
    }
  }

  /** Null while the file the store opened is still in place; else what happened to it. */
  String missing() {
    if (!Files.exists(file)) {
      return Files.isDirectory(dir) ? "the store file " + file + " was deleted while the gateway ran"
          : "the store directory " + dir + " was deleted while the gateway ran";
    }
    try {
      Object now = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      return fileKey == null || Objects.equals(now, fileKey) ? null
          : "the store file " + file + " was replaced while the gateway ran";
    } catch (IOException e) {
      return "the store file " + file + " cannot be read: " + e.getMessage();
    }
  }

  /** Whether DuckDB's error says the file itself is broken (truncated, corrupted, not a database). */
  static boolean broken(SQLException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return List.of("corrupt", "checksum", "could not read enough bytes", "not a valid duckdb database",
        "invalidated").stream().anyMatch(m::contains);
  }

  /**
   * Moves a broken file (and its write-ahead log) aside, owner-only, so a new store can be made; returns
   * where it went.
   */
  Path setAside() throws IOException {
    Path to = dir.resolve(FILE + ".broken-" + Instant.now().toEpochMilli());
    Files.move(file, to, StandardCopyOption.ATOMIC_MOVE);
    Path wal = dir.resolve(FILE + ".wal");
    if (Files.exists(wal)) {
      Files.move(wal, dir.resolve(to.getFileName() + ".wal"), StandardCopyOption.ATOMIC_MOVE);
    }
    ownerOnly();
    return to;
  }
}
