package org.stripesql.server.http;

import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.server.AvaticaHandler;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.HandlerCollection;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * No internals in answers, and every error in Avatica's form: a request that is no well-formed RPC gets
 * 400 before Avatica runs it ({@link MalformedRpcGuard}, right around Avatica's handler); Avatica's error
 * answers lose their stack traces ({@link ErrorScrubber}, around that); Jetty's own error pages are
 * ErrorResponses too ({@link GatewayErrorPages}); no answer names the Jetty version.
 */
public final class ErrorsCustomizer implements ServerCustomizer<Server> {
  private final Driver.Serialization serialization;

  public ErrorsCustomizer(Driver.Serialization serialization) {
    this.serialization = serialization;
  }

  @Override
  public void customize(Server jetty) {
    wrapAvaticaHandler(jetty, new MalformedRpcGuard(serialization));
    wrapAvaticaHandler(jetty, new ErrorScrubber(serialization));
    jetty.setErrorHandler(new GatewayErrorPages(serialization));
    for (Connector c : jetty.getConnectors()) {
      for (HttpConnectionFactory f : c.getConnectionFactories().stream()
          .filter(HttpConnectionFactory.class::isInstance).map(HttpConnectionFactory.class::cast).toList()) {
        HttpConfiguration config = f.getHttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
      }
    }
  }

  /**
   * Puts {@code wrapper} right around Avatica's handler (or the wrappers put there before), wherever
   * Avatica's builder put that.
   */
  private static void wrapAvaticaHandler(Server jetty, HandlerWrapper wrapper) {
    if (isAvatica(jetty.getHandler())) {
      wrapper.setHandler(jetty.getHandler());
      jetty.setHandler(wrapper);
      return;
    }
    for (Handler h : jetty.getChildHandlers()) {
      if (h instanceof HandlerWrapper parent && !isAvatica(parent) && isAvatica(parent.getHandler())) {
        wrapper.setHandler(parent.getHandler());
        parent.setHandler(wrapper);
        return;
      }
      if (h instanceof HandlerCollection list) {
        Handler[] handlers = list.getHandlers();
        for (int i = 0; i < handlers.length; i++) {
          if (isAvatica(handlers[i])) {
            wrapper.setHandler(handlers[i]);
            handlers[i] = wrapper;
            list.setHandlers(handlers);
            return;
          }
        }
      }
    }
    throw new IllegalStateException("Avatica's handler not found");
  }

  /** Avatica's handler, or one of this customizer's wrappers right around it. */
  private static boolean isAvatica(Handler h) {
    return h instanceof AvaticaHandler || h instanceof MalformedRpcGuard;
  }
}
