package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fault injection: Stripe's 429 body and headers, 500s, drops, the limiter, the log, reset. */
class FaultsTest extends StartedEmulator {
  @BeforeEach
  void clean() {
    emu.faults().reset();
    emu.requestLog().clear();
  }

  @Test
  void rateLimitFaultLooksLikeStripes429() {
    emu.faults().rateLimit(1.0).retryAfter(Duration.ofSeconds(2));
    Http.Response r = Http.send(emu, "GET", "/v1/customers", "Bearer " + Http.KEY);
    assertEquals(429, r.status());
    assertEquals("rate_limit", r.body().path("error").path("code").asText());
    assertEquals("invalid_request_error", r.body().path("error").path("type").asText());
    assertTrue(r.error().startsWith("Too many requests hit the API too quickly."), r.error());
    assertEquals("2", r.raw().headers().firstValue("Retry-After").orElse(null));
    assertTrue(r.raw().headers().firstValue("Request-Id").orElse("").startsWith("req_"));
    RecordedRequest logged = emu.requestLog().requests().get(0);
    assertEquals(429, logged.status());
    assertEquals("rate_limit", logged.fault());
    assertTrue(emu.requestLog().served().isEmpty(), "a faulted request serves no data");
  }

  @Test
  void serverErrorsAndNonRetryableErrors() {
    emu.faults().serverErrors(1.0);
    Http.Response r = Http.send(emu, "GET", "/v1/customers", "Bearer " + Http.KEY);
    assertEquals(500, r.status());
    assertEquals("api_error", r.body().path("error").path("type").asText());
    assertTrue(r.raw().headers().firstValue("Stripe-Should-Retry").isEmpty());
    emu.faults().reset().nonRetryableErrors(1.0);
    Http.Response n = Http.send(emu, "GET", "/v1/customers", "Bearer " + Http.KEY);
    assertEquals(500, n.status());
    assertEquals("false", n.raw().headers().firstValue("Stripe-Should-Retry").orElse(null));
  }

  @Test
  void droppedConnectionGetsNoAnswerAndIsLoggedWithStatus0() throws Exception {
    emu.faults().dropConnections(1.0);
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest req = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/v1/customers?limit=3"))
        .header("Authorization", "Bearer " + Http.KEY).GET().build();
    assertThrows(IOException.class, () -> client.send(req, HttpResponse.BodyHandlers.ofString()));
    List<RecordedRequest> log = emu.requestLog().requests();
    assertEquals(0, log.get(log.size() - 1).status());
    assertEquals("drop", log.get(log.size() - 1).fault());
    assertEquals(List.of("3"), log.get(log.size() - 1).query().get("limit"));
  }

  @Test
  void requestsPerSecondAnswers429BeyondTheBucket() {
    emu.faults().requestsPerSecond(3);
    int throttled = 0;
    for (int i = 0; i < 12; i++) {
      if (Http.send(emu, "GET", "/v1/customers", "Bearer " + Http.KEY).status() == 429) {
        throttled++;
      }
    }
    assertTrue(throttled > 0, "12 quick requests against a bucket of 3 per second");
    assertEquals(throttled, emu.requestLog().requests().stream().filter(r -> "throttled".equals(r.fault())).count());
  }

  @Test
  void aLimitsRefusalNamesTheLimitAsStripeDoes() {
    emu.faults().endpointRequestsPerSecond(2);
    Http.Response refused = null;
    for (int i = 0; i < 10 && refused == null; i++) {
      Http.Response r = Http.send(emu, "GET", "/v1/customers", "Bearer " + Http.KEY);
      refused = r.status() == 429 ? r : null;
    }
    assertEquals("endpoint-rate", refused.raw().headers().firstValue("Stripe-Rate-Limited-Reason").orElse(null));
    emu.faults().reset().requestsPerSecond(2);
    refused = null;
    for (int i = 0; i < 10 && refused == null; i++) {
      Http.Response r = Http.send(emu, "GET", "/v1/charges", "Bearer " + Http.KEY);
      refused = r.status() == 429 ? r : null;
    }
    assertEquals("global-rate", refused.raw().headers().firstValue("Stripe-Rate-Limited-Reason").orElse(null));
    emu.faults().reset().rateLimit(1.0);
    Http.Response injected = Http.send(emu, "GET", "/v1/customers", "Bearer " + Http.KEY);
    assertEquals(429, injected.status());
    assertTrue(injected.raw().headers().firstValue("Stripe-Rate-Limited-Reason").isEmpty(),
        "an injected 429 (as a lock timeout) names no rate limiter");
  }

  @Test
  void faultsFollowTheSeedAndResetTurnsThemOff() {
    List<Integer> first = statuses(7);
    List<Integer> second = statuses(7);
    assertEquals(first, second, "the same seed faults the same requests");
    assertTrue(first.contains(429) && first.contains(200), first.toString());
    emu.faults().reset();
    emu.requestLog().clear();
    assertEquals(200, Http.send(emu, "GET", "/v1/customers", "Bearer " + Http.KEY).status());
    assertNull(emu.requestLog().requests().get(0).fault());
  }

  private List<Integer> statuses(long seed) {
    emu.faults().reset().seed(seed).rateLimit(0.5);
    return IntStream.range(0, 20)
        .mapToObj(i -> Http.send(emu, "GET", "/v1/customers", "Bearer " + Http.KEY).status()).toList();
  }
}
