package org.stripesql.server.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows password guessing: after {@code maxFailures} failed logins within {@code lockout}, from one
 * client address or for one user name, further attempts from that address, or for that name, are
 * refused without checking the password until the lockout has passed. A name's lockout spares addresses
 * that logged in as it before. Memory is bounded without ever dropping an active lockout: when too many
 * addresses are locked out at once, new ones are counted by their network (IPv4 /24, /16, /8; IPv6 /64,
 * /48, /32), then all together. Keyed by plain strings, so any protocol's login counts through it.
 */
public final class LoginThrottle {
  /** Keys kept per kind (addresses at each prefix length; user names; known logins). */
  static final int MAX_ENTRIES = 10_000;
  private static final long KNOWN_FOR_NANOS = Duration.ofDays(1).toNanos();

  private final LongSupplier clock;
  /** Failures per address, then per ever coarser prefix, then for all addresses at once. */
  private final List<FailureCounts> addresses = new ArrayList<>();
  private final FailureCounts users;
  /** "user\0address" of successful logins, with when: these addresses are spared a lockout of the name. */
  private final Map<String, Long> known = new LinkedHashMap<>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

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
    this.clock = clock;
    for (int level = 0; level <= AddressPrefix.LEVELS; level++) {
      addresses.add(new FailureCounts(MAX_ENTRIES, maxFailures, lockout.toNanos()));
    }
    this.users = new FailureCounts(MAX_ENTRIES, maxFailures, lockout.toNanos());
  }

  /** How long {@code user} logging in from {@code address} must wait; zero when they may try now. */
  public synchronized Duration retryAfter(String address, String user) {
    long now = clock.getAsLong();
    long wait = addresses.get(0).remaining(address, now);
    boolean spared = user != null && isKnown(user, address, now);
    if (!spared) {
      for (int level = 1; level < addresses.size(); level++) {
        FailureCounts coarse = addresses.get(level);
        if (coarse.size() > 0) {   // empty unless many addresses were locked out at once
          wait = Math.max(wait, coarse.remaining(AddressPrefix.of(address, level), now));
        }
      }
      if (user != null) {
        wait = Math.max(wait, users.remaining(user, now));
      }
    }
    return Duration.ofNanos(wait);
  }

  /** Counts a failed login (a wrong password, or an unknown user). */
  public synchronized void failed(String address, String user) {
    long now = clock.getAsLong();
    for (int level = 0; level < addresses.size(); level++) {
      if (addresses.get(level).fail(AddressPrefix.of(address, level), now)) {
        break;
      }
    }
    if (user != null) {
      users.fail(user, now);   // no room: every name kept is locked out; the address still counts
    }
  }

  /** Records a successful login: the name's failures are forgotten and this address is spared its lockouts. */
  public synchronized void succeeded(String address, String user) {
    if (user == null) {
      return;
    }
    users.forget(user);
    String key = user + "\0" + address;
    known.remove(key);
    known.put(key, clock.getAsLong());
  }

  private boolean isKnown(String user, String address, long now) {
    Long at = known.get(user + "\0" + address);
    return at != null && now - at < KNOWN_FOR_NANOS;
  }

  /** Entries kept now (tests). */
  synchronized int size() {
    int n = users.size() + known.size();
    for (FailureCounts a : addresses) {
      n += a.size();
    }
    return n;
  }
}
