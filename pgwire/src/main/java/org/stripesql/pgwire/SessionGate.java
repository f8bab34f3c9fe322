package org.stripesql.pgwire;

/**
 * Where the gateway's shared limits meet this endpoint: login throttling before a password is checked,
 * and the connection caps when a session opens. Protocol-neutral (user names, addresses, connection
 * ids), so the caps and throttle the Avatica side uses can stand behind it; a refusal is a
 * {@link Refused} with its SQLSTATE.
 */
public interface SessionGate {
  /** No limits. */
  SessionGate NONE = new SessionGate() {
  };

  /** Before {@code user}'s password from {@code address} is checked: may refuse (throttled). */
  default void beforeLogin(String user, String address) {
  }

  /** A login failed. */
  default void loginFailed(String user, String address) {
  }

  /** A login succeeded. */
  default void loginSucceeded(String user, String address) {
  }

  /** A session of {@code user} opens as {@code connectionId}: may refuse (a cap reached). */
  default void open(String connectionId, String user) {
  }

  /** The session {@code connectionId} closed. */
  default void close(String connectionId) {
  }

  /** A refusal: the SQLSTATE (28000, 53300...) and a message naming the cause and the fix. */
  final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sqlState;

    public Refused(String sqlState, String message) {
      super(message);
      this.sqlState = sqlState;
    }

    public String sqlState() {
      return sqlState;
    }
  }
}
