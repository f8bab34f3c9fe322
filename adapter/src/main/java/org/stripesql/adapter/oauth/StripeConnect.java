package org.stripesql.adapter.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.client.HttpClients;
import org.stripesql.adapter.client.Redactor;

/**
 * Stripe Connect's OAuth endpoints ({@code connectBase}, https://connect.stripe.com by default): the
 * authorization URL, and {@code POST /oauth/token} for a code or a refresh token. Token requests are not
 * repeated on failure (a code and, at Stripe, a refresh token can be single-use). Nothing here logs or
 * throws a code, token or secret.
 */
public final class StripeConnect {
  private static final Logger LOG = LoggerFactory.getLogger(StripeConnect.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpUrl base;
  private final String clientId;
  private final String clientSecret;
  private final OkHttpClient http = HttpClients.shared();

  public StripeConnect(String connectBase, String clientId, String clientSecret) {
    this.base = Objects.requireNonNull(HttpUrl.parse(connectBase), "connectBase is not an http(s) URL");
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  public String clientId() {
    return clientId;
  }

  /** {connectBase}/oauth/authorize?response_type=code&client_id=..&scope=..&redirect_uri=..&state=.. */
  public String authorizationUrl(String scope, String redirectUri, String state) {
    HttpUrl.Builder b = base.newBuilder().addPathSegments("oauth/authorize")
        .addQueryParameter("response_type", "code")
        .addQueryParameter("client_id", requireClientId())
        .addQueryParameter("scope", scope == null ? "read_only" : scope);
    if (redirectUri != null) {
      b.addQueryParameter("redirect_uri", redirectUri);
    }
    if (state != null) {
      b.addQueryParameter("state", state);
    }
    return b.build().toString();
  }

  /** Exchanges an authorization code (grant_type=authorization_code). */
  public OAuthTokens exchangeCode(String code) {
    if (code == null || code.isBlank()) {
      throw new OAuthException("no authorization code was given", "invalid_request", "HY000", null);
    }
    return token(new FormBody.Builder().add("grant_type", "authorization_code").add("code", code), "authorization code");
  }

  /** Gets a new access token with a refresh token (grant_type=refresh_token); the refresh token may rotate. */
  public OAuthTokens refresh(String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank()) {
      throw new OAuthException("no OAuth refresh token is available; connect the Stripe account again",
          "invalid_request", "28000", null);
    }
    return token(new FormBody.Builder().add("grant_type", "refresh_token").add("refresh_token", refreshToken),
        "refresh token");
  }

  private String requireClientId() {
    if (clientId == null) {
      throw new OAuthException("operand OAuthClientId is not set: give the platform's Stripe Connect client id (ca_...)",
          null, "HY000", null);
    }
    return clientId;
  }

  private OAuthTokens token(FormBody.Builder form, String what) {
    if (clientSecret == null) {
      throw new OAuthException("operand OAuthClientSecret is not set: give the platform's secret key", null, "HY000",
          null);
    }
    form.add("client_secret", clientSecret);
    HttpUrl url = base.newBuilder().addPathSegments("oauth/token").build();
    Request req = new Request.Builder().url(url).post(form.build()).header("Accept", "application/json")
        .header("User-Agent", "stripe-sql/0.1").build();
    Instant now = Instant.now();
    try (Response r = http.newCall(req).execute()) {
      String body = r.body().string();
      JsonNode json;
      try {
        json = MAPPER.readTree(body);
      } catch (IOException e) {
        json = null;
      }
      if (r.isSuccessful() && json != null && json.hasNonNull("access_token")) {
        OAuthTokens t = OAuthTokens.fromTokenResponse(json, now);
        LOG.info("Stripe Connect issued an access token for {} (scope {}) in exchange for the {}", t.stripeUserId(), t.scope(),
            what);
        return t;
      }
      String error = json == null ? null : text(json, "error");
      String description = json == null ? null : text(json, "error_description");
      String msg = "Stripe Connect refused the " + what + " (HTTP " + r.code()
          + (error != null ? ", " + error : "") + ")" + (description != null ? ": "
          + Redactor.redact(description, clientSecret) : "");
      if ("invalid_grant".equals(error)) {
        msg += what.startsWith("refresh") ? ". The refresh token was used already, expired or revoked: connect the"
            + " Stripe account again (InitiateOAuth=GETANDREFRESH, or GET /oauth/authorize on the gateway)"
            : ". Authorization codes are single-use and short-lived: start the authorization again";
      } else if ("invalid_client".equals(error)) {
        msg += ". Check OAuthClientId and OAuthClientSecret";
      }
      LOG.warn("Stripe Connect token request failed: HTTP {} {}", r.code(), error == null ? "" : error);
      throw new OAuthException(msg, error, r.code() >= 500 ? "08006" : "28000", null);
    } catch (IOException e) {
      throw new OAuthException("cannot reach Stripe Connect at " + base + ": " + e.getClass().getSimpleName()
          + "; check connectBase and the network", null, "08001", e);
    }
  }

  private static String text(JsonNode n, String f) {
    return n.hasNonNull(f) ? n.get(f).asText() : null;
  }

  @Override
  public String toString() {
    return "StripeConnect[" + base + ", clientId=" + clientId + "]";
  }
}
