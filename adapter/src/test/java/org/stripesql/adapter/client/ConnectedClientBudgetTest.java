package org.stripesql.adapter.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * A connected account's client sends its {@code Stripe-Account} and takes a token from the platform's
 * account-wide budget as well as its own, so a fan-out over many accounts stays within the platform's rate.
 * Judged by the tokens left, not by the clock: at 0.01 requests a second, a token spent is 100 s away.
 */
class ConnectedClientBudgetTest {
  @Test
  void connectedAccountsShareThePlatformsRateBudget() throws Exception {
    try (StripeEmulator emu = StripeEmulator.builder().connectedAccounts(2).build().start()) {
      String a = emu.connectedAccounts().get(0);
      ClientSettings settings = new ClientSettings(emu.baseUrl(), null, null,
          new RetryPolicy(0, 1, 1, Duration.ofSeconds(30)), 0.01, 100, 100, 8);
      StripeClient platform = new StripeClient(settings, Credentials.ofKey("sk_test_sharedBudget_" + System.nanoTime()));
      StripeClient connected = platform.forConnectedAccount(a, 4);
      assertEquals(a, connected.accountId());
      assertEquals(4, connected.settings().maxConcurrency());
      connected.get("/v1/customers", Map.of("limit", List.of("1")));
      List<RecordedRequest> log = emu.requestLog().requests();
      assertEquals(a, log.get(log.size() - 1).account(), "sent with Stripe-Account");
      long wait = platform.budget().account().reserve();
      assertTrue(wait > TimeUnit.SECONDS.toNanos(50), "the connected account's request took the platform's token: "
          + wait);
      assertTrue(connected.budget() != platform.budget(), "and the account has budgets of its own");
    }
  }
}
