package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stripe's limits per account and per endpoint, latency that holds no worker, coarse created times. */
class LimitsAndLatencyTest extends StartedEmulator {
  @BeforeEach
  void clean() {
    emu.faults().reset();
    emu.requestLog().clear();
  }

  @Test
  void latencyHoldsNoWorkerSoHundredsOfRequestsWaitAtOnce() {
    emu.faults().latency(Duration.ofMillis(500));
    HttpClient client = HttpClient.newHttpClient();
    long t0 = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      HttpRequest req = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/v1/customers?limit=1"))
          .header("Authorization", "Bearer " + Http.KEY).GET().build();
      pending.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> f : pending) {
      assertEquals(200, f.join().statusCode());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    // 16 workers sleeping 500 ms each would need more than 6 s for 200 requests
    assertTrue(seconds < 4, "200 requests with 500 ms latency took " + seconds + " s");
    assertEquals(200, emu.requestLog().served().size());
  }

  @Test
  void eachEndpointHasItsOwnLimitAndTheAccountOneForAll() {
    emu.faults().endpointRequestsPerSecond(5);
    int charges429 = count429("/v1/charges?limit=1", 10);
    int customers429 = count429("/v1/customers/" + id("customers") + "", 10);
    assertTrue(charges429 >= 4 && charges429 <= 5, "10 quick requests to one endpoint limited to 5/s: " + charges429);
    assertTrue(customers429 >= 4 && customers429 <= 5, "another endpoint has its own bucket: " + customers429);

    emu.faults().reset().requestsPerSecond(6);
    int a = count429("/v1/charges?limit=1", 4);
    int b = count429("/v1/invoices?limit=1", 4);
    assertEquals(0, a);
    assertTrue(b >= 1, "the account's bucket is shared by every endpoint: " + b);
  }

  @Test
  void retrievesOfDifferentObjectsCountAsOneEndpoint() {
    assertEquals("GET /v1/invoices/*/lines", EndpointKey.of("GET", "/v1/invoices/in_1Ab2/lines"));
    assertEquals(EndpointKey.of("GET", "/v1/customers/cus_Abc1"), EndpointKey.of("GET", "/v1/customers/cus_Xyz9"));
    assertEquals("GET /v1/payment_intents/search", EndpointKey.of("GET", "/v1/payment_intents/search"));
    assertTrue(EndpointKey.isSearch("/v1/charges/search"));
  }

  @Test
  void searchEndpointsHaveTheirOwnRate() {
    emu.faults().stripeLimits(true).searchRequestsPerSecond(2);
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      HttpRequest req = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/v1/customers/search?query="
          + Http.enc("email:'x@example.com'"))).header("Authorization", "Bearer " + Http.KEY).GET().build();
      pending.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
    }
    long throttled = pending.stream().filter(f -> f.join().statusCode() == 429).count();
    assertTrue(throttled >= 4, "12 searches at once against 2/s: " + throttled);
    assertEquals(0, count429("/v1/customers?limit=1", 3), "lists are not searches");
  }

  @Test
  void coarseTimesPutManyObjectsInOneSecond() throws Exception {
    try (StripeEmulator e = StripeEmulator.builder().createdGranularity(86_400 * 30).build()) {
      List<ObjectNode> charges = e.data().list("charges");
      Set<Long> seconds = new HashSet<>();
      for (ObjectNode o : charges) {
        long c = o.path("created").asLong();
        assertEquals(0, c % (86_400 * 30));
        seconds.add(c);
      }
      assertTrue(charges.size() / seconds.size() >= 20, charges.size() + " charges in " + seconds.size() + " seconds");
      for (int i = 1; i < charges.size(); i++) {
        assertTrue(charges.get(i - 1).path("created").asLong() >= charges.get(i).path("created").asLong());
      }
    }
  }

  private static String id(String table) {
    return emu.data().list(table).get(0).path("id").asText();
  }

  private static int count429(String pathAndQuery, int n) {
    int throttled = 0;
    for (int i = 0; i < n; i++) {
      if (Http.get(emu, pathAndQuery).status() == 429) {
        throttled++;
      }
    }
    return throttled;
  }
}
