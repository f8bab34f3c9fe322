package org.stripesql.server.http;

import org.eclipse.jetty.security.ConstraintSecurityHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HandlerContainer;
import org.eclipse.jetty.server.Server;

/** Finds the security handler Avatica's builder puts around its handler for Basic authentication. */
final class AvaticaSecurityHandler {
  private AvaticaSecurityHandler() {
  }

  /** The security handler; fails when Avatica built none (no users configured). */
  static ConstraintSecurityHandler of(Server jetty) {
    Handler top = jetty.getHandler();
    if (top instanceof ConstraintSecurityHandler sec) {
      return sec;
    }
    if (top instanceof HandlerContainer container) {
      for (Handler child : container.getChildHandlers()) {
        if (child instanceof ConstraintSecurityHandler sec) {
          return sec;
        }
      }
    }
    throw new IllegalStateException("Avatica built no security handler for Basic authentication");
  }
}
