package org.stripesql.adapter.client;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A deterministic simulation of gateways (each with budgets of its own, as separate processes) reading
 * one endpoint of one account against Stripe's per-endpoint token bucket: simulated time, seeded
 * latency jitter and retry waits, requests kept in flight as the scans do (the budget's concurrency,
 * each request waiting for its tokens, a 429 retried after the retry policy's wait).
 */
final class RateSimulation {
  static final String ENDPOINT = "/v1/charges";
  static final long SECOND = 1_000_000_000L;
  /** The most a request spends on the way to Stripe, on top of the latency (drawn evenly). */
  static final long NETWORK_JITTER = 30_000_000L;

  /** One gateway: reads from {@code from} to {@code until} (nanoseconds of simulated time). */
  record Sender(long from, long until) {}

  /** What happened: requests and 429s at the server, and requests accepted per sender. */
  record Result(long requests, long refused, long[] accepted, long[] perSecond, long gaveUp, long[] refusedPerSecond) {
    double refusedShare() {
      return (double) refused / Math.max(1, requests);
    }

    /** Accepted requests per second from {@code from} to {@code until} seconds, all senders together. */
    double acceptedRate(int from, int until) {
      long n = 0;
      for (int s = from; s < until; s++) {
        n += perSecond[s];
      }
      return (double) n / (until - from);
    }
  }

  private final double limit;
  private final long latency;
  private final Random random;
  private final RetryPolicy retry = new RetryPolicy(5, 500, RetryPolicy.MAX_DELAY_MILLIS, Duration.ofSeconds(80));
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private long now;
  private long seq;
  private double tokens;
  private long refilledAt;
  private long requests;
  private long refused;
  private long gaveUp;
  private long[] refusedPerSecond;

  private record Event(long at, long seq, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  RateSimulation(double limit, Duration latency, long seed) {
    this.limit = limit;
    this.latency = latency.toNanos();
    this.random = new Random(seed);
    this.tokens = limit;
  }

  /** Runs the senders for {@code seconds} of simulated time. */
  Result run(List<Sender> senders, int seconds) {
    long end = seconds * SECOND;
    long[] accepted = new long[senders.size()];
    long[] perSecond = new long[seconds];
    refusedPerSecond = new long[seconds];
    for (int i = 0; i < senders.size(); i++) {
      Gateway g = new Gateway(i, senders.get(i), accepted, perSecond);
      at(senders.get(i).from(), g::pump);
    }
    while (!events.isEmpty() && events.peek().at() < end) {
      Event e = events.poll();
      now = e.at();
      e.action().run();
    }
    return new Result(requests, refused, accepted, perSecond, gaveUp, refusedPerSecond);
  }

  private void at(long time, Runnable action) {
    events.add(new Event(time, seq++, action));
  }

  /** The server's per-endpoint limit: a bucket holding one second of requests, as the emulator's. */
  private boolean admit() {
    tokens = Math.min(limit, tokens + (now - refilledAt) / 1e9 * limit);
    refilledAt = now;
    requests++;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    refused++;
    if (now / SECOND < refusedPerSecond.length) {
      refusedPerSecond[(int) (now / SECOND)]++;
    }
    return false;
  }

  private final class Gateway {
    final int index;
    final Sender sender;
    final long[] accepted;
    final long[] perSecond;
    final AccountBudget budget = new AccountBudget(100, 25, 20, () -> now);
    int inFlight;

    Gateway(int index, Sender sender, long[] accepted, long[] perSecond) {
      this.index = index;
      this.sender = sender;
      this.accepted = accepted;
      this.perSecond = perSecond;
    }

    void pump() {
      while (now < sender.until() && inFlight < budget.concurrency(ENDPOINT, false, 64)) {
        inFlight++;
        attempt(0);
      }
    }

    void attempt(int retries) {
      acquire(budget.endpoint(ENDPOINT, false), 0, () -> acquire(budget.account(), 0, () -> send(retries)));
    }

    /** As StripeClient's: waits for a token, and again when the rate was cut meanwhile. */
    void acquire(AdaptiveRate limiter, int tries, Runnable then) {
      long cuts = limiter.throttles();
      long wait = limiter.reserve();
      at(now + wait, () -> {
        if (wait == 0 || limiter.throttles() == cuts || tries + 1 >= 4) {
          then.run();
        } else {
          acquire(limiter, tries + 1, then);
        }
      });
    }

    void send(int retries) {
      long sentAt = now;
      at(now + (long) (random.nextDouble() * NETWORK_JITTER), () -> arrive(sentAt, retries));
    }

    void arrive(long sentAt, int retries) {
      boolean ok = admit();
      at(now + latency, () -> {
        long took = now - sentAt;
        if (ok) {
          budget.answered(ENDPOINT, false, took);
          accepted[index]++;
          int s = (int) (sentAt / SECOND);
          if (s < perSecond.length) {
            perSecond[s]++;
          }
          inFlight--;
          pump();
        } else {
          budget.throttled(ENDPOINT, false, sentAt, AccountBudget.ENDPOINT_RATE);
          if (retries >= retry.maxRetries()) {
            gaveUp++;
          }
          long delay = retry.delayMillis(retries + 1, null, random) * 1_000_000L;
          at(now + delay, () -> attempt(retries + 1));
        }
      });
    }
  }
}
