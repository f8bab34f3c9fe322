package org.stripesql.adapter.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Observes every {@link StripeClient} request, process-wide, so a host (the gateway's metrics) can
 * count them without the adapter depending on a metrics library. Callbacks run on the querying thread
 * and must be cheap and never throw; they receive no URL, key or token.
 */
public interface StripeRequestListener {
  /**
   * One HTTP attempt finished: {@code status} is the HTTP status, or 0 when no answer came (timeout,
   * refused or broken connection); {@code search} for the Search API.
   */
  void onAttempt(int status, long nanos, boolean search);

  /** An attempt failed retryably and will be repeated. */
  default void onRetry() {
  }

  /** A rate limiter made the request wait {@code nanos} before it was sent. */
  default void onRateLimitWait(long nanos) {
  }

  /** Registers {@code l} for all clients of this process; returns it, for {@link #unregister}. */
  static StripeRequestListener register(StripeRequestListener l) {
    Registry.LISTENERS.add(l);
    return l;
  }

  static void unregister(StripeRequestListener l) {
    Registry.LISTENERS.remove(l);
  }

  /** The registered listeners (internal). */
  final class Registry {
    static final List<StripeRequestListener> LISTENERS = new CopyOnWriteArrayList<>();

    private Registry() {
    }

    static void attempt(int status, long nanos, boolean search) {
      for (StripeRequestListener l : LISTENERS) {
        try {
          l.onAttempt(status, nanos, search);
        } catch (RuntimeException ignored) {
          // a listener must not break a query
        }
      }
    }

    static void retry() {
      for (StripeRequestListener l : LISTENERS) {
        try {
          l.onRetry();
        } catch (RuntimeException ignored) {
          // as above
        }
      }
    }

    static void waited(long nanos) {
      for (StripeRequestListener l : LISTENERS) {
        try {
          l.onRateLimitWait(nanos);
        } catch (RuntimeException ignored) {
          // as above
        }
      }
    }
  }
}
