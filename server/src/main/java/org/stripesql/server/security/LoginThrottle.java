package org.stripesql.server.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows password guessing: after {@code maxFailures} failed logins within {@code lockout}, from one
 * client address or for one user name, further attempts from that address, or for that name, are
 * refused without checking the password until the lockout has passed. A name's lockout spares addresses
 * that logged in as it before; keyed by plain strings, so any protocol's login counts through it.
 */
public final class LoginThrottle {
  /** Entries kept per kind; the oldest go first, so a flood of invented names cannot fill the memory. */
  static final int MAX_ENTRIES = 10_000;

  /** Failures counted from {@code windowStart}; refused until {@code blockedUntil} once they reach the cap. */
  private static final class Counter {
    long windowStart;
    int failures;
    long blockedUntil;
  }

  private final int maxFailures;
  private final long lockoutNanos;
  private final LongSupplier clock;
  private final Map<String, Counter> addresses = lru();
  private final Map<String, Counter> users = lru();
  /** "user\0address" of successful logins, with when: these addresses are spared a lockout of the name. */
  private final Map<String, Long> known = lru();

  /**
   * @param maxFailures failed logins within {@code lockout} that lock an address or a user name out
   * @param lockout     how long failures are counted, and how long a lockout lasts
   */
  public LoginThrottle(int maxFailures, Duration lockout) {
    this(maxFailures, lockout, System::nanoTime);
  }

  LoginThrottle(int maxFailures, Duration lockout, LongSupplier clock) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("login-max-failures must be at least 1, not " + maxFailures);
    }
    if (lockout.isNegative() || lockout.isZero()) {
      throw new IllegalArgumentException("login-lockout must be positive, not " + lockout);
    }
    this.maxFailures = maxFailures;
    this.lockoutNanos = lockout.toNanos();
    this.clock = clock;
  }

  /** How long {@code user} logging in from {@code address} must wait; zero when they may try now. */
  public synchronized Duration retryAfter(String address, String user) {
    long now = clock.getAsLong();
    long wait = remaining(addresses.get(address), now);
    if (user != null && !isKnown(user, address, now)) {
      wait = Math.max(wait, remaining(users.get(user), now));
    }
    return Duration.ofNanos(wait);
  }

  /** Counts a failed login (a wrong password, or an unknown user). */
  public synchronized void failed(String address, String user) {
    long now = clock.getAsLong();
    count(addresses, address, now);
    if (user != null) {
      count(users, user, now);
    }
  }

  /** Records a successful login: the name's failures are forgotten and this address is spared its lockouts. */
  public synchronized void succeeded(String address, String user) {
    if (user == null) {
      return;
    }
    users.remove(user);
    known.put(user + "\0" + address, clock.getAsLong());
  }

  private boolean isKnown(String user, String address, long now) {
    Long at = known.get(user + "\0" + address);
    return at != null && now - at < Duration.ofDays(1).toNanos();
  }

  private long remaining(Counter c, long now) {
    return c == null ? 0 : Math.max(0, c.blockedUntil - now);
  }

  private void count(Map<String, Counter> map, String key, long now) {
    Counter c = map.get(key);
    if (c == null || now - c.windowStart > lockoutNanos) {
      c = new Counter();
      c.windowStart = now;
    }
    map.remove(key);
    map.put(key, c);   // most recent last
    c.failures++;
    if (c.failures >= maxFailures) {
      c.blockedUntil = now + lockoutNanos;
    }
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_ENTRIES;
      }
    };
  }

  /** Entries kept now (tests). */
  synchronized int size() {
    return addresses.size() + users.size() + known.size();
  }

}
