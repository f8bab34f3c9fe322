package org.stripesql.pgwire;

import java.time.Duration;

/**
 * The endpoint's caps on each connection: how long a client may take from connecting to logged in,
 * how many connections may wait to log in (in all and per address), the longest message after login,
 * and how many named statements, portals and cursors one session may hold.
 *
 * @param loginTimeout                 from the connection's start (PostgreSQL's authentication_timeout)
 * @param maxUnauthenticated           connections not yet logged in, in all
 * @param maxUnauthenticatedPerAddress the same, from one client address
 * @param maxMessageBytes              the longest message after login (the gateway's --max-request-bytes)
 * @param maxStatementsPerSession      named statements, portals and cursors of one session
 */
public record Limits(Duration loginTimeout, int maxUnauthenticated, int maxUnauthenticatedPerAddress,
    int maxMessageBytes, int maxStatementsPerSession) {
  public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(60), 128, 16, 4 << 20, 200);

  public Limits {
    if (loginTimeout.isNegative() || loginTimeout.isZero()) {
      throw new IllegalArgumentException("--pg-login-timeout must be positive, not " + loginTimeout);
    }
    if (maxUnauthenticated < 1 || maxUnauthenticatedPerAddress < 1) {
      throw new IllegalArgumentException("--pg-max-unauthenticated and --pg-max-unauthenticated-per-address must be"
          + " at least 1");
    }
    if (maxMessageBytes < 1024 || maxStatementsPerSession < 1) {
      throw new IllegalArgumentException("the message and statement caps must be at least 1024 bytes and 1");
    }
  }
}
