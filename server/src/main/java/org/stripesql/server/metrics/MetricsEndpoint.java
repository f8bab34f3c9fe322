package org.stripesql.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics address ({@code --metrics-port}): {@code GET /metrics} with every series, the mirrors'
 * per-table figures included, on an address of its own (loopback by default) that the monitoring network
 * reaches and clients do not. One thread; nothing else is served.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
  private final HttpServer server;
  private final ExecutorService thread;

  private MetricsEndpoint(HttpServer server, ExecutorService thread) {
    this.server = server;
    this.thread = thread;
  }

  /** Serves {@code metrics} at {@code host:port} (0: a free port). */
  public static MetricsEndpoint start(String host, int port, GatewayMetrics metrics) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 16);
    s.createContext("/", ex -> answer(ex, metrics));
    ExecutorService t = Executors.newSingleThreadExecutor(r -> {
      Thread th = new Thread(r, "stripesql-metrics");
      th.setDaemon(true);
      return th;
    });
    s.setExecutor(t);
    s.start();
    LOG.info("Metrics with the mirrors' per-table figures at http://{}:{}/metrics", host, s.getAddress().getPort());
    return new MetricsEndpoint(s, t);
  }

  private static void answer(HttpExchange ex, GatewayMetrics metrics) throws IOException {
    try (ex) {
      boolean metricsPath = "/metrics".equals(ex.getRequestURI().getPath());
      boolean get = "GET".equals(ex.getRequestMethod());
      if (!metricsPath || !get) {
        ex.sendResponseHeaders(metricsPath ? 405 : 404, -1);
        return;
      }
      byte[] body = metrics.scrapeWithMirrors().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
