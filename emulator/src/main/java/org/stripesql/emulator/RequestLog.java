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

  public synchronized int size() {
    return requests.size();
  }

  synchronized void add(RecordedRequest r) {
    requests.add(r);
  }
}
