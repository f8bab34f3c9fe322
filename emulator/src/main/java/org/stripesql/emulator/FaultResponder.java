package org.stripesql.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.stripesql.emulator.api.ApiException;

/**
 * The HTTP side of {@link Faults}: draws each request's fate, waits out the latency, then serves the
 * request, or answers its fault instead: a 429 or 500 with Stripe's error object, or a connection closed
 * without an answer (at once, or after a stall). Faulted requests are logged here.
 */
final class FaultResponder {
  /** Serves a request that got no fault. */
  @FunctionalInterface
  interface Serve {
    void serve() throws IOException;
  }

  private final Faults faults;
  private final RequestLog log;

  FaultResponder(Faults faults, RequestLog log) {
    this.faults = faults;
    this.log = log;
  }

  /** Serves the request after the latency, or answers its fault; {@code arrived}: its {@link System#nanoTime()}. */
  void handle(HttpExchange ex, long arrived, Serve normal) throws IOException {
    Faults.Kind kind = faults.next();
    Duration latency = faults.latency();
    if (!latency.isZero() && !pause(latency)) {
      ex.close();
      return;
    }
    if (kind == Faults.Kind.NONE) {
      normal.serve();
      return;
    }
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    Map<String, List<String>> query = Map.of();
    try {
      path = FormEncoding.decodePath(path);
      query = FormEncoding.parse(ex.getRequestURI().getRawQuery());
    } catch (IllegalArgumentException e) {
      // logged as sent
    }
    if (kind == Faults.Kind.DROP || kind == Faults.Kind.STALL) {
      log.add(new RecordedRequest(method, path, query, 0, kind.label, arrived));
      if (kind == Faults.Kind.STALL) {
        pause(faults.stallDuration());
      }
      ex.close();   // no response headers were sent: the connection closes without an answer
      return;
    }
    ApiException error;
    if (kind == Faults.Kind.RATE_LIMIT || kind == Faults.Kind.THROTTLED) {
      error = new ApiException(429, "invalid_request_error", "rate_limit", null, "Too many requests hit the API"
          + " too quickly. We recommend an exponential backoff of your requests.");
      Duration after = faults.retryAfterHeader();
      if (after != null) {
        ex.getResponseHeaders().set("Retry-After", Long.toString(Math.max(0, after.toSeconds())));
      }
    } else {
      error = new ApiException(500, "api_error", null, null, "An unknown error occurred while processing"
          + " the request. Please contact support if the problem persists.");
      if (kind == Faults.Kind.NON_RETRYABLE) {
        ex.getResponseHeaders().set("Stripe-Should-Retry", "false");
      }
    }
    byte[] body = JsonAnswer.bytes(error.toJson());
    JsonAnswer.stripeHeaders(ex);
    log.add(new RecordedRequest(method, path, query, error.status(), kind.label, arrived));
    JsonAnswer.send(ex, error.status(), body);
  }

  /** Sleeps; false when interrupted (the emulator is closing). */
  private static boolean pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
