package org.stripesql.adapter.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The budgets' arithmetic on a simulated clock: cuts on 429s once per round trip, recovery, requests in flight. */
class AdaptiveRateTest {
  static final long MS = 1_000_000L;

  @Test
  void aRateLimiters429HalvesTheRateThenSettlesUnderWhatStripeAccepted() {
    AtomicLong clock = new AtomicLong();
    AdaptiveRate r = new AdaptiveRate(25, clock::get);
    for (int i = 0; i < 40; i++) {   // 40 requests/s for a second, 300 ms per answer, all accepted
      r.reserve();
      clock.addAndGet(25 * MS);
      r.answered(300 * MS);
    }
    long limitedSince = clock.get() - 300 * MS;
    r.rateLimited(limitedSince);
    double halved = r.rate();
    assertTrue(halved > 9 && halved <= 12.5, "halved until the answers are in: " + halved);
    assertEquals(1, r.throttles());
    for (int i = 1; i <= 12; i++) {   // the answers to what was sent until the cut: every other one turned away
      clock.addAndGet(25 * MS);
      long sent = limitedSince + i * 25 * MS;
      if (i % 2 == 0) {
        r.answered(clock.get() - sent);
      } else {
        r.rateLimited(sent);
      }
    }
    assertEquals(1, r.throttles(), "429s of requests sent before the cut count once");
    clock.addAndGet(300 * MS);
    // sent from the first 429's request to the cut (300 ms): 14, of which 7 accepted
    assertEquals(7 / 0.3 * (1 - AdaptiveRate.MARGIN), r.rate(), 0.01, "settled under the rate accepted");
    r.rateLimited(clock.get() - 10 * MS);   // sent after it settled: a new cut
    assertEquals(2, r.throttles());
  }

  @Test
  void otherSignalsCutByAFactorOncePerRoundTripAndTheRateClimbsBack() {
    AtomicLong clock = new AtomicLong();
    AdaptiveRate r = new AdaptiveRate(100, clock::get);
    assertEquals(100, r.rate(), 0.001);
    r.slowDown(clock.get());
    clock.addAndGet(10 * MS);
    r.slowDown(clock.get());   // the same burst: counted once
    assertEquals(1, r.throttles());
    assertEquals(100 * AdaptiveRate.DECREASE + 100 * AdaptiveRate.RECOVERY_PER_SECOND * 0.01, r.rate(), 0.001);
    clock.addAndGet(1000 * MS);
    assertEquals(70 + 5 * 1.01, r.rate(), 0.001, "climbs back by 5% of the ceiling per second");
    clock.addAndGet(10_000 * MS);
    assertEquals(100, r.rate(), 0.001, "back at the ceiling");
  }

  @Test
  void afterARateLimitersCutTheRateHoldsThenProbesUpwards() {
    AtomicLong clock = new AtomicLong();
    AdaptiveRate r = new AdaptiveRate(100, clock::get);
    r.rateLimited(clock.get());   // nothing answered yet: nothing to measure, the halved rate stays
    clock.addAndGet(AdaptiveRate.MIN_MEASURE_NANOS);
    double settled = r.rate();
    clock.addAndGet(AdaptiveRate.HOLD_NANOS - 20 * MS);
    assertEquals(settled, r.rate(), 0.001, "holds");
    clock.addAndGet(1020 * MS);
    assertTrue(r.rate() > settled && r.rate() < settled + 2, "probes slowly at first: " + r.rate());
    clock.addAndGet(60_000 * MS);
    assertEquals(100, r.rate(), 0.001, "back at the ceiling");
  }

  @Test
  void theRateNeverFallsBelowAFloor() {
    AtomicLong clock = new AtomicLong();
    AdaptiveRate r = new AdaptiveRate(20, clock::get);
    for (int i = 0; i < 200; i++) {
      clock.addAndGet(10 * MS);
      r.slowDown(clock.get());
      r.rateLimited(clock.get());
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
  void schemasConfiguredAlikeShareABudgetAndOthersKeepTheirOwnLimits() {
    AccountBudget a = AccountBudget.of("http://test.invalid", "sk_test_shared_x", "acct_1", 100, 25, 20);
    AccountBudget lifted = AccountBudget.of("http://test.invalid", "sk_test_shared_x", "acct_1", 100000, 100000, 20);
    AccountBudget lower = AccountBudget.of("http://test.invalid", "sk_test_shared_x", "acct_1", 50, 10, 20);
    AccountBudget likeA = AccountBudget.of("http://test.invalid", "sk_test_shared_x", "acct_1", 100, 25, 20);
    AccountBudget other = AccountBudget.of("http://test.invalid", "sk_test_shared_x", "acct_2", 100, 25, 20);
    assertSame(a, likeA, "one budget per account and limits");
    assertNotSame(a, other, "another connected account has its own");
    assertNotSame(a, lifted);
    assertNotSame(a, lower);
    assertEquals(100, a.account().ceiling(), 0.001, "a lifted or lower schema changes no one else's limits");
    assertEquals(25, a.endpoint("/v1/charges", false).ceiling(), 0.001);
    assertEquals(100000, lifted.endpoint("/v1/charges", false).ceiling(), 0.001);
    assertEquals(10, lower.endpoint("/v1/charges", false).ceiling(), 0.001);
    assertEquals(50, lower.account().ceiling(), 0.001);
  }
}
