package org.stripesql.pgwire;

import java.time.Duration;
import org.stripesql.server.limits.LimitExceededException;
import org.stripesql.server.limits.SessionLimits;
import org.stripesql.server.security.LoginThrottle;

/**
 * The gate over the Avatica gateway's own caps and login throttle: PostgreSQL sessions count toward
 * max-connections and max-connections-per-user with the JDBC ones, and failed logins on either port lock
 * the same address or name out.
 */
public final class SharedLimits implements SessionGate {
  private final SessionLimits limits;
  private final LoginThrottle throttle;

  public SharedLimits(SessionLimits limits, LoginThrottle throttle) {
    this.limits = limits;
    this.throttle = throttle;
  }

  @Override
  public void beforeLogin(String user, String address) {
    Duration wait = throttle.retryAfter(address, user);
    if (!wait.isZero()) {
      throw new Refused("28000", "too many failed logins from this address or for this user; try again in "
          + Math.max(1, wait.toSeconds()) + " s");
    }
  }

  @Override
  public void loginFailed(String user, String address) {
    throttle.failed(address, user);
  }

  @Override
  public void loginSucceeded(String user, String address) {
    throttle.succeeded(address, user);
  }

  @Override
  public void open(String connectionId, String user) {
    try {
      limits.openConnection(connectionId, user);
    } catch (LimitExceededException e) {
      throw new Refused(e.sqlState(), e.getMessage());
    }
  }

  @Override
  public void close(String connectionId) {
    limits.closeConnection(connectionId);
  }
}
