package org.stripesql.adapter.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What Stripe Connect's token endpoint returned: the access token (a secret key for the connected
 * account), the refresh token, the account ({@code stripe_user_id}), scope and mode, and when the access
 * token expires if Stripe said so ({@code expires_in}). {@link #toString()} shows no token.
 *
 * @param expiresAt null when Stripe gave no lifetime
 */
public record OAuthTokens(String accessToken, String refreshToken, String stripeUserId, String scope,
    boolean livemode, String tokenType, Instant expiresAt) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The token endpoint's answer, received at {@code now}. */
  static OAuthTokens fromTokenResponse(JsonNode json, Instant now) {
    Instant expires = json.hasNonNull("expires_in") ? now.plusSeconds(json.get("expires_in").asLong()) : null;
    return new OAuthTokens(text(json, "access_token"), text(json, "refresh_token"), text(json, "stripe_user_id"),
        text(json, "scope"), json.path("livemode").asBoolean(false), text(json, "token_type"), expires);
  }

  /** Seconds the access token has left at {@code now}, or null without an expiry. */
  public Long expiresIn(Instant now) {
    return expiresAt == null ? null : Math.max(0, expiresAt.getEpochSecond() - now.getEpochSecond());
  }

  /** Whether the access token will have expired {@code skewSeconds} from {@code now}. */
  public boolean expiredAt(Instant now, long skewSeconds) {
    return expiresAt != null && !now.plusSeconds(skewSeconds).isBefore(expiresAt);
  }

  /** The settings file's JSON. */
  ObjectNode toJson() {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("access_token", accessToken);
    o.put("refresh_token", refreshToken);
    o.put("stripe_user_id", stripeUserId);
    o.put("scope", scope);
    o.put("livemode", livemode);
    o.put("token_type", tokenType);
    if (expiresAt != null) {
      o.put("expires_at", expiresAt.getEpochSecond());
    }
    return o;
  }

  /** From the settings file's JSON; null when it lacks an access token. */
  static OAuthTokens fromJson(JsonNode o) {
    if (o == null || !o.isObject() || !o.hasNonNull("access_token")) {
      return null;
    }
    Instant expires = o.hasNonNull("expires_at") ? Instant.ofEpochSecond(o.get("expires_at").asLong()) : null;
    return new OAuthTokens(text(o, "access_token"), text(o, "refresh_token"), text(o, "stripe_user_id"),
        text(o, "scope"), o.path("livemode").asBoolean(false), text(o, "token_type"), expires);
  }

  private static String text(JsonNode n, String f) {
    return n.hasNonNull(f) ? n.get(f).asText() : null;
  }

  @Override
  public String toString() {
    return "OAuthTokens[accessToken=[REDACTED], refreshToken=[REDACTED], stripeUserId=" + stripeUserId + ", scope="
        + scope + ", livemode=" + livemode + ", expiresAt=" + expiresAt + "]";
  }
}
