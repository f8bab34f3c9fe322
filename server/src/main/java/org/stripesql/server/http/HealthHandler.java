package org.stripesql.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;

/**
 * {@code GET /health} (and HEAD) answers 200 {@code {"status":"UP"}}. Placed before the Avatica
 * handler, which would otherwise take every request as an RPC.
 */
final class HealthHandler extends AbstractHandler {
  static final String PATH = "/health";
  private static final byte[] BODY = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    if (!PATH.equals(target)) {
      return;
    }
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return;
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(BODY.length);
    if ("GET".equals(method)) {
      response.getOutputStream().write(BODY);
    }
    baseRequest.setHandled(true);
  }
}
