package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.RecordedRequest;

/**
 * The initial load reads through the adapter's parallel scans: time slices, several tables side by side,
 * as many as the account's rate budget can serve, and no faster than that budget allows.
 */
class MirrorLoadTest {
  private static final long SECOND = 1_000_000_000L;

  @TempDir
  Path dir;

  @Test
  void tablesLoadSideBySideInTimeSlicesWithinTheAccountsBudget() throws Exception {
    try (MirrorFixture f = new MirrorFixture(2)) {
      f.emulator.faults().latency(Duration.ofMillis(40));
      // three tables at 10/s per endpoint would make 30/s; the account allows 20
      try (Connection m = f.mirrored("charges,customers,invoices", dir.toString(),
          Map.of("RateLimit", "20", "EndpointRateLimit", "10"))) {
        MirrorFixture.awaitLive(m, Duration.ofSeconds(120));
        List<RecordedRequest> made = loads(f);
        assertTrue(made.stream().anyMatch(r -> r.path().equals("/v1/charges") && r.query().containsKey("created[lt]")),
            "charges were read in time slices");
        long chargesEnd = last(made, "/v1/charges");
        assertTrue(first(made, "/v1/customers") < chargesEnd && first(made, "/v1/invoices") < chargesEnd,
            "the three tables load side by side");
        int peak = f.emulator.requestLog().maxInWindow(SECOND);
        // the account's bucket: 20/s and a burst of 4; a little slack for requests bunching on their way
        assertTrue(peak <= 27, "at most the account's budget per second: " + peak);
        assertTrue(peak > 12, "more than one endpoint's budget per second: " + peak);
        for (String endpoint : List.of("/v1/charges", "/v1/customers", "/v1/invoices")) {
          int p = maxInWindow(made.stream().filter(r -> r.path().equals(endpoint)).toList());
          assertTrue(p <= 15, endpoint + ": at most its budget per second: " + p);
        }
        try (Connection live = f.live()) {
          MirrorFixture.assertSameRows(m, live, "charges");
        }
      }
    }
  }

  @Test
  void aBudgetOneEndpointFillsLoadsTwoTablesAtOnce() throws Exception {
    try (MirrorFixture f = new MirrorFixture(1)) {
      f.emulator.faults().latency(Duration.ofMillis(20));
      try (Connection m = f.mirrored("charges,customers,invoices", dir.toString(),
          Map.of("RateLimit", "10", "EndpointRateLimit", "10"))) {
        MirrorFixture.awaitLive(m, Duration.ofSeconds(120));
        List<RecordedRequest> made = loads(f);
        long customersEnd = last(made, "/v1/customers");
        long chargesEnd = last(made, "/v1/charges");
        assertTrue(first(made, "/v1/customers") < chargesEnd, "charges and customers load side by side");
        assertTrue(first(made, "/v1/invoices") > Math.min(customersEnd, chargesEnd),
            "invoices wait for one of them to finish");
      }
    }
  }

  /** The requests of the loads: without the keys' access checks (one row each). */
  private static List<RecordedRequest> loads(MirrorFixture f) {
    return f.emulator.requestLog().requests().stream().filter(r -> !MirrorRecoveryTest.isProbe(r)).toList();
  }

  private static long first(List<RecordedRequest> made, String path) {
    return made.stream().filter(r -> r.path().equals(path)).mapToLong(RecordedRequest::arrivedNanos).min()
        .orElseThrow(() -> new AssertionError("no request to " + path));
  }

  private static long last(List<RecordedRequest> made, String path) {
    return made.stream().filter(r -> r.path().equals(path)).mapToLong(RecordedRequest::arrivedNanos).max()
        .orElseThrow(() -> new AssertionError("no request to " + path));
  }

  private static int maxInWindow(List<RecordedRequest> requests) {
    long[] t = requests.stream().mapToLong(RecordedRequest::arrivedNanos).sorted().toArray();
    int best = 0;
    int lo = 0;
    for (int hi = 0; hi < t.length; hi++) {
      while (t[hi] - t[lo] >= SECOND) {
        lo++;
      }
      best = Math.max(best, hi - lo + 1);
    }
    return best;
  }
}
