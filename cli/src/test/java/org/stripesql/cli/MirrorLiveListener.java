package org.stripesql.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.stripesql.adapter.StripeAdapter;

/** Waits for a gateway's mirror to go live on the mirror's own status events (the gateway runs in this process). */
final class MirrorLiveListener {
  private static long published;

  static {
    StripeAdapter.listenMirrors(s -> {
      synchronized (MirrorLiveListener.class) {
        published++;
        MirrorLiveListener.class.notifyAll();
      }
    });
  }

  private MirrorLiveListener() {}

  /** Until every row of mirror_status (through {@code c}) is live, checked again after each status published. */
  static void awaitLive(Connection c, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen;
      synchronized (MirrorLiveListener.class) {
        seen = published;
      }
      if (allLive(c)) {
        return;
      }
      synchronized (MirrorLiveListener.class) {
        while (published == seen) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            fail("the mirror did not go live within " + timeout);
          }
          MirrorLiveListener.class.wait(Math.max(1, left / 1_000_000));
        }
      }
    }
  }

  private static boolean allLive(Connection c) throws Exception {
    boolean any = false;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT state FROM mirror_status")) {
      while (rs.next()) {
        any = true;
        if (!"live".equals(rs.getString(1))) {
          return false;
        }
      }
    }
    return any;
  }
}
