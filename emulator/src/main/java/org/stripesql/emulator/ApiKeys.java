package org.stripesql.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.stripesql.emulator.api.Access;
import org.stripesql.emulator.api.ApiException;

/**
 * Who may call the API: any {@code sk_test_} or {@code rk_test_} key that was not revoked, sent as
 * Bearer or Basic auth, and the OAuth access tokens {@link EmulatorOAuth} issued and still honours. A
 * restricted key configured with permissions may use only those ({@link Access}); other keys may read and
 * write everything.
 */
final class ApiKeys {
  /**
   * An authenticated caller: what its key may do, how Stripe's messages show the key, and for an OAuth
   * access token the account it stands for (null for a platform key).
   */
  record Caller(Access access, String shownKey, String tokenAccount) {}

  private final Set<String> revoked;
  private final Map<String, Set<String>> restricted;
  private final EmulatorOAuth oauth;

  ApiKeys(Set<String> revoked, Map<String, Set<String>> restricted, EmulatorOAuth oauth) {
    this.revoked = ConcurrentHashMap.newKeySet();
    this.revoked.addAll(revoked);
    this.restricted = Map.copyOf(restricted);
    this.oauth = oauth;
  }

  /** Revokes a key from now on (as rolling it in the dashboard does): its next request gets 401. */
  void revoke(String key) {
    revoked.add(key);
  }

  /** The key an Authorization header carries, as Stripe shows one; null when it carries none. */
  static String shown(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim();
    String key;
    if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = h.substring(7).trim();
    } else if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        key = colon < 0 ? decoded : decoded.substring(0, colon);
      } catch (IllegalArgumentException e) {
        return null;
      }
    } else {
      return null;
    }
    return key.isEmpty() ? null : Secrets.redact(key);
  }

  /**
   * Accepts the request's {@code Authorization} header for this method and says what the key may do, or
   * throws Stripe's 401 or 403.
   */
  Caller authenticate(String header, String method) {
    if (header == null || header.isBlank()) {
      throw missingKey();
    }
    String key;
    String h = header.trim();
    if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = h.substring(7).trim();
    } else if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        key = colon < 0 ? decoded : decoded.substring(0, colon);
      } catch (IllegalArgumentException e) {
        throw invalidKey("");
      }
    } else {
      throw new ApiException(401, "invalid_request_error", null, null, "Invalid Authorization header: use"
          + " Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
    }
    if (key.isEmpty()) {
      throw missingKey();
    }
    if (EmulatorOAuth.isOAuthToken(key)) {
      ApiException refused = oauth.check(key, method);
      if (refused != null) {
        throw refused;
      }
      EmulatorOAuth.Grant g = oauth.grant(key);
      if (g == null) {
        throw oauth.check(key, method);   // expired just now
      }
      return new Caller(Access.FULL, Secrets.redact(key), g.accountId());
    }
    boolean wellFormed = (key.startsWith("sk_test_") || key.startsWith("rk_test_")) && key.length() > 8;
    if (!wellFormed || revoked.contains(key)) {
      throw invalidKey(key);
    }
    Set<String> granted = restricted.get(key);
    return new Caller(granted == null ? Access.FULL : Access.restricted(Secrets.redact(key), granted),
        Secrets.redact(key), null);
  }

  /**
   * The account an {@code Authorization} header's OAuth access token stands for, when it is one the
   * emulator honours now; null otherwise (a key, or nothing valid). Read before the request is
   * authenticated, to count it against that account's rate limits.
   */
  String tokenAccount(String header) {
    if (header == null || !header.trim().regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String key = header.trim().substring(7).trim();
    EmulatorOAuth.Grant g = EmulatorOAuth.isOAuthToken(key) ? oauth.grant(key) : null;
    return g == null ? null : g.accountId();
  }

  private static ApiException missingKey() {
    return new ApiException(401, "invalid_request_error", null, null, "You did not provide an API key. You need"
        + " to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer"
        + " YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at"
        + " https://support.stripe.com/.");
  }

  private static ApiException invalidKey(String key) {
    return new ApiException(401, "invalid_request_error", null, null, "Invalid API Key provided: "
        + Secrets.redact(key));
  }
}
