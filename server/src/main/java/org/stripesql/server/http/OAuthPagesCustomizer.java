package org.stripesql.server.http;

import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.security.ConstraintSecurityHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.HandlerList;

/**
 * The OAuth web pages ({@code /oauth/authorize}, {@code /oauth/callback}) in front of Avatica's handler.
 * With users configured they sit behind the login: connecting a Stripe account replaces the gateway's
 * tokens, so only a logged-in user may.
 */
public final class OAuthPagesCustomizer implements ServerCustomizer<Server> {
  private final Handler pages;
  private final boolean behindLogin;

  public OAuthPagesCustomizer(Handler pages, boolean behindLogin) {
    this.pages = pages;
    this.behindLogin = behindLogin;
  }

  @Override
  public void customize(Server jetty) {
    if (behindLogin) {
      ConstraintSecurityHandler sec = AvaticaSecurityHandler.of(jetty);
      sec.setHandler(inFront(pages, sec.getHandler()));
    } else {
      jetty.setHandler(inFront(pages, jetty.getHandler()));
    }
  }

  private static HandlerList inFront(Handler first, Handler rest) {
    HandlerList list = new HandlerList();
    list.setHandlers(new Handler[] {first, rest});
    return list;
  }
}
