package org.stripesql.adapter.client;

/**
 * Supplies the bearer token for Stripe requests: a secret or restricted key, or an OAuth access token
 * that may be refreshed. Implementations never expose the token in {@code toString}.
 */
public interface Credentials {
  /** The token to send now. */
  String bearerToken();

  /**
   * Called when Stripe answered 401 to a request made with {@code rejectedToken}; returns true when a
   * different token is now available and the request is worth repeating once.
   */
  default boolean refreshAfterRejection(String rejectedToken) {
    return false;
  }

  /**
   * What identifies the account for rate limiting (hashed, never logged); read once when a client is made,
   * so credentials that obtain their token later (OAuth) return something stable without fetching one.
   */
  default String rateLimitKey() {
    return bearerToken();
  }

  /** A fixed key. */
  static Credentials ofKey(String key) {
    return new Credentials() {
      @Override
      public String bearerToken() {
        return key;
      }

      @Override
      public String toString() {
        return "Credentials[key=[REDACTED]]";
      }
    };
  }
}
