package org.stripesql.server.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Connections counted per user and in all, and uncounted when they close, signed in or not. */
class SessionLimitsTest {
  @Test
  void anonymousConnectionsAreUncountedWhenTheyClose() {
    SessionLimits limits = new SessionLimits(new SessionLimits.Settings(10, 2, 200, 10_000));
    for (int i = 0; i < 100; i++) {
      limits.openConnection("c" + i, null);
      limits.closeConnection("c" + i);
    }
    limits.openConnection("a", null);
    limits.openConnection("b", "");
    LimitExceededException third = assertThrows(LimitExceededException.class, () -> limits.openConnection("c", null));
    assertEquals(SessionLimits.Settings.MAX_CONNECTIONS_PER_USER, third.setting());
    limits.closeConnection("a");
    limits.openConnection("c", null);
    assertEquals(2, limits.connections());
  }

  @Test
  void eachUserHasTheirOwnCap() {
    SessionLimits limits = new SessionLimits(new SessionLimits.Settings(3, 1, 200, 10_000));
    limits.openConnection("a", "alice");
    limits.openConnection("b", "bob");
    assertThrows(LimitExceededException.class, () -> limits.openConnection("c", "alice"));
    limits.openConnection("c", null);
    assertEquals(MAX, assertThrows(LimitExceededException.class, () -> limits.openConnection("d", "carol")).setting());
  }

  private static final String MAX = SessionLimits.Settings.MAX_CONNECTIONS;
}
