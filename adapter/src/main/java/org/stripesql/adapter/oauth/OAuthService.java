package org.stripesql.adapter.oauth;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.client.Credentials;
import org.stripesql.adapter.config.ConnectedAccountsSetting;
import org.stripesql.adapter.config.InitiateOAuth;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.adapter.connect.OAuthAccounts;

/**
 * Stripe Connect OAuth for one schema: the tokens it reads Stripe with ({@link #credentials()}), kept in
 * the OAuthSettingsLocation file and refreshed per InitiateOAuth, and the web flow's operations (the
 * authorization URL, code exchange, refresh). Where a token comes from and how concurrent refreshes
 * make one call: docs/design.md.
 */
public final class OAuthService {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthService.class);
  /** Refresh this long before the stored expiry. */
  static final long EXPIRY_SKEW_SECONDS = 5;

  private final InitiateOAuth mode;
  private final StripeConnect connect;
  private final OAuthSettingsStore store;
  private final String scope;
  private final String callbackUrl;
  private final boolean callbackGiven;
  private final String givenAccessToken;
  private final String givenRefreshToken;
  private final Duration flowTimeout;
  private volatile OAuthTokens current;
  /** With ConnectedAccounts=oauth: every connected account's tokens; null otherwise. */
  private ConnectedTokens connectedTokens;

  OAuthService(InitiateOAuth mode, StripeConnect connect, OAuthSettingsStore store, String scope, String callbackUrl,
      boolean callbackGiven, String givenAccessToken, String givenRefreshToken, Duration flowTimeout) {
    this.mode = mode;
    this.connect = connect;
    this.store = store;
    this.scope = scope;
    this.callbackUrl = callbackUrl;
    this.callbackGiven = callbackGiven;
    this.givenAccessToken = givenAccessToken;
    this.givenRefreshToken = givenRefreshToken;
    this.flowTimeout = flowTimeout;
  }

  public static OAuthService create(StripeSchemaConfig config) {
    StripeConnect connect = new StripeConnect(config.connectBase(), config.oauthClientId(), config.oauthClientSecret());
    OAuthService s = new OAuthService(config.initiateOAuth(), connect,
        new OAuthSettingsStore(config.oauthSettingsLocation()), config.scope(), config.callbackUrl(),
        config.hasCallbackUrl(), config.accessToken(), config.oauthRefreshToken(), DesktopFlow.DEFAULT_TIMEOUT);
    ConnectedAccountsSetting accounts = config.connectedAccounts();
    if (accounts != null && accounts.mode() == ConnectedAccountsSetting.Mode.OAUTH) {
      s.connectedTokens = new ConnectedTokens(config.oauthSettingsLocation(), connect);
    }
    return s;
  }

  /**
   * With ConnectedAccounts=oauth, the accounts connected to this schema through OAuth, each with its own
   * tokens; null otherwise.
   */
  public OAuthAccounts connectedAccounts() {
    return connectedTokens;
  }

  /** A random, URL-safe OAuth {@code state} value. */
  public static String newState() {
    return DesktopFlow.newState();
  }

  public InitiateOAuth mode() {
    return mode;
  }

  public String scope() {
    return scope;
  }

  /** The CallbackURL operand, or null when it was not given. */
  public String callbackUrl() {
    return callbackGiven ? callbackUrl : null;
  }

  /** Whether OAuthClientId and OAuthClientSecret are configured (the web flow needs them). */
  public boolean configured() {
    return connect.clientId() != null;
  }

  // ------------------------------------------------------------------ web flow

  /** The URL to send the user to; {@code scope} null for the Scope operand. */
  public String authorizationUrl(String redirectUri, String scope, String state) {
    return connect.authorizationUrl(scope == null ? this.scope : scope, redirectUri, state);
  }

  /** Exchanges a code (the verifier of the redirect); stores nothing. */
  public OAuthTokens exchangeCode(String code) {
    return connect.exchangeCode(code);
  }

  /** Refreshes with a given refresh token; stores nothing. */
  public OAuthTokens refresh(String refreshToken) {
    return connect.refresh(refreshToken);
  }

  /**
   * Exchanges a code and stores the tokens in the settings file, which this schema and every connection
   * configured with the same file use from then on. A corrupt file is reported, not overwritten.
   */
  public OAuthTokens connectAccount(String code) {
    if (connectedTokens != null) {
      OAuthTokens t = connect.exchangeCode(code);
      connectedTokens.store(t);
      LOG.info("Connected Stripe account {} (scope {}) to the schema's connected accounts; tokens stored in {}",
          t.stripeUserId(), t.scope(), connectedTokens.directory());
      return t;
    }
    return store.locked(() -> {
      store.read();   // fails on a corrupt file, which is left alone
      OAuthTokens t = connect.exchangeCode(code);
      store.write(t);
      current = t;
      LOG.info("Connected Stripe account {} (scope {}); tokens stored in {}", t.stripeUserId(), t.scope(), store.file());
      return t;
    });
  }

  // ------------------------------------------------------------------ credentials

  /** The bearer token supplier of this schema's Stripe client. */
  public Credentials credentials() {
    return new Credentials() {
      @Override
      public String bearerToken() {
        return token();
      }

      @Override
      public boolean refreshAfterRejection(String rejectedToken) {
        if (mode == InitiateOAuth.OFF) {
          return false;
        }
        replace(rejectedToken, "Stripe answered 401");
        return true;
      }

      @Override
      public String rateLimitKey() {
        return "oauth|" + connect.clientId() + "|" + store.file();
      }

      @Override
      public String toString() {
        return "OAuthCredentials[" + mode + ", " + store.file() + ", tokens=[REDACTED]]";
      }
    };
  }

  /** The tokens in use now, or null before the first request. */
  public OAuthTokens currentTokens() {
    return current;
  }

  String token() {
    OAuthTokens t = current;
    if (t == null) {
      t = initial();
    }
    if (mode != InitiateOAuth.OFF && t.expiredAt(Instant.now(), EXPIRY_SKEW_SECONDS)) {
      t = replace(t.accessToken(), "the stored expiry has passed");
    }
    return t.accessToken();
  }

  private OAuthTokens initial() {
    return store.locked(() -> {
      if (current != null) {
        return current;
      }
      if (mode == InitiateOAuth.OFF && givenAccessToken != null) {
        return current = given();
      }
      OAuthTokens stored = store.read();
      if (stored != null) {
        LOG.debug("Using the OAuth token stored in {}", store.file());
        return current = stored;
      }
      if (givenAccessToken != null) {
        return current = given();
      }
      if (mode != InitiateOAuth.OFF && givenRefreshToken != null) {
        return current = save(connect.refresh(givenRefreshToken), null);
      }
      if (mode == InitiateOAuth.GETANDREFRESH) {
        return current = save(DesktopFlow.run(connect, callbackUrl, scope, flowTimeout), null);
      }
      throw new OAuthException("no Stripe OAuth token: " + store.file() + " does not exist and neither OAuthAccessToken"
          + " nor OAuthRefreshToken is given. Connect the account first: open /oauth/authorize on the gateway, use"
          + " InitiateOAuth=GETANDREFRESH, or call GetOAuthAccessToken", null, "28000", null);
    });
  }

  private OAuthTokens given() {
    return new OAuthTokens(givenAccessToken, givenRefreshToken, null, scope, false, "bearer", null);
  }

  /**
   * Replaces the access token {@code stale}: adopts the stored one when another connection has replaced
   * it already, else refreshes (GETANDREFRESH: runs the browser flow again when the refresh token is
   * refused) and stores the result.
   */
  private OAuthTokens replace(String stale, String why) {
    return store.locked(() -> {
      OAuthTokens onFile = store.read();
      if (onFile != null && !onFile.accessToken().equals(stale)
          && !onFile.expiredAt(Instant.now(), EXPIRY_SKEW_SECONDS)) {
        LOG.debug("Another connection refreshed the OAuth token already");
        return current = onFile;
      }
      OAuthTokens base = onFile != null ? onFile : current;
      String refreshToken = base != null && base.refreshToken() != null ? base.refreshToken() : givenRefreshToken;
      LOG.info("Refreshing the Stripe OAuth access token ({})", why);
      OAuthTokens fresh;
      try {
        fresh = connect.refresh(refreshToken);
      } catch (OAuthException e) {
        boolean refused = refreshToken == null || "invalid_grant".equals(e.oauthError());
        if (mode != InitiateOAuth.GETANDREFRESH || !refused) {
          throw e;
        }
        LOG.info("The refresh token was refused; connecting the Stripe account again through the browser");
        fresh = DesktopFlow.run(connect, callbackUrl, scope, flowTimeout);
      }
      return current = save(fresh, base);
    });
  }

  private OAuthTokens save(OAuthTokens t, OAuthTokens previous) {
    OAuthTokens out = t;
    if (t.stripeUserId() == null && previous != null && previous.stripeUserId() != null) {
      out = new OAuthTokens(t.accessToken(), t.refreshToken(), previous.stripeUserId(), t.scope(), t.livemode(),
          t.tokenType(), t.expiresAt());
    }
    store.write(out);
    return out;
  }

  @Override
  public String toString() {
    return "OAuthService[" + mode + ", " + connect + ", " + store + "]";
  }
}
