package org.stripesql.server.security;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed logins counted per key (an address, an address prefix or a user name) in bounded memory: at
 * most {@code capacity} keys. An active lockout is never dropped to make room; when the keys are full, the
 * oldest count that has not locked anything goes, and when every key is an active lockout a new key is
 * not counted here ({@link #fail} says so, and the caller counts it more coarsely). Not thread-safe: the
 * {@link LoginThrottle} synchronizes.
 */
final class FailureCounts {
  /** How often, at most, full maps are swept of expired lockouts and windows. */
  private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

  /** Failures counted from {@code windowStart}; refused until {@code blockedUntil} once they reach the cap. */
  private static final class Counter {
    final long windowStart;
    int failures;
    long blockedUntil;

    Counter(long windowStart) {
      this.windowStart = windowStart;
    }
  }

  private final int capacity;
  private final int maxFailures;
  private final long lockoutNanos;
  /** Keys still counting, the one whose last failure is oldest first. */
  private final LinkedHashMap<String, Counter> counting = new LinkedHashMap<>();
  private final Map<String, Counter> locked = new HashMap<>();
  private long lastSweep = Long.MIN_VALUE;

  FailureCounts(int capacity, int maxFailures, long lockoutNanos) {
    this.capacity = capacity;
    this.maxFailures = maxFailures;
    this.lockoutNanos = lockoutNanos;
  }

  /** How long {@code key} is locked out for from {@code now}; zero when it is not. */
  long remaining(String key, long now) {
    Counter c = locked.get(key);
    return c == null ? 0 : Math.max(0, c.blockedUntil - now);
  }

  /** Counts a failure for {@code key}; false when there was no room to count a new key. */
  boolean fail(String key, long now) {
    Counter c = locked.get(key);
    if (c != null) {
      if (c.blockedUntil - now > 0) {
        return true;   // already locked out (a request let through before the lockout started)
      }
      locked.remove(key);
    }
    c = counting.remove(key);
    if (c == null || now - c.windowStart > lockoutNanos) {
      if (!room(now)) {
        return false;
      }
      c = new Counter(now);
    }
    c.failures++;
    if (c.failures >= maxFailures) {
      c.blockedUntil = now + lockoutNanos;
      locked.put(key, c);
    } else {
      counting.put(key, c);   // most recent last
    }
    return true;
  }

  /** Forgets {@code key}'s failures and lockout. */
  void forget(String key) {
    counting.remove(key);
    locked.remove(key);
  }

  int size() {
    return counting.size() + locked.size();
  }

  /** Whether a new key fits: after dropping expired entries, or the oldest count that locks nothing. */
  private boolean room(long now) {
    if (size() < capacity) {
      return true;
    }
    if (now - lastSweep >= SWEEP_EVERY_NANOS || lastSweep == Long.MIN_VALUE) {
      lastSweep = now;
      locked.values().removeIf(c -> c.blockedUntil - now <= 0);
      counting.values().removeIf(c -> now - c.windowStart > lockoutNanos);
      if (size() < capacity) {
        return true;
      }
    }
    Iterator<Map.Entry<String, Counter>> oldest = counting.entrySet().iterator();
    if (oldest.hasNext()) {
      oldest.next();
      oldest.remove();
      return true;
    }
    return false;
  }
}
