package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;

/**
 * A DuckDB store's files: every one owner-only (DuckDB's write-ahead log included); a file truncated or
 * corrupted while the gateway was down is found when it opens, set aside and loaded again from Stripe,
 * never served; a store deleted while the gateway runs is made again.
 */
class MirrorStoreFilesTest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;
  private MirrorFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new MirrorFixture(1);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void everyFileOfTheStoreIsOwnerOnlyTheWriteAheadLogIncluded() throws Exception {
    try (Connection m = f.mirrored("customers", dir)) {
      MirrorFixture.awaitLive(m, WAIT);
      String id = Writes.post(f.emulator, "/v1/customers", "name=Logged").path("id").asText();
      MirrorFixture.awaitPasses("the new customer", WAIT, () -> assertEquals(1,
          MirrorFixture.rows(m, "SELECT 1 FROM customers WHERE id = '" + id + "'").size()));
      Path store = storeFile(m);
      assertTrue(Files.exists(store.resolveSibling(store.getFileName() + ".wal")), "a write-ahead log to check");
      try (Stream<Path> files = Files.walk(store.getParent())) {
        for (Path p : files.toList()) {
          String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
          assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode, p.toString());
        }
      }
    }
  }

  @Test
  void aTruncatedStoreFileIsSetAsideAndLoadedAgainNeverServed() throws Exception {
    Path store = loadThenStop("customers");
    try (RandomAccessFile raf = new RandomAccessFile(store.toFile(), "rw")) {
      raf.setLength(raf.length() / 2);
    }
    reopenAndExpectRebuild(store, "customers");
  }

  @Test
  void aCorruptedStoreFileIsFoundWhenOpenedAndLoadedAgain() throws Exception {
    Path store = loadThenStop("customers");
    byte[] noise = new byte[64 * 1024];
    new Random(7).nextBytes(noise);
    try (RandomAccessFile raf = new RandomAccessFile(store.toFile(), "rw")) {
      raf.seek(raf.length() / 3);   // the tables' blocks, past DuckDB's headers
      raf.write(noise, 0, (int) Math.min(noise.length, raf.length() / 3));
    }
    reopenAndExpectRebuild(store, "customers");
  }

  @Test
  void aStoreDeletedWhileTheGatewayRunsIsMadeAgainFromStripe() throws Exception {
    try (Connection m = f.mirrored("customers", dir); Connection live = f.live()) {
      MirrorFixture.awaitLive(m, WAIT);
      Path accountDir = storeFile(m).getParent();
      try (Stream<Path> files = Files.walk(accountDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      MirrorFixture.awaitState(m, "customers", "loading (the store directory", WAIT);
      MirrorFixture.assertSameRows(m, live, "customers");   // read live meanwhile, never a half store
      MirrorFixture.awaitLive(m, WAIT);
      MirrorFixture.assertSameRows(m, live, "customers");
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(accountDir)));
    }
  }

  /** Loads {@code table}, stops the mirror (the gateway stops); returns the store file. */
  private Path loadThenStop(String table) throws Exception {
    Path store;
    try (Connection m = f.mirrored(table, dir)) {
      MirrorFixture.awaitLive(m, WAIT);
      store = storeFile(m);
    }
    StripeAdapter.closeMirrors();
    return store;
  }

  private void reopenAndExpectRebuild(Path store, String table) throws Exception {
    try (Connection m = f.mirrored(table, dir); Connection live = f.live()) {
      MirrorFixture.awaitState(m, table, "loading (the store file could not be read", WAIT);
      MirrorFixture.assertSameRows(m, live, table);   // read live meanwhile, never the half file
      MirrorFixture.awaitLive(m, WAIT);
      MirrorFixture.assertSameRows(m, live, table);
      try (Stream<Path> files = Files.list(store.getParent())) {
        List<String> names = files.map(p -> p.getFileName().toString()).toList();
        assertTrue(names.stream().anyMatch(n -> n.startsWith("mirror.duckdb.broken-")), "set aside: " + names);
      }
    }
  }

  private static Path storeFile(Connection m) throws Exception {
    String store = (String) MirrorFixture.rows(m, "SELECT store FROM mirror_status").get(0).get(0);
    return Path.of(store.substring(store.indexOf('/')));
  }
}
