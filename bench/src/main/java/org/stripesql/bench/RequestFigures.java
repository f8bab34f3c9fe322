package org.stripesql.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stripesql.emulator.RecordedRequest;

/**
 * What a stretch of the emulator's request log says about the rate of a reader: requests and 429s in
 * all and per endpoint (the path with ids as {@code *}), the seconds from the first request to the last
 * (in all and per endpoint), and how long the account's and the endpoints' limits make it take at least.
 */
record RequestFigures(int requests, long throttled, double seconds, List<Endpoint> endpoints) {
  /** One endpoint's requests, 429s, and the seconds from its first request to its last. */
  record Endpoint(String path, int requests, long throttled, double seconds) {
    double perSecond() {
      return seconds > 0 ? requests / seconds : 0;
    }
  }

  static RequestFigures of(List<RecordedRequest> log) {
    Map<String, List<RecordedRequest>> by = new LinkedHashMap<>();
    for (RecordedRequest r : log) {
      by.computeIfAbsent(EmulatorProcess.endpoint(r.path()), k -> new ArrayList<>()).add(r);
    }
    List<Endpoint> endpoints = new ArrayList<>();
    by.forEach((path, rs) -> {
      long first = rs.stream().mapToLong(RecordedRequest::arrivedNanos).min().orElse(0);
      long last = rs.stream().mapToLong(RecordedRequest::arrivedNanos).max().orElse(0);
      endpoints.add(new Endpoint(path, rs.size(), throttled(rs), (last - first) / 1e9));
    });
    endpoints.sort((a, b) -> Integer.compare(b.requests(), a.requests()));
    long first = log.stream().mapToLong(RecordedRequest::arrivedNanos).min().orElse(0);
    long last = log.stream().mapToLong(RecordedRequest::arrivedNanos).max().orElse(0);
    return new RequestFigures(log.size(), throttled(log), (last - first) / 1e9, endpoints);
  }

  private static long throttled(List<RecordedRequest> rs) {
    return rs.stream().filter(r -> r.status() == 429).count();
  }

  /**
   * The least time these requests can take within the limits: all of them at the account's rate, or
   * the busiest endpoint's at the endpoint's rate, whichever is longer (429s left out: they are not work).
   */
  double leastSeconds(double accountRate, double endpointRate) {
    double busiest = endpoints.stream().mapToLong(e -> e.requests() - e.throttled()).max().orElse(0);
    return Math.max((requests - throttled) / accountRate, busiest / endpointRate);
  }
}
