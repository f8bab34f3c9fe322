package org.stripesql.adapter.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The budgets' arithmetic: backing off on 429s once per round trip, recovering, and requests in flight. */
class AdaptiveRateTest {
  @Test
  void a429CutsTheRateOncePerRoundTripAndItRecovers() throws Exception {
    AdaptiveRate r = new AdaptiveRate(100);
    assertEquals(100, r.rate(), 0.001);
    r.throttled();
    r.throttled();   // the same burst: counted once
    assertEquals(70, r.rate(), 1);
    assertEquals(1, r.throttles());
    Thread.sleep(AdaptiveRate.MIN_COOLDOWN_NANOS / 1_000_000 + 50);
    r.throttled();
    assertTrue(r.rate() < 52, "a later 429 cuts again: " + r.rate());
    double low = r.rate();
    Thread.sleep(400);
    assertTrue(r.rate() > low + 1, "climbs back while no 429 comes: " + low + " -> " + r.rate());
    assertTrue(r.rate() <= 100);
  }

  @Test
  void theRateNeverFallsBelowAFloor() {
    AdaptiveRate r = new AdaptiveRate(20);
    for (int i = 0; i < 200; i++) {
      r.throttled();
      r.answered(0);   // no latency: the cooldown is the minimum
    }
    assertTrue(r.rate() >= 20 * AdaptiveRate.FLOOR - 1e-9, "floor: " + r.rate());
  }

  @Test
  void requestsInFlightFollowRateTimesLatency() {
    AccountBudget b = AccountBudget.of("http://test.invalid", "sk_test_budget_arith", null, 100, 25, 20);
    AdaptiveRate charges = b.endpoint("/v1/charges", false);
    for (int i = 0; i < 20; i++) {
      charges.answered(300_000_000L);
    }
    // 25 requests/s x 0.3 s x 1.25 headroom + 1
    assertEquals(11, b.concurrency("/v1/charges", false, 64));
    assertEquals(4, b.concurrency("/v1/charges", false, 4), "at most MaxConcurrency");
    assertEquals(1, b.concurrency("/v1/charges", false, 1));
    assertTrue(b.concurrency("/v1/customers/search", true, 64) <= 11, "Search: 20/s");
  }

  @Test
  void budgetsAreSharedPerAccountAndTakeTheLatestLimits() {
    AccountBudget a = AccountBudget.of("http://test.invalid", "sk_test_shared_x", "acct_1", 100, 25, 20);
    AccountBudget same = AccountBudget.of("http://test.invalid", "sk_test_shared_x", "acct_1", 50, 10, 20);
    AccountBudget other = AccountBudget.of("http://test.invalid", "sk_test_shared_x", "acct_2", 100, 25, 20);
    assertTrue(a == same, "one budget per account");
    assertTrue(a != other, "another connected account has its own");
    assertEquals(50, a.account().ceiling(), 0.001);
    assertEquals(10, a.endpoint("/v1/charges", false).ceiling(), 0.001);
  }
}
