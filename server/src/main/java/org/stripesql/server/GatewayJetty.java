package org.stripesql.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.HandlerList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.server.security.CurrentUser;

/**
 * What the gateway adds to Avatica's Jetty, in its one {@code ServerCustomizer}: the salted-hash login service in place of Avatica's {@link HashLoginService}, the {@link CurrentUser}
 * scope under the security handler, {@code /health}, {@code /ready} and {@code /metrics} in front, and
 * an access log line per request (method, path, status, user, client, bytes, milliseconds; never bodies
 * or headers).
 */
final class GatewayJetty {
  static final Logger ACCESS = LoggerFactory.getLogger("org.stripesql.access");

  private GatewayJetty() {
  }

  /** Before the gateway's handlers are put in front: the login service and the user scope. */
  static void secure(Server jetty, LoginService login) {
    if (login == null) {
      return;
    }
    for (HashLoginService h : new ArrayList<>(jetty.getBeans(HashLoginService.class))) {
      jetty.removeBean(h);
    }
    ConstraintSecurityHandler sec = find(jetty.getHandler(), ConstraintSecurityHandler.class);
    if (sec == null) {
      throw new IllegalStateException("Avatica built no security handler for Basic authentication");
    }
    sec.setLoginService(login);
    jetty.addBean(login);
    CurrentUser.Scope scope = new CurrentUser.Scope();
    scope.setHandler(sec.getHandler());
    sec.setHandler(scope);
  }

  /**
   * Puts a handler behind the login, in front of Avatica's: with users configured, pages that change
   * the gateway's Stripe credentials (the OAuth web flow) are for logged-in users only.
   */
  static void behindLogin(Server jetty, Handler handler) {
    ConstraintSecurityHandler sec = find(jetty.getHandler(), ConstraintSecurityHandler.class);
    if (sec == null) {
      throw new IllegalStateException("Avatica built no security handler for Basic authentication");
    }
    HandlerList inner = new HandlerList();
    inner.setHandlers(new Handler[] {handler, sec.getHandler()});
    sec.setHandler(inner);
  }

  /** After: {@code /ready} and {@code /metrics} in front, and the access log. */
  static void finish(Server jetty, OpsHandler ops) {
    Handler inner = jetty.getHandler();
    if (jetty.getChildHandlerByClass(CurrentUser.Scope.class) == null) {
      // no login: the scope still gives each request its id in the logs
      CurrentUser.Scope scope = new CurrentUser.Scope();
      scope.setHandler(inner);
      inner = scope;
    }
    HandlerList handlers = new HandlerList();
    handlers.setHandlers(new Handler[] {ops, inner});
    jetty.setHandler(handlers);
    jetty.setRequestLog((req, resp) -> {
      if (resp.getStatus() == 401 && req.getHeader("Authorization") != null) {
        ops.metrics().loginFailed();
      }
      if (!ACCESS.isInfoEnabled()) {
        return;
      }
      long ms = System.currentTimeMillis() - req.getTimeStamp();
      Object id = req.getAttribute("stripesql.req");
      ACCESS.info("{} {} {} user={} client={} bytes={} ms={}{}", req.getMethod(), req.getRequestURI(),
          resp.getCommittedMetaData() != null ? resp.getCommittedMetaData().getStatus() : resp.getStatus(),
          req.getRemoteUser() == null ? "-" : req.getRemoteUser(), req.getRemoteAddr(),
          resp.getHttpChannel().getBytesWritten(), ms, id == null ? "" : " req=" + id);
    });
  }

  private static <T extends Handler> T find(Handler h, Class<T> type) {
    if (h == null) {
      return null;
    }
    if (type.isInstance(h)) {
      return type.cast(h);
    }
    if (h instanceof org.eclipse.jetty.server.HandlerContainer hc) {
      for (Handler child : hc.getChildHandlers()) {
        if (type.isInstance(child)) {
          return type.cast(child);
        }
      }
    }
    return null;
  }

  /** Whether {@code host} is a loopback address (127.0.0.0/8, ::1, localhost). */
  static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      InetAddress[] all = InetAddress.getAllByName(h);
      for (InetAddress a : all) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The Stripe API bases the model's schemas read from (the default when a schema names none). */
  static List<String> apiBases(List<ModelSource> models) {
    Set<String> bases = new LinkedHashSet<>();
    for (ModelSource m : models) {
      try {
        StripeAdapter.schemas(m.text(), System::getenv).forEach(s -> bases.add(s.apiBase()));
      } catch (IOException | RuntimeException e) {
        // the startup check reports a bad model
      }
    }
    return new ArrayList<>(bases);
  }
}
