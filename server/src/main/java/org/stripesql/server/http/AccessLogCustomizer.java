package org.stripesql.server.http;

import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.server.metrics.GatewayMetrics;
import org.stripesql.server.security.CurrentUser;

/**
 * One access log line per request (method, path, status, user, client, bytes, milliseconds and the
 * request id; never bodies or headers), and the login-failure metric (a 401 to a request that sent
 * credentials). Without a login, the {@link CurrentUser} scope is added around what is there so far,
 * so each request still gets its id in the logs.
 */
public final class AccessLogCustomizer implements ServerCustomizer<Server> {
  private static final Logger ACCESS = LoggerFactory.getLogger("org.stripesql.access");

  private final GatewayMetrics metrics;

  public AccessLogCustomizer(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void customize(Server jetty) {
    if (jetty.getChildHandlerByClass(CurrentUser.Scope.class) == null) {
      CurrentUser.Scope scope = new CurrentUser.Scope();
      scope.setHandler(jetty.getHandler());
      jetty.setHandler(scope);
    }
    jetty.setRequestLog(this::log);
  }

  private void log(Request req, Response resp) {
    if (resp.getStatus() == 401 && req.getHeader("Authorization") != null) {
      metrics.loginFailed();
    }
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    long ms = System.currentTimeMillis() - req.getTimeStamp();
    Object id = req.getAttribute(CurrentUser.REQUEST_ID);
    ACCESS.info("{} {} {} user={} client={} bytes={} ms={}{}", req.getMethod(), req.getRequestURI(),
        resp.getCommittedMetaData() != null ? resp.getCommittedMetaData().getStatus() : resp.getStatus(),
        req.getRemoteUser() == null ? "-" : req.getRemoteUser(), req.getRemoteAddr(),
        resp.getHttpChannel().getBytesWritten(), ms, id == null ? "" : " req=" + id);
  }
}
