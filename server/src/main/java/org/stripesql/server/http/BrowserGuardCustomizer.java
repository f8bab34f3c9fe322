package org.stripesql.server.http;

import java.util.List;
import java.util.Set;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Server;

/** The {@link BrowserGuard} around everything but the ops endpoints (probes reach those by any address). */
public final class BrowserGuardCustomizer implements ServerCustomizer<Server> {
  private final String bindHost;
  private final List<String> allowedHosts;
  private final Set<String> pages;
  private final Driver.Serialization serialization;

  /**
   * @param bindHost     the address the gateway binds
   * @param allowedHosts further names clients may use (a proxy's, a DNS name); {@code *} for any
   * @param pages        paths of the web pages (GETs a browser opens), which only the Host check applies to
   * @param serialization the wire format of the refusals' ErrorResponses
   */
  public BrowserGuardCustomizer(String bindHost, List<String> allowedHosts, Set<String> pages,
      Driver.Serialization serialization) {
    this.bindHost = bindHost;
    this.allowedHosts = List.copyOf(allowedHosts);
    this.pages = Set.copyOf(pages);
    this.serialization = serialization;
  }

  @Override
  public void customize(Server jetty) {
    BrowserGuard guard = new BrowserGuard(new HostAllowlist(bindHost, allowedHosts), pages, serialization);
    guard.setHandler(jetty.getHandler());
    jetty.setHandler(guard);
  }
}
