package org.stripesql.emulator;

import java.util.ArrayList;
import java.util.List;

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

  synchronized void add(RecordedRequest r) {
    requests.add(r);
  }
}
