package org.stripesql.adapter.config;

/** How a schema gets its OAuth token (the InitiateOAuth operand). */
public enum InitiateOAuth {
  /** Use OAuthAccessToken as given; never refresh. */
  OFF,
  /** Without a stored token, sign in through the browser; then refresh by itself. */
  GETANDREFRESH,
  /** Only refresh, from the stored token or OAuthRefreshToken. */
  REFRESH
}
