package org.stripesql.adapter.oauth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop OAuth flow (InitiateOAuth=GETANDREFRESH with no token): listens on the CallbackURL's
 * loopback port, opens the browser at the authorization URL with a fresh {@code state}, waits for Stripe's
 * redirect, checks the state (a mismatch gets 400 and the flow keeps waiting), and exchanges the code.
 */
final class DesktopFlow {
  private static final Logger LOG = LoggerFactory.getLogger(DesktopFlow.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private DesktopFlow() {}

  /** A random, URL-safe state value. */
  static String newState() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static OAuthTokens run(StripeConnect connect, String callbackUrl, String scope, Duration timeout) {
    DesktopFlowPolicy.check();
    URI cb = URI.create(callbackUrl);
    int port = cb.getPort() > 0 ? cb.getPort() : 80;
    String path = cb.getPath() == null || cb.getPath().isEmpty() ? "/" : cb.getPath();
    String state = newState();
    CompletableFuture<String> code = new CompletableFuture<>();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(cb.getHost(), port), 16);
    } catch (IOException e) {
      throw new OAuthException("cannot listen on " + cb.getHost() + ":" + port + " for Stripe's OAuth redirect ("
          + e.getMessage() + "); free the port or change the CallbackURL operand", null, "08001", e);
    }
    server.createContext(path, ex -> callback(ex, state, code));
    server.start();
    try {
      String url = connect.authorizationUrl(scope, callbackUrl, state);
      LOG.info("No stored OAuth token: connecting the Stripe account through the browser (callback {})",
          callbackUrl);
      OAuthBrowser.open(URI.create(url));
      String c;
      try {
        c = code.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new OAuthException("no OAuth redirect arrived at " + callbackUrl + " within " + timeout.toSeconds()
            + " s; open the authorization URL in a browser and approve the connection", null, "28000", null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OAuthException("interrupted while waiting for Stripe's OAuth redirect", null, "HY000", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof OAuthException o ? o
            : new OAuthException("the OAuth redirect failed: " + e.getCause(), null, "28000", e.getCause());
      }
      return connect.exchangeCode(c);
    } finally {
      server.stop(0);
    }
  }

  private static void callback(HttpExchange ex, String state, CompletableFuture<String> code) throws IOException {
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    int status;
    String page;
    if (!constantTimeEquals(state, q.get("state"))) {
      status = 400;
      page = "This OAuth redirect does not belong to the sign-in stripe-sql started (state mismatch); it was ignored.";
      LOG.warn("Ignored an OAuth redirect with a wrong state");
    } else if (q.get("error") != null) {
      status = 400;
      String description = q.getOrDefault("error_description", "");
      page = "Stripe did not connect the account: " + q.get("error") + (description.isEmpty() ? "" : " (" + description + ")");
      code.completeExceptionally(new OAuthException("Stripe Connect did not authorize the account: " + q.get("error")
          + (description.isEmpty() ? "" : " (" + description + ")"), q.get("error"), "28000", null));
    } else if (q.get("code") == null) {
      status = 400;
      page = "The OAuth redirect carries no code.";
    } else {
      status = 200;
      page = "Your Stripe account is connected to stripe-sql. You can close this window.";
      code.complete(q.get("code"));
    }
    byte[] body = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>stripe-sql</title></head><body><p>"
        + html(page) + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  static boolean constantTimeEquals(String expected, String actual) {
    return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        actual.getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  static String html(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
