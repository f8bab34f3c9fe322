package org.stripesql.emulator.data;

import java.time.Duration;
import java.time.Instant;

/**
 * The emulator's time, in whole seconds as Stripe's {@code created} is: it starts at the data set's
 * anchor (its newest seeded object), runs on with real time, and jumps forward when a test
 * {@linkplain #advance(Duration) advances} it (to age events past Stripe's 30-day retention).
 */
public final class EmulatorClock {
  private final long startSecond;
  private final long startNanos = System.nanoTime();
  private volatile long offsetSeconds;

  public EmulatorClock(Instant start) {
    this.startSecond = start.getEpochSecond();
  }

  /** Now, in unix seconds. */
  public long nowSeconds() {
    return startSecond + (System.nanoTime() - startNanos) / 1_000_000_000L + offsetSeconds;
  }

  /** Moves time forward. */
  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    offsetSeconds += d.getSeconds();
  }
}
