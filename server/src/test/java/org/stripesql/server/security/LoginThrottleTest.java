package org.stripesql.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle's rules on a clock the test moves. */
class LoginThrottleTest {
  final AtomicLong now = new AtomicLong();
  final LoginThrottle t = new LoginThrottle(3, Duration.ofMinutes(15), now::get);

  @Test
  void failuresSpreadOverMoreThanTheWindowDoNotLock() {
    for (int i = 0; i < 10; i++) {
      t.failed("10.0.0.1", "alice");
      now.addAndGet(Duration.ofMinutes(8).toNanos());
    }
    assertEquals(Duration.ZERO, t.retryAfter("10.0.0.1", "alice"));
  }

  @Test
  void theLockoutLastsItsTimeThenEnds() {
    for (int i = 0; i < 3; i++) {
      t.failed("10.0.0.1", "u" + i);
    }
    assertEquals(Duration.ofMinutes(15), t.retryAfter("10.0.0.1", "anyone"));
    assertEquals(Duration.ZERO, t.retryAfter("10.0.0.2", "anyone"));
    now.addAndGet(Duration.ofMinutes(10).toNanos());
    assertEquals(Duration.ofMinutes(5), t.retryAfter("10.0.0.1", null));
    now.addAndGet(Duration.ofMinutes(5).toNanos());
    assertEquals(Duration.ZERO, t.retryAfter("10.0.0.1", null));
  }

  @Test
  void aSuccessClearsTheNamesFailuresAndSparesThatAddress() {
    t.succeeded("10.0.0.1", "alice");
    t.failed("10.0.0.2", "alice");
    t.failed("10.0.0.3", "alice");
    t.failed("10.0.0.4", "alice");
    assertTrue(t.retryAfter("10.0.0.5", "alice").toMinutes() > 0);
    assertEquals(Duration.ZERO, t.retryAfter("10.0.0.1", "alice"));
    t.succeeded("10.0.0.1", "alice");
    assertEquals(Duration.ZERO, t.retryAfter("10.0.0.5", "alice"));
  }

  @Test
  void inventedNamesCannotFillTheMemory() {
    for (int i = 0; i < 3 * LoginThrottle.MAX_ENTRIES; i++) {
      t.failed("10.0." + (i % 250) + "." + (i / 250 % 250), "name" + i);
    }
    assertTrue(t.size() <= 3 * LoginThrottle.MAX_ENTRIES);
  }
}
