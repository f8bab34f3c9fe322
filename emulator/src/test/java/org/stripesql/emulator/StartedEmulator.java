package org.stripesql.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One lenient emulator with the default data set, started for a test class and closed after it. */
abstract class StartedEmulator {
  static StripeEmulator emu;

  @BeforeAll
  static void start() throws Exception {
    emu = StripeEmulator.builder().strict(false).build().start();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }
}
