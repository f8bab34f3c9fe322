package org.stripesql.adapter.oauth;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether InitiateOAuth=GETANDREFRESH may open a browser here: only where that browser is the person's at
 * the gateway, a process serving loopback alone on a desktop. While the host has a gateway reachable from
 * the network open, or there is no browser to open, a schema with no stored token fails at once, naming
 * the served flow ({@code /oauth/authorize}), instead of waiting minutes for a sign-in nobody sees.
 */
public final class DesktopFlowPolicy {
  private static final AtomicInteger NETWORK_GATEWAYS = new AtomicInteger();

  private DesktopFlowPolicy() {}

  /** The host serves an address reachable from the network until the returned handle is closed. */
  public static AutoCloseable networkGateway() {
    NETWORK_GATEWAYS.incrementAndGet();
    boolean[] closed = new boolean[1];
    return () -> {
      synchronized (closed) {
        if (!closed[0]) {
          closed[0] = true;
          NETWORK_GATEWAYS.decrementAndGet();
        }
      }
    };
  }

  /** Throws, naming the served flow, unless the desktop flow may open a browser now. */
  static void check() {
    if (NETWORK_GATEWAYS.get() > 0) {
      throw new OAuthException("no stored Stripe OAuth token, and this gateway is reachable from the network, so it"
          + " opens no browser for InitiateOAuth=GETANDREFRESH (it would open on the server, not yours). Connect the"
          + " account through the gateway's served flow: open https://GATEWAY/oauth/authorize in your browser",
          null, "28000", null);
    }
    if (!OAuthBrowser.canOpen()) {
      throw new OAuthException("no stored Stripe OAuth token, and there is no browser here to connect the account"
          + " with (InitiateOAuth=GETANDREFRESH). Connect it through the gateway's served flow: open"
          + " http://GATEWAY/oauth/authorize in a browser", null, "28000", null);
    }
  }
}
