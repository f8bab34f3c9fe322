package org.stripesql.adapter.oauth;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.net.URI;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the authorization URL of the desktop flow in the system browser (the URL is printed too, should
 * the browser not come up). Tests replace the browser with {@link #override}; {@link DesktopFlowPolicy}
 * decides whether the flow may run at all.
 */
public final class OAuthBrowser {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthBrowser.class);
  private static volatile Consumer<URI> override;

  private OAuthBrowser() {}

  /** Replaces the browser (tests: an HTTP client that follows the URL); null restores the default. */
  public static void override(Consumer<URI> browser) {
    override = browser;
  }

  /** Whether a browser can be opened: a desktop's, or the one tests put in. */
  static boolean canOpen() {
    if (override != null) {
      return true;
    }
    try {
      return !GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
          && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE);
    } catch (Exception | LinkageError e) {
      return false;
    }
  }

  /** Shows {@code url} to the user. The URL holds the client id, scope and state; no secret. */
  static void open(URI url) {
    Consumer<URI> o = override;
    if (o != null) {
      o.accept(url);
      return;
    }
    try {
      if (!GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
          && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(url);
        LOG.info("Opened the browser to connect the Stripe account; waiting for Stripe's redirect");
        return;
      }
    } catch (Exception | LinkageError e) {
      LOG.debug("no browser: {}", e.toString());
    }
    System.err.println("Open this URL in a browser to connect your Stripe account:");
    System.err.println("  " + url);
    LOG.info("No browser available: open {} to connect the Stripe account", url);
  }
}
