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
import org.stripesql.catalog.Catalog;
import org.stripesql.server.metrics.GatewayMetrics;

/**
 * {@code GET /ready} and {@code GET /metrics}, before the Avatica handler and outside its
 * authentication (like {@code /health}): they reveal no data or secret.
 *
 * <p>{@code /ready} is 200 when the catalog is loaded and every Stripe API base of the model answers
 * an unauthenticated {@code GET} (any HTTP status counts: the host is reachable), else 503 with the
 * reason. {@code /metrics} is {@link GatewayMetrics#scrape()} in Prometheus' text format.
 */
final class OpsHandler extends AbstractHandler {
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
      return "catalog not loaded: " + e.getMessage();
    }
    for (String base : apiBases) {
      try {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(3)).GET().build();
        HTTP.send(req, HttpResponse.BodyHandlers.discarding());
      } catch (IOException | IllegalArgumentException e) {
        return "Stripe API at " + base + " unreachable: " + e.getClass().getSimpleName();
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
