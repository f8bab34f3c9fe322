package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.StripeEmulator;

/**
 * {@code /ready} probes the API base the model names, read as the adapter reads operands (any case):
 * a model spelling it {@code ApiBase} is ready against the emulator, not probing api.stripe.com (which
 * this machine cannot reach).
 */
class ReadyProbeTest {
  @Test
  void readyProbesTheApiBaseWhateverItsCase() throws Exception {
    try (StripeEmulator emulator = StripeEmulator.builder().port(0).anchor(Instant.parse("2026-01-01T00:00:00Z"))
        .build().start()) {
      String model = "{\"version\":\"1.0\",\"defaultSchema\":\"stripe\",\"schemas\":[{\"name\":\"stripe\","
          + "\"type\":\"custom\",\"factory\":\"" + StripeAdapter.SCHEMA_FACTORY + "\",\"operand\":{"
          + "\"oauthaccesstoken\":\"sk_test_ready_case\",\"ApiBase\":\"" + emulator.baseUrl() + "\"}}]}";
      try (StripeSqlGateway g = StripeSqlGateway.builder().model(ModelSource.inline(model)).host("127.0.0.1")
          .port(0).build().start()) {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + g.port() + "/ready")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
      }
    }
  }
}
