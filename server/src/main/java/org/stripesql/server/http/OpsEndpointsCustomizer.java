package org.stripesql.server.http;

import java.util.List;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.HandlerList;
import org.stripesql.server.metrics.GatewayMetrics;

/**
 * {@code /health}, {@code /ready} and {@code /metrics} in front of everything else, outside the login:
 * load balancers and Prometheus call them without credentials, and they reveal no data or secret.
 */
public final class OpsEndpointsCustomizer implements ServerCustomizer<Server> {
  private final List<String> apiBases;
  private final GatewayMetrics metrics;

  /** @param apiBases the Stripe API bases {@code /ready} checks */
  public OpsEndpointsCustomizer(List<String> apiBases, GatewayMetrics metrics) {
    this.apiBases = List.copyOf(apiBases);
    this.metrics = metrics;
  }

  @Override
  public void customize(Server jetty) {
    HandlerList handlers = new HandlerList();
    handlers.setHandlers(new Handler[] {new HealthHandler(), new OpsHandler(apiBases, metrics), jetty.getHandler()});
    jetty.setHandler(handlers);
  }
}
