package org.stripesql.server.http;

import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Binds Avatica's connector to one address (Avatica's builder takes only a port). */
public final class BindAddressCustomizer implements ServerCustomizer<Server> {
  private final String host;

  public BindAddressCustomizer(String host) {
    this.host = host;
  }

  @Override
  public void customize(Server jetty) {
    for (Connector c : jetty.getConnectors()) {
      if (c instanceof ServerConnector connector) {
        connector.setHost(host);
      }
    }
  }
}
