package org.stripesql.pgwire;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One kind of log line that a client can make the server repeat (a failed accept, a refused login, a
 * connection over a cap): at most one line per {@code every} nanoseconds, the next one saying how many
 * were left out meanwhile, so a flood of connections cannot fill the disk with the log.
 */
final class RateLimitedLog {
  private final Logger log;
  private final long everyNanos;
  private final LongSupplier clock;
  private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(Logger log, long everyNanos) {
    this(log, everyNanos, System::nanoTime);
  }

  RateLimitedLog(Logger log, long everyNanos, LongSupplier clock) {
    this.log = log;
    this.everyNanos = everyNanos;
    this.clock = clock;
  }

  /** Logs at WARN unless a line of this kind was logged within the interval. */
  void warn(String format, Object... args) {
    if (admit()) {
      log.warn(format + suffix(), args);
    }
  }

  /** Logs at INFO unless a line of this kind was logged within the interval. */
  void info(String format, Object... args) {
    if (admit()) {
      log.info(format + suffix(), args);
    }
  }

  private boolean admit() {
    long now = clock.getAsLong();
    long at = next.get();
    if (at != Long.MIN_VALUE && now - at < 0 || !next.compareAndSet(at, now + everyNanos)) {
      suppressed.incrementAndGet();
      return false;
    }
    return true;
  }

  private String suffix() {
    long n = suppressed.getAndSet(0);
    return n == 0 ? "" : " (" + n + " more like it not logged)";
  }
}
