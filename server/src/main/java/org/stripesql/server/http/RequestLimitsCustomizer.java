package org.stripesql.server.http;

import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Server;

/** The {@link RequestBodyCap} in front of everything but the ops endpoints, the login included. */
public final class RequestLimitsCustomizer implements ServerCustomizer<Server> {
  private final long maxRequestBytes;
  private final Driver.Serialization serialization;

  public RequestLimitsCustomizer(long maxRequestBytes, Driver.Serialization serialization) {
    this.maxRequestBytes = maxRequestBytes;
    this.serialization = serialization;
  }

  @Override
  public void customize(Server jetty) {
    RequestBodyCap cap = new RequestBodyCap(maxRequestBytes, serialization);
    cap.setHandler(jetty.getHandler());
    jetty.setHandler(cap);
  }
}
