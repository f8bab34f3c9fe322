package org.stripesql.adapter.oauth;

import org.stripesql.adapter.client.Redactor;
import org.stripesql.adapter.client.SqlStateProvider;

/**
 * Stripe Connect OAuth failed: Stripe refused a code or refresh token, the user denied access, the flow
 * timed out, or the settings file is unusable. The message says which and what to do, and never holds a
 * key, code or token; {@link #sqlState()} is 28000 for refusals, 08001 when Connect is unreachable,
 * HY000 otherwise.
 */
public class OAuthException extends RuntimeException implements SqlStateProvider {
  private static final long serialVersionUID = 1L;

  private final String sqlState;
  private final String oauthError;

  public OAuthException(String message, String oauthError, String sqlState, Throwable cause) {
    super(Redactor.redact(message), cause);
    this.sqlState = sqlState;
    this.oauthError = oauthError;
  }

  /** Stripe's OAuth error code ({@code invalid_grant}, {@code access_denied}...), or null. */
  public String oauthError() {
    return oauthError;
  }

  @Override
  public String sqlState() {
    return sqlState;
  }
}
