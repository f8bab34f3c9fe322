package org.stripesql.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.stripesql.emulator.api.ApiException;

/**
 * The HTTP side of {@link Faults}: draws each request's fate, then, after the latency, serves the request
 * or answers its fault: a 429 (a limit's names it in {@code Stripe-Rate-Limited-Reason}) or 500 with
 * Stripe's error object, or a connection closed without an answer
 * (at once, or after a stall). Waiting holds no thread: a timer hands the answer to the server's workers
 * when it is due, so hundreds of requests can be in flight. Faulted requests are logged here.
 */
final class FaultResponder implements AutoCloseable {
  /** Serves a request that got no fault. */
  @FunctionalInterface
  interface Serve {
    void serve() throws IOException;
  }

  private final Faults faults;
  private final RequestLog log;
  private volatile ScheduledExecutorService timer;
  private volatile Executor workers = Runnable::run;

  FaultResponder(Faults faults, RequestLog log) {
    this.faults = faults;
    this.log = log;
  }

  /** Starts the timer; {@code executor}: the threads that write answers once they are due (the server's). */
  synchronized void start(Executor executor) {
    this.workers = executor;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stripe-emulator-timer");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Serves the request after the latency, or answers its fault; {@code arrived}: its {@link System#nanoTime()};
   * {@code account}: the connected account it is for (null: the platform), whose limits it counts against.
   */
  void handle(HttpExchange ex, long arrived, String account, Serve normal) throws IOException {
    Faults.Kind kind = faults.next(account, ex.getRequestMethod(), ex.getRequestURI().getRawPath());
    Duration latency = faults.latency();
    if (latency.isZero()) {
      answer(ex, kind, arrived, account, normal);
    } else {
      later(ex, latency, () -> answer(ex, kind, arrived, account, normal));
    }
  }

  /** Runs {@code task} on a worker after {@code delay}; the exchange is closed if that fails. */
  private void later(HttpExchange ex, Duration delay, Serve task) {
    ScheduledExecutorService t = timer;
    if (t == null) {
      ex.close();
      return;
    }
    try {
      t.schedule(() -> workers.execute(() -> {
        try {
          task.serve();
        } catch (IOException | RuntimeException e) {
          ex.close();
        }
      }), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      ex.close();   // the emulator is closing
    }
  }

  private void answer(HttpExchange ex, Faults.Kind kind, long arrived, String account, Serve normal)
      throws IOException {
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
      log.add(new RecordedRequest(method, path, query, 0, kind.label, arrived, null, Map.of(), account));
      if (kind == Faults.Kind.STALL) {
        later(ex, faults.stallDuration(), ex::close);
      } else {
        ex.close();   // no response headers were sent: the connection closes without an answer
      }
      return;
    }
    ApiException error;
    if (kind == Faults.Kind.RATE_LIMIT || kind.limitedReason != null) {
      error = new ApiException(429, "invalid_request_error", "rate_limit", null, "Too many requests hit the API"
          + " too quickly. We recommend an exponential backoff of your requests.");
      if (kind.limitedReason != null) {
        ex.getResponseHeaders().set("Stripe-Rate-Limited-Reason", kind.limitedReason);   // which limiter, as Stripe says
      }
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
    log.add(new RecordedRequest(method, path, query, error.status(), kind.label, arrived, null, Map.of(), account));
    JsonAnswer.send(ex, error.status(), body);
  }

  /** Drops every answer still waiting (the emulator is closing). */
  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
