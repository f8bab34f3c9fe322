package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.stripesql.emulator.StripeEmulator;

/**
 * A parallel full scan runs in constant memory: in a JVM whose heap cannot hold the table's rows (a
 * control run that keeps them fails), the scan of every row completes.
 */
class ScanMemoryTest {
  static final String HEAP = "-Xmx" + System.getProperty("stripesql.scanMemoryHeap", "40m");

  @Test
  void aTableLargerThanTheHeapIsScanned() throws Exception {
    try (StripeEmulator emulator = StripeEmulator.builder().seed(7).scale(20)
        .anchor(Instant.parse("2024-06-01T00:00:00Z")).build().start()) {
      int charges = emulator.data().list("charges").size();
      Result hold = probe(emulator, "hold");
      assertNotEquals(0, hold.exit, "keeping all " + charges + " rows should not fit in " + HEAP + ": " + hold.output);
      Result scan = probe(emulator, "scan");
      assertEquals(0, scan.exit, scan.output);
      assertTrue(scan.output.contains("rows " + charges + " "), scan.output);
      assertTrue(emulator.requestLog().size() > charges / 100, "the scan read every page");
    }
  }

  record Result(int exit, String output) {}

  private static Result probe(StripeEmulator emulator, String mode) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(List.of(java, HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp",
        System.getProperty("java.class.path"), ScanMemoryProbe.class.getName(), emulator.baseUrl(), mode))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the probe finished");
    String tail = out.length() > 2000 ? out.substring(out.length() - 2000) : out;
    return new Result(p.exitValue(), tail);
  }
}
