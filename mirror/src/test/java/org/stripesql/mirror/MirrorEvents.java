package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.stripesql.adapter.StripeAdapter;

/**
 * The mirrors' own signals for tests: every status a mirror publishes (each poll, each job's end, each state
 * change) wakes {@link #await}, which checks its condition again; nothing waits on the clock.
 */
final class MirrorEvents {
  private static final MirrorEvents INSTANCE = new MirrorEvents();
  private long published;

  private MirrorEvents() {
    StripeAdapter.listenMirrors(s -> {
      synchronized (this) {
        published++;
        notifyAll();
      }
    });
  }

  /** The one listener of the test process. */
  static MirrorEvents get() {
    return INSTANCE;
  }

  /** Waits until {@code condition} holds, checking it again after each status any mirror publishes. */
  void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen;
      synchronized (this) {
        seen = published;
      }
      if (condition.call()) {
        return;
      }
      synchronized (this) {
        while (published == seen) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            fail(what + " did not happen within " + timeout);
          }
          wait(Math.max(1, left / 1_000_000));
        }
      }
    }
  }
}
