package org.stripesql.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.stripesql.emulator.StripeEmulator;
import picocli.CommandLine;

/** {@code stripesql emulator}'s options reach the emulator: strict or lenient, Stripe's limits, latency. */
class EmulatorCommandTest {
  private static EmulatorCommand parse(String... args) {
    EmulatorCommand command = new EmulatorCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void limitsAndLatencyReachTheFaults() throws Exception {
    try (StripeEmulator emulator = StripeEmulator.builder().scale(1).build()) {
      parse("--stripe-limits", "live", "--endpoint-rate-limit", "30", "--latency-ms", "300")
          .applyFaults(emulator.faults());
      String faults = emulator.faults().toString();
      assertTrue(faults.contains("latency=300ms"), faults);
      assertTrue(faults.contains("requestsPerSecond=100/30/20"), faults);
      parse("--stripe-limits", "test").applyFaults(emulator.faults());
      assertTrue(emulator.faults().toString().contains("requestsPerSecond=25/25/20"), emulator.faults().toString());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> parse("--stripe-limits", "prod").applyFaults(emulator.faults()));
      assertTrue(e.getMessage().contains("live or test"), e.getMessage());
    }
  }

  @Test
  void strictByDefaultLenientOnRequest() throws Exception {
    assertTrue(!parse().lenient && parse("--lenient").lenient);
    try (StripeEmulator strict = EmulatorLauncher.start("127.0.0.1", 0, 42, 1, true);
        StripeEmulator lenient = EmulatorLauncher.start("127.0.0.1", 0, 42, 1, false)) {
      // Stripe answers a parameter its endpoint does not declare with 400; lenient mode lets it pass
      assertEquals(400, status(strict, "/v1/charges?limit=1&no_such_param=1"));
      assertEquals(200, status(strict, "/v1/charges?limit=1"));
      assertEquals(400, status(strict, "/v1/reporting/report_types?limit=1"));
      assertEquals(200, status(lenient, "/v1/reporting/report_types?limit=1"));
    }
  }

  private static int status(StripeEmulator emulator, String pathAndQuery) throws Exception {
    String auth = Base64.getEncoder().encodeToString((EmulatorLauncher.DEMO_KEY + ":").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + pathAndQuery))
        .header("Authorization", "Basic " + auth).GET().build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
