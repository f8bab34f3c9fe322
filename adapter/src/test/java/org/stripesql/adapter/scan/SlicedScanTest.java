package org.stripesql.adapter.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.adapter.client.ClientSettings;
import org.stripesql.adapter.client.Credentials;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * A time-sliced scan against the emulator over HTTP: after the first page every request wanted is in
 * flight within a round trip; a list that comes back in milliseconds costs its pages and no more; the
 * rows are always the sequential scan's, in its order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlicedScanTest {
  static final int WANTED = 8;
  StripeEmulator emulator;
  StripeClient client;
  ApiTable charges;

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().seed(7).scale(3).anchor(Instant.parse("2024-06-01T00:00:00Z")).build().start();
    StripeSchemaConfig config = StripeSchemaConfig.parse("stripe", Map.of("OAuthAccessToken", "sk_test_sliced_0000",
        "apiBase", emulator.baseUrl(), "RateLimit", "100000", "EndpointRateLimit", "100000",
        "MaxConcurrency", Integer.toString(WANTED)), name -> null);
    client = new StripeClient(ClientSettings.of(config), Credentials.ofKey(config.accessToken()));
    charges = Catalog.bundled().table("charges").orElseThrow();
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  @BeforeEach
  void clean() {
    emulator.faults().reset();
    emulator.requestLog().clear();
  }

  /** The ids of a full scan of charges, read in time slices (or, with {@code sliced} false, as one list). */
  List<String> scan(boolean sliced) {
    ScanBudget budget = ScanBudget.unlimited();
    SliceReader.Call<String> call = new SliceReader.Call<>(client, charges, charges.path(), charges.path(), Map.of(),
        PagingIterator.MAX_PAGE, o -> o.path("id").asText(), false, budget);
    SlicePlanner planner = new SlicePlanner(() -> AccountStart.ifKnown(AccountStart.of(client)),
        () -> client.concurrency(charges.path()));
    Segment<String> whole = sliced ? SliceReader.whole(call, ParallelScan.CREATED, planner, null, null)
        : new SliceReader<>(call);
    Iterator<String> rows = new OrderedMerger<>(List.of(whole).iterator(), true,
        () -> client.concurrency(charges.path()), budget, Long.MAX_VALUE, PagingIterator.MAX_PAGE);
    List<String> ids = new ArrayList<>();
    rows.forEachRemaining(ids::add);
    return ids;
  }

  @Test
  void afterTheFirstPageEveryWantedRequestIsInFlightWithinOneRoundTrip() {
    Duration latency = Duration.ofMillis(250);
    emulator.faults().latency(latency);
    List<String> sequential = scan(false);
    scan(true);   // learns the account's creation (once per account and process) and the latency
    emulator.requestLog().clear();
    List<String> sliced = scan(true);
    assertEquals(sequential, sliced, "the rows of the sequential scan, in its order");
    List<RecordedRequest> log = emulator.requestLog().requests();
    long firstAnswered = log.get(0).arrivedNanos() + latency.toNanos();
    long sent = log.stream().filter(r -> r.arrivedNanos() < firstAnswered + latency.toNanos()).count() - 1;
    assertTrue(sent >= WANTED, sent + " requests sent in the round trip after the first page; " + WANTED
        + " wanted: " + log);
  }

  @Test
  void aListAnsweredInMillisecondsCostsItsPagesAndNoMore() {
    List<String> sequential = scan(false);
    int pages = emulator.requestLog().size();
    emulator.requestLog().clear();
    assertEquals(sequential, scan(true));
    assertEquals(pages, emulator.requestLog().size(), "slices would save milliseconds for a request each: "
        + emulator.requestLog().requests());
  }
}
