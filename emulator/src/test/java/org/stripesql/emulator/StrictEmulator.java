package org.stripesql.emulator;

import org.junit.jupiter.api.BeforeAll;

/** One strict emulator with the default data set, started for a test class and closed after it. */
abstract class StrictEmulator extends StartedEmulator {
  @BeforeAll
  static void start() throws Exception {
    emu = StripeEmulator.builder().strict(true).build().start();
  }
}
