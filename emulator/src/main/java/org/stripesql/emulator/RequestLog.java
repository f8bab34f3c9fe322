package org.stripesql.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Every request the emulator answered, in order of completion. Thread-safe. */
public final class RequestLog {
  private final List<RecordedRequest> requests = new ArrayList<>();

  RequestLog() {}

  /** A snapshot of the requests recorded so far. */
  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Forgets every recorded request. */
  public synchronized void clear() {
    requests.clear();
  }

  /** The requests answered normally: injected faults (429s, 500s, drops, stalls) left out. */
  public synchronized List<RecordedRequest> served() {
    return requests.stream().filter(RecordedRequest::served).toList();
  }

  /** The requests that got an injected fault. */
  public synchronized List<RecordedRequest> faulted() {
    return requests.stream().filter(r -> !r.served()).toList();
  }

  /**
   * The most requests (faulted or not) that arrived within any window of {@code windowNanos}: the peak
   * rate the emulator observed.
   */
  public synchronized int maxInWindow(long windowNanos) {
    long[] t = requests.stream().mapToLong(RecordedRequest::arrivedNanos).sorted().toArray();
    int best = 0;
    int lo = 0;
    for (int hi = 0; hi < t.length; hi++) {
      while (t[hi] - t[lo] >= windowNanos) {
        lo++;
      }
      best = Math.max(best, hi - lo + 1);
    }
    return best;
  }

  public synchronized int size() {
    return requests.size();
  }

  /**
   * Waits until {@code count} requests recorded from {@code from} on (an index: {@link #size()} before the
   * awaited ones) match {@code match}, at most {@code timeout}; returns them, or fewer when the time ran out.
   * For tests that wait on requests instead of the clock.
   */
  public synchronized List<RecordedRequest> await(int from, Predicate<RecordedRequest> match, int count,
      Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<RecordedRequest> found = requests.subList(Math.min(from, requests.size()), requests.size()).stream()
          .filter(match).toList();
      long left = end - System.nanoTime();
      if (found.size() >= count || left <= 0) {
        return List.copyOf(found);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized void add(RecordedRequest r) {
    requests.add(r);
    notifyAll();
  }
}
