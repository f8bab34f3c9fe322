package org.stripesql.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;
import org.stripesql.emulator.StripeEmulator;

/** Starts the in-process Stripe emulator for {@code serve --demo} and {@code emulator}. */
final class EmulatorLauncher {
  /** The key the demo uses; the emulator accepts any key starting sk_test_. */
  static final String DEMO_KEY = "sk_test_demo";

  private EmulatorLauncher() {}

  /** Start of today, UTC: the emulator's data ends there, so "last 30 days" has rows. */
  static Instant todayUtc() {
    return LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  static StripeEmulator start(String host, int port, int seed, int scale) throws Exception {
    return start(host, port, seed, scale, StripeEmulator.DEFAULT_STRICT);
  }

  /** {@code strict}: answer requests Stripe's spec does not declare as Stripe does (else catalog checks only). */
  static StripeEmulator start(String host, int port, int seed, int scale, boolean strict) throws Exception {
    return start(host, port, seed, scale, strict, b -> b);
  }

  /** As above, with the builder's further settings ({@code more}: restricted keys, ...). */
  static StripeEmulator start(String host, int port, int seed, int scale, boolean strict,
      UnaryOperator<StripeEmulator.Builder> more) throws Exception {
    StripeEmulator emulator = more.apply(StripeEmulator.builder()
        .host(host)
        .port(port)
        .seed(seed)
        .scale(scale)
        .anchor(todayUtc())
        .strict(strict))
        .build();
    emulator.start();
    return emulator;
  }

  static void closeQuietly(StripeEmulator emulator) {
    if (emulator == null) {
      return;
    }
    try {
      emulator.close();
    } catch (Exception e) {
      // stopping anyway
    }
  }
}
