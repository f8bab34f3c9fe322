package org.stripesql.server.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.catalog.Catalog;
import org.stripesql.server.metrics.GatewayMetrics;

/**
 * {@code GET /ready} and {@code GET /metrics}, before the Avatica handler and outside its authentication
 * (like {@code /health}): they reveal no data or secret. {@code /ready} is 200 when the catalog is loaded
 * and every Stripe API base of the model answers a {@code GET} (any status: the host is reachable), else
 * 503 with a reason that names no URL (the log does). {@code /metrics}: {@link GatewayMetrics#scrape()}.
 */
final class OpsHandler extends AbstractHandler {
  private static final Logger LOG = LoggerFactory.getLogger(OpsHandler.class);
  static final String READY = "/ready";
  static final String METRICS = "/metrics";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private final List<String> apiBases;
  private final GatewayMetrics metrics;

  OpsHandler(List<String> apiBases, GatewayMetrics metrics) {
    this.apiBases = List.copyOf(apiBases);
    this.metrics = metrics;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    if (!"GET".equals(request.getMethod()) || !(READY.equals(target) || METRICS.equals(target))) {
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    if (METRICS.equals(target)) {
      write(response, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
    } else {
      String problem = readinessProblem();
      if (problem == null) {
        write(response, 200, "application/json", "{\"status\":\"READY\"}");
      } else {
        write(response, 503, "application/json", "{\"status\":\"NOT_READY\",\"reason\":\""
            + problem.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
      }
    }
    baseRequest.setHandled(true);
  }

  /** Null when ready, else why not. */
  String readinessProblem() {
    try {
      Catalog.bundled();
    } catch (RuntimeException e) {
      LOG.warn("Not ready: the catalog is not loaded: {}", e.getMessage());
      return "catalog not loaded";
    }
    for (int i = 0; i < apiBases.size(); i++) {
      String base = apiBases.get(i);
      try {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(3)).GET().build();
        HTTP.send(req, HttpResponse.BodyHandlers.discarding());
      } catch (IOException | IllegalArgumentException e) {
        // the caller is anonymous: the reason names no internal URL, the log does
        LOG.warn("Not ready: the Stripe API at {} is unreachable: {}", base, e.toString());
        return "Stripe API " + (i + 1) + " of " + apiBases.size() + " unreachable: " + e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    return null;
  }

  private static void write(HttpServletResponse response, int status, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(type);
    response.setContentLength(b.length);
    response.getOutputStream().write(b);
  }
}
