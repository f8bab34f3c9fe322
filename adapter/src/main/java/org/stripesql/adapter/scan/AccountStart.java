package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.stripesql.adapter.client.AccountBudget;
import org.stripesql.adapter.client.RequestGuard;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeClient;

/**
 * When the account was created ({@code GET /v1/account}'s {@code created}), asked once per account and
 * process in the background: no object of the account is older, so time slices need not reach further
 * back. {@link SlicePlanner#FLOOR} when Stripe does not say (a restricted key may not read the account).
 */
final class AccountStart {
  private static final ConcurrentMap<AccountBudget, CompletableFuture<Long>> KNOWN = new ConcurrentHashMap<>();
  private static final long WAIT_SECONDS = 5;

  private AccountStart() {}

  /** Starts asking, unless known or asked already. */
  static CompletableFuture<Long> of(StripeClient client) {
    return KNOWN.computeIfAbsent(client.budget(),
        b -> CompletableFuture.supplyAsync(() -> fetch(client), ScanThreads.EXECUTOR));
  }

  /** The account's creation, waiting a little for the answer; {@link SlicePlanner#FLOOR} when unknown. */
  static long get(CompletableFuture<Long> asked) {
    try {
      return asked.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return SlicePlanner.FLOOR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SlicePlanner.FLOOR;
    }
  }

  private static long fetch(StripeClient client) {
    try {
      JsonNode created = client.get("/v1/account", Map.of(), RequestGuard.NONE).path("created");
      return created.canConvertToLong() ? created.asLong() : SlicePlanner.FLOOR;
    } catch (StripeApiException e) {
      if (e.httpStatus() < 400 || e.httpStatus() >= 500) {
        KNOWN.remove(client.budget());   // ask again next time: this may have been a passing failure
      }
      return SlicePlanner.FLOOR;   // a 4xx (a restricted key) stays: the account is not asked again
    } catch (RuntimeException e) {
      KNOWN.remove(client.budget());
      return SlicePlanner.FLOOR;
    }
  }
}
