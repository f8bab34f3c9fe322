package org.stripesql.server.http;

import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.server.AvaticaHandler;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.HandlerCollection;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * No internals in answers: Avatica's error answers lose their stack traces ({@link ErrorScrubber}, right
 * around Avatica's handler), Jetty's own error pages show none, and no answer names the Jetty version.
 */
public final class ErrorsCustomizer implements ServerCustomizer<Server> {
  private final Driver.Serialization serialization;

  public ErrorsCustomizer(Driver.Serialization serialization) {
    this.serialization = serialization;
  }

  @Override
  public void customize(Server jetty) {
    wrapAvaticaHandler(jetty, new ErrorScrubber(serialization));
    ErrorHandler pages = new ErrorHandler();
    pages.setShowStacks(false);
    pages.setShowServlet(false);
    jetty.setErrorHandler(pages);
    for (Connector c : jetty.getConnectors()) {
      for (HttpConnectionFactory f : c.getConnectionFactories().stream()
          .filter(HttpConnectionFactory.class::isInstance).map(HttpConnectionFactory.class::cast).toList()) {
        HttpConfiguration config = f.getHttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
      }
    }
  }

  /** Puts {@code wrapper} right around Avatica's handler, wherever Avatica's builder put that. */
  private static void wrapAvaticaHandler(Server jetty, HandlerWrapper wrapper) {
    if (jetty.getHandler() instanceof AvaticaHandler avatica) {
      wrapper.setHandler(avatica);
      jetty.setHandler(wrapper);
      return;
    }
    for (Handler h : jetty.getChildHandlers()) {
      if (h instanceof HandlerWrapper parent && parent.getHandler() instanceof AvaticaHandler avatica) {
        wrapper.setHandler(avatica);
        parent.setHandler(wrapper);
        return;
      }
      if (h instanceof HandlerCollection list) {
        Handler[] handlers = list.getHandlers();
        for (int i = 0; i < handlers.length; i++) {
          if (handlers[i] instanceof AvaticaHandler avatica) {
            wrapper.setHandler(avatica);
            handlers[i] = wrapper;
            list.setHandlers(handlers);
            return;
          }
        }
      }
    }
    throw new IllegalStateException("Avatica's handler not found");
  }
}
