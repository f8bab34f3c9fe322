package org.stripesql.adapter.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Gateways that share an endpoint's limit without talking settle on it with few 429s, and one alone
 * uses all of it: simulated time against a simulated Stripe limiter (25/s, 300 ms per answer).
 */
class RateAdaptationTest {
  static final double LIMIT = 25;
  static final long S = RateSimulation.SECOND;

  static RateSimulation.Result simulate(List<RateSimulation.Sender> senders, int seconds, long seed) {
    RateSimulation.Result r = new RateSimulation(LIMIT, Duration.ofMillis(300), seed).run(senders, seconds);
    if (Boolean.getBoolean("stripesql.simulation.trace")) {
      System.out.printf(Locale.ROOT, "%d senders: %d requests, %d 429s (%.2f%%), %.1f%% of the limit accepted%n",
          senders.size(), r.requests(), r.refused(), 100 * r.refusedShare(), 100 * r.acceptedRate(0, seconds) / LIMIT);
      StringBuilder b = new StringBuilder();
      for (long n : r.perSecond()) {
        b.append(n).append(' ');
      }
      System.out.println(b);
    }
    return r;
  }

  @Test
  void oneGatewayUsesTheWholeLimit() {
    RateSimulation.Result r = simulate(List.of(new RateSimulation.Sender(0, 60 * S)), 60, 1);
    assertEquals(0, r.refused(), "no 429 for a gateway alone");
    assertTrue(r.acceptedRate(0, 60) > 0.95 * LIMIT, "accepted " + r.acceptedRate(0, 60) + "/s");
  }

  @Test
  void twoGatewaysSettleOnTheLimitWithFew429s() {
    for (long seed = 1; seed <= 3; seed++) {
      RateSimulation.Result r = simulate(List.of(new RateSimulation.Sender(0, 60 * S),
          new RateSimulation.Sender(0, 60 * S)), 60, seed);
      assertTrue(r.refusedShare() < 0.02, "seed " + seed + ": " + r.refused() + " 429s of " + r.requests());
      assertTrue(r.acceptedRate(0, 60) > 0.85 * LIMIT, "seed " + seed + ": accepted " + r.acceptedRate(0, 60) + "/s");
      assertEquals(0, r.gaveUp(), "no request gave up");
    }
  }

  @Test
  void threeGatewaysJoiningOneAfterAnotherSettleToo() {
    for (long seed = 1; seed <= 3; seed++) {
      RateSimulation.Result r = simulate(List.of(new RateSimulation.Sender(0, 60 * S),
          new RateSimulation.Sender(5 * S, 60 * S), new RateSimulation.Sender(10 * S, 60 * S)), 60, seed);
      // each newcomer starts at the whole limit: about 9 429s per arrival before it hears of the others
      assertTrue(r.refusedShare() < 0.025, "seed " + seed + ": " + r.refused() + " 429s of " + r.requests());
      assertTrue(r.acceptedRate(0, 60) > 0.85 * LIMIT, "seed " + seed + ": accepted " + r.acceptedRate(0, 60) + "/s");
      assertEquals(0, r.gaveUp(), "no request gave up");
    }
  }

  @Test
  void aGatewayLeftAloneClimbsBackToTheLimit() {
    for (long seed = 1; seed <= 3; seed++) {
      RateSimulation.Result r = simulate(List.of(new RateSimulation.Sender(0, 60 * S),
          new RateSimulation.Sender(0, 20 * S)), 60, seed);
      assertTrue(r.acceptedRate(50, 60) > 0.9 * LIMIT, "seed " + seed + ", the last 10 s: " + r.acceptedRate(50, 60));
    }
  }
}
