package org.stripesql.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.stripesql.server.security.UsersFile;

/**
 * The served web OAuth flow, in front of the Avatica handler: {@code GET /oauth/authorize} redirects to
 * Stripe Connect with a fresh single-use {@code state} bound to the user who asked; {@code GET
 * /oauth/callback} checks it, exchanges the code and stores the tokens of that user's own model, or of the
 * gateway's, which only administrators (role {@code admin}) may connect. Pending sign-ins are capped.
 * Redirect URIs and errors: docs/design.md.
 */
public final class OAuthHandler extends AbstractHandler {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthHandler.class);
  public static final String AUTHORIZE = "/oauth/authorize";
  public static final String CALLBACK = "/oauth/callback";
  static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  /** Sign-ins one user, and all users, may have pending at once. */
  static final int MAX_PENDING_PER_USER = 5;
  static final int MAX_PENDING = 200;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String NO_USER = "";

  /** A sign-in started by {@code user} (empty without logins), waiting for Stripe's redirect. */
  private record Pending(OAuthWebFlow flow, String redirectUri, Instant expires, String user) {}

  /** What {@link #take} answers for a state another user started. */
  private static final Pending NOT_YOURS = new Pending(null, null, Instant.MIN, NO_USER);

  private final ModelSource model;
  private final Map<String, ModelSource> userModels;
  private final Function<String, Set<String>> roles;
  private final Function<String, String> jdbcUrl;
  private final Map<String, Pending> states = new HashMap<>();
  private final Map<ModelSource, Optional<OAuthWebFlow>> flows = new ConcurrentHashMap<>();

  /**
   * @param model      the gateway's model
   * @param userModels the models of users who have their own
   * @param roles      a logged-in user's roles; null without logins (then whoever reaches the pages may
   *                   connect the gateway's account: a loopback gateway's own user)
   * @param jdbcUrl    the thin-driver URL for a host name clients use
   */
  public OAuthHandler(ModelSource model, Map<String, ModelSource> userModels, Function<String, Set<String>> roles,
      Function<String, String> jdbcUrl) {
    this.model = model;
    this.userModels = Map.copyOf(userModels);
    this.roles = roles;
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
    if (!mayConnect(request.getRemoteUser())) {
      refuseGatewayAccount(response);
      return;
    }
    authorize(request, response, oauth);
  }

  /** Whether {@code user} may connect the account their connections read: their own, or the gateway's as admin. */
  private boolean mayConnect(String user) {
    if (roles == null) {
      return true;
    }
    return user != null && (userModels.containsKey(user) || roles.apply(user).contains(UsersFile.ADMIN));
  }

  private static void refuseGatewayAccount(HttpServletResponse response) throws IOException {
    LOG.warn("A user without the role {} tried to connect the gateway's Stripe account: refused", UsersFile.ADMIN);
    page(response, 403, "Not allowed", "Only administrators (role " + UsersFile.ADMIN + " in the users file) may"
        + " connect or replace the gateway's Stripe account. Nothing was changed.");
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
    String scope = request.getParameter("scope");
    if (scope != null && !scope.equals("read_only") && !scope.equals("read_write")) {
      page(response, 400, "Bad scope", "scope must be read_only or read_write.");
      return;
    }
    String redirect = oauth.redirectUri(ownBase(request) + CALLBACK);
    String state = newState(new Pending(oauth, redirect, Instant.now().plus(STATE_LIFETIME), userOf(request)));
    if (state == null) {
      response.setHeader("Retry-After", Long.toString(STATE_LIFETIME.toSeconds()));
      page(response, 429, "Too many sign-ins in progress", "Finish a sign-in already started, or start again"
          + " in " + STATE_LIFETIME.toMinutes() + " minutes.");
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    response.sendRedirect(oauth.authorizationUrl(redirect, scope, state));
  }

  /** Records a pending sign-in under a fresh random state; null when its user, or everyone, has too many. */
  private String newState(Pending pending) {
    synchronized (states) {
      Instant now = Instant.now();
      states.values().removeIf(p -> p.expires().isBefore(now));
      long mine = states.values().stream().filter(p -> p.user().equals(pending.user())).count();
      if (mine >= MAX_PENDING_PER_USER || states.size() >= MAX_PENDING) {
        return null;
      }
      byte[] b = new byte[24];
      RANDOM.nextBytes(b);
      String state = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      states.put(state, pending);
      return state;
    }
  }

  private static String userOf(HttpServletRequest request) {
    return request.getRemoteUser() == null ? NO_USER : request.getRemoteUser();
  }

  private void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String state = request.getParameter("state");
    String user = userOf(request);
    Pending pending = state == null ? null : take(state, user);
    if (pending == NOT_YOURS) {
      LOG.warn("OAuth callback of a sign-in another user started: refused");
      page(response, 403, "Not your sign-in", "This sign-in was started by another user. Nothing was changed.");
      return;
    }
    if (pending != null && !mayConnect(request.getRemoteUser())) {
      refuseGatewayAccount(response);
      return;
    }
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

  /**
   * Removes and returns the pending sign-in of {@code state} when it exists, has not expired and was
   * started by {@code user}; {@link #NOT_YOURS} (left pending) when another user started it.
   */
  private Pending take(String state, String user) {
    synchronized (states) {
      for (Map.Entry<String, Pending> e : states.entrySet()) {
        if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8),
            state.getBytes(StandardCharsets.UTF_8))) {
          if (!e.getValue().user().equals(user)) {
            return NOT_YOURS;
          }
          Pending p = states.remove(e.getKey());
          return p != null && p.expires().isAfter(Instant.now()) ? p : null;
        }
      }
      return null;
    }
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
