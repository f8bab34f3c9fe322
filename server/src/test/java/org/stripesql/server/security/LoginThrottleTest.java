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

  /**
   * The attack that erased a lockout: 10,050 failures for invented names from 1,005 addresses within
   * seconds, after a real user's name was locked out; her lockout stands until it has passed.
   */
  @Test
  void aFloodOfInventedNamesNeverErasesAnActiveLockout() {
    LoginThrottle ten = new LoginThrottle(10, Duration.ofMinutes(15), now::get);
    for (int i = 0; i < 10; i++) {
      ten.failed("192.0.2." + i, "alice");
    }
    assertTrue(ten.retryAfter("198.51.100.7", "alice").toSeconds() > 890);
    for (int a = 0; a < 1005; a++) {
      for (int n = 0; n < 10; n++) {
        ten.failed("10." + (a / 250) + "." + (a % 250) + ".1", "invented-" + a + "-" + n);
      }
      now.addAndGet(Duration.ofMillis(6).toNanos());
    }
    assertTrue(ten.retryAfter("198.51.100.7", "alice").toSeconds() > 880, "alice's lockout stands");
    assertTrue(ten.retryAfter("10.0.0.1", null).toSeconds() > 880, "the flooding addresses are locked out too");
    assertTrue(ten.size() <= 7 * LoginThrottle.MAX_ENTRIES);
  }

  /**
   * More addresses locked out at once than the memory keeps: every lockout stands, and new addresses are
   * counted by their /24, so an address of a locked-out network is refused and one of another is not.
   */
  @Test
  void lockedOutAddressesAreNeverDroppedAndNewOnesCountByNetwork() {
    for (int i = 0; i < LoginThrottle.MAX_ENTRIES; i++) {
      String address = "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256);
      for (int f = 0; f < 3; f++) {
        t.failed(address, null);
      }
    }
    assertTrue(t.retryAfter("10.0.0.0", null).toMinutes() > 0, "the first lockout stands");
    for (int i = 0; i < 3; i++) {
      t.failed("172.16.9." + i, null);
    }
    assertTrue(t.retryAfter("172.16.9.200", null).toMinutes() > 0, "counted by its /24, which is locked out");
    assertEquals(Duration.ZERO, t.retryAfter("172.16.10.1", null), "another network is not");
    t.succeeded("172.16.9.200", "carol");
    assertEquals(Duration.ZERO, t.retryAfter("172.16.9.200", "carol"), "an address that logged in is spared");
    assertTrue(t.size() <= 7 * LoginThrottle.MAX_ENTRIES);
    now.addAndGet(Duration.ofMinutes(16).toNanos());
    assertEquals(Duration.ZERO, t.retryAfter("10.0.0.0", null), "lockouts end when their time has passed");
  }

  @Test
  void ipv6AddressesCoarsenTo64() {
    assertEquals("v6:20.1.d.b8.0.0.0.0.0.0.0.0.0.0.0.0/64", AddressPrefix.of("2001:db8::1", 1));
    assertEquals("v4:c0.0.2.0/24", AddressPrefix.of("192.0.2.77", 1));
    assertEquals("v4:0.0.0.0/0", AddressPrefix.of("192.0.2.77", AddressPrefix.LEVELS));
    assertEquals("not-an-address", AddressPrefix.of("not-an-address", 2));
  }
}
