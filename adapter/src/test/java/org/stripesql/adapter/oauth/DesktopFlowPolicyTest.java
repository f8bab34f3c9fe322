package org.stripesql.adapter.oauth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the desktop flow may open a browser: never while a network gateway is open, never without a browser. */
class DesktopFlowPolicyTest {
  @AfterEach
  void noBrowser() {
    OAuthBrowser.override(null);
  }

  @Test
  void aNetworkGatewayKeepsTheBrowserClosedUntilItStops() throws Exception {
    OAuthBrowser.override(uri -> { });
    assertDoesNotThrow(DesktopFlowPolicy::check);
    AutoCloseable serving = DesktopFlowPolicy.networkGateway();
    OAuthException e = assertThrows(OAuthException.class, DesktopFlowPolicy::check);
    assertTrue(e.getMessage().contains("/oauth/authorize") && e.getMessage().contains("reachable from the network"),
        e.getMessage());
    serving.close();
    serving.close();   // idempotent: the count is not released twice
    assertDoesNotThrow(DesktopFlowPolicy::check);
  }

  @Test
  void withoutABrowserTheFlowFailsAtOnceNamingTheServedFlow() {
    if (!GraphicsEnvironment.isHeadless()) {
      return;   // a desktop: a browser would open
    }
    OAuthException e = assertThrows(OAuthException.class, DesktopFlowPolicy::check);
    assertTrue(e.getMessage().contains("/oauth/authorize"), e.getMessage());
  }
}
