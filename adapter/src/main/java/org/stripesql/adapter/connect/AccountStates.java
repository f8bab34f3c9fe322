package org.stripesql.adapter.connect;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the schema last saw of each connected account: whether Stripe let it read the account, and the
 * error when not. A statement that reads the account again sets it again, so an account that becomes
 * readable recovers by itself.
 */
public final class AccountStates {
  /** The state of one account. */
  public enum State {
    /** The last read succeeded. */
    READABLE,
    /** Stripe refused the last read (revoked, restricted, not connected). */
    UNREADABLE,
    /** Not read yet. */
    UNREAD;

    /** The state as the {@code connected_accounts} table shows it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One account's last outcome. */
  public record Seen(State state, String lastError, Instant at) {}

  private static final Seen UNSEEN = new Seen(State.UNREAD, null, null);
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  /** A read of {@code account} succeeded. */
  public void readable(String account) {
    seen.put(account, new Seen(State.READABLE, null, Instant.now()));
  }

  /** Stripe refused a read of {@code account} with {@code error} (a message without credentials). */
  public void unreadable(String account, String error) {
    seen.put(account, new Seen(State.UNREADABLE, error, Instant.now()));
  }

  /** What was last seen of {@code account}. */
  public Seen of(String account) {
    return seen.getOrDefault(account, UNSEEN);
  }
}
