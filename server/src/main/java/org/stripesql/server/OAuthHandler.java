package org.stripesql.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.adapter.StripeAdapter.ConnectedAccount;
import org.stripesql.adapter.StripeAdapter.OAuthWebFlow;

/**
 * The served web OAuth flow, in front of the Avatica handler: {@code GET /oauth/authorize} redirects to
 * Stripe Connect with a fresh single-use {@code state}; {@code GET /oauth/callback} checks it, exchanges
 * the code and stores the tokens of the logged-in user's own model (else the gateway's). Redirect URIs
 * and errors: docs/design.md.
 */
public final class OAuthHandler extends AbstractHandler {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthHandler.class);
  public static final String AUTHORIZE = "/oauth/authorize";
  public static final String CALLBACK = "/oauth/callback";
  static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Pending(OAuthWebFlow flow, String redirectUri, Instant expires) {}

  private final ModelSource model;
  private final Map<String, ModelSource> userModels;
  private final Function<String, String> jdbcUrl;
  private final Map<String, Pending> states = new ConcurrentHashMap<>();
  private final Map<ModelSource, Optional<OAuthWebFlow>> flows = new ConcurrentHashMap<>();

  /**
   * @param model      the gateway's model
   * @param userModels the models of users who have their own
   * @param jdbcUrl    the thin-driver URL for a host name clients use
   */
  public OAuthHandler(ModelSource model, Map<String, ModelSource> userModels, Function<String, String> jdbcUrl) {
    this.model = model;
    this.userModels = Map.copyOf(userModels);
    this.jdbcUrl = jdbcUrl;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!AUTHORIZE.equals(target) && !CALLBACK.equals(target)) {
      return;
    }
    baseRequest.setHandled(true);
    if (!"GET".equals(request.getMethod())) {
      page(response, 405, "Method not allowed", "Use GET.");
      return;
    }
    if (CALLBACK.equals(target)) {
      callback(request, response);
      return;
    }
    OAuthWebFlow oauth;
    try {
      oauth = flow(request.getRemoteUser());
    } catch (RuntimeException | IOException e) {
      page(response, 500, "OAuth is not available", "The gateway cannot read its Stripe schema: "
          + StartupCheck.rootMessage(e));
      return;
    }
    if (oauth == null || !oauth.configured()) {
      page(response, 404, "OAuth is not configured", "Set the operands OAuthClientId and OAuthClientSecret of the"
          + " Stripe schema in the model to connect accounts with Stripe Connect.");
      return;
    }
    authorize(request, response, oauth);
  }

  /** The web flow of the user's own model, or of the gateway's; null when the model has no Stripe schema. */
  private OAuthWebFlow flow(String user) throws IOException {
    ModelSource m = user != null && userModels.containsKey(user) ? userModels.get(user) : model;
    Optional<OAuthWebFlow> flow = flows.get(m);
    if (flow == null) {
      flow = StripeAdapter.oauthWebFlow(m.text(), System::getenv);
      flows.put(m, flow);
    }
    return flow.orElse(null);
  }

  private void authorize(HttpServletRequest request, HttpServletResponse response, OAuthWebFlow oauth)
      throws IOException {
    Instant now = Instant.now();
    states.values().removeIf(p -> p.expires().isBefore(now));
    String redirect = oauth.redirectUri(ownBase(request) + CALLBACK);
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    String state = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    states.put(state, new Pending(oauth, redirect, now.plus(STATE_LIFETIME)));
    String scope = request.getParameter("scope");
    if (scope != null && !scope.equals("read_only") && !scope.equals("read_write")) {
      page(response, 400, "Bad scope", "scope must be read_only or read_write.");
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    response.sendRedirect(oauth.authorizationUrl(redirect, scope, state));
  }

  private void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String state = request.getParameter("state");
    Pending pending = state == null ? null : take(state);
    if (pending == null) {
      LOG.warn("OAuth callback with an unknown, expired or reused state: ignored");
      page(response, 400, "Unknown sign-in", "This OAuth callback does not match a sign-in this gateway started"
          + " (the state is unknown, expired or was used already). Nothing was changed. Start again at "
          + AUTHORIZE + ".");
      return;
    }
    String error = request.getParameter("error");
    if (error != null) {
      String description = request.getParameter("error_description");
      LOG.info("Stripe Connect did not authorize the account: {}", error);
      page(response, 400, "Stripe did not connect the account", "Stripe answered " + error
          + (description != null ? ": " + description : "") + ". Nothing was changed. Start again at " + AUTHORIZE
          + ".");
      return;
    }
    String code = request.getParameter("code");
    if (code == null || code.isBlank()) {
      page(response, 400, "No authorization code", "The callback carries no code. Start again at " + AUTHORIZE + ".");
      return;
    }
    ConnectedAccount tokens;
    try {
      tokens = pending.flow().connect(code);
    } catch (RuntimeException e) {
      LOG.warn("OAuth code exchange failed: {}", StripeAdapter.redact(e.getMessage(), code));
      page(response, 502, "The account could not be connected", StripeAdapter.redact(e.getMessage(), code));
      return;
    }
    String url = jdbcUrl.apply(request.getServerName());
    page(response, 200, "Stripe account connected", "The Stripe account " + tokens.stripeUserId() + " is connected"
        + " (scope " + tokens.scope() + (tokens.livemode() ? ", live mode" : ", test mode") + "). Query it with the"
        + " JDBC URL " + url + " (for example: bin/stripesql sqlline '" + url + "').");
  }

  /** Removes and returns the pending sign-in of {@code state} when it exists and has not expired. */
  private Pending take(String state) {
    for (Map.Entry<String, Pending> e : states.entrySet()) {
      if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
        Pending p = states.remove(e.getKey());
        return p != null && p.expires().isAfter(Instant.now()) ? p : null;
      }
    }
    return null;
  }

  private static String ownBase(HttpServletRequest request) {
    StringBuilder b = new StringBuilder(request.getScheme()).append("://").append(request.getServerName());
    int port = request.getServerPort();
    if (port > 0) {
      b.append(':').append(port);
    }
    return b.toString();
  }

  private static void page(HttpServletResponse response, int status, String title, String text) throws IOException {
    byte[] body = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>stripe-sql: " + html(title)
        + "</title></head><body><h1>" + html(title) + "</h1><p>" + html(text) + "</p></body></html>")
        .getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/html; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static String html(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
