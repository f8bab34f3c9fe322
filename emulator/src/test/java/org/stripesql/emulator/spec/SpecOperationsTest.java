package org.stripesql.emulator.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The committed operations file: that it is exactly what the generator derives from Stripe's spec (run
 * with {@code -Dstripesql.updateSpecOperations=true} to rewrite it), and what it says about known paths.
 */
class SpecOperationsTest {
  private static final Path SOURCE = Path.of("src/main/resources" + SpecOperations.RESOURCE);

  @Test
  void committedFileIsWhatTheGeneratorDerives() throws Exception {
    Path spec = SharedSpec.file();
    Assumptions.assumeTrue(spec != null,
        "skipped: ../shared/stripe-openapi/2023-08-16/spec3.json is absent, so the operations file cannot be re-derived here");
    String derived = OperationsGenerator.text(spec);
    if (Boolean.getBoolean("stripesql.updateSpecOperations")) {
      Files.writeString(SOURCE, derived, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(SOURCE), derived, "operations.json is stale: run mvn -pl emulator test"
        + " -Dtest=SpecOperationsTest -Dstripesql.updateSpecOperations=true");
  }

  @Test
  void fileReadsBackToTheSameOperations() {
    SpecOperations ops = SpecOperations.bundled();
    assertEquals(OperationsFile.write(ops), OperationsFile.write(OperationsFile.read(OperationsFile.write(ops))));
    assertEquals("2023-08-16", ops.apiVersion());
    assertTrue(ops.paths().size() > 150, "GET paths: " + ops.paths().size());
  }

  @Test
  void listPathsDeclareTheirFiltersAndPaging() {
    Operation customers = SpecOperations.bundled().find("GET", "/v1/customers").orElseThrow();
    assertEquals(new ParamType.Range(), customers.params().get("created"));
    assertEquals(new ParamType.ArrayOf(ParamType.Scalar.STRING), customers.params().get("expand"));
    assertEquals(new ParamType.Scalar("integer"), customers.params().get("limit"));
    assertTrue(customers.declares("starting_after") && customers.declares("email"));
    assertTrue(customers.required().isEmpty());
    Operation pms = SpecOperations.bundled().find("get", "/v1/payment_methods").orElseThrow();
    assertEquals(Set.of(), pms.required(), "the spec requires type; Stripe no longer does");
    assertTrue(((ParamType.Enum) pms.params().get("type")).values().contains("card"));
    assertEquals(Set.of(), SpecOperations.bundled().find("GET", "/v1/customers/{c}/payment_methods").orElseThrow()
        .required());
    assertEquals(Set.of("setup_intent"), SpecOperations.bundled().find("GET", "/v1/setup_attempts").orElseThrow()
        .required());
    Operation subs = SpecOperations.bundled().find("GET", "/v1/subscriptions").orElseThrow();
    assertTrue(((ParamType.Enum) subs.params().get("status")).values().containsAll(List.of("all", "ended")));
  }

  @Test
  void capabilitiesAndCustomerSubscriptionsDeclareNoPagingOrStatus() {
    SpecOperations ops = SpecOperations.bundled();
    for (String p : List.of("/v1/accounts/{account}/capabilities", "/v1/reporting/report_types")) {
      assertEquals(Set.of("expand"), ops.find("GET", p).orElseThrow().params().keySet(), p);
    }
    assertFalse(ops.find("GET", "/v1/customers/{customer}/subscriptions").orElseThrow().declares("status"));
  }

  @Test
  void pathsAreFoundByShapeAndDeletedStubsByTheSpecsAnswers() {
    SpecOperations ops = SpecOperations.bundled();
    assertTrue(ops.find("GET", "/v1/customers/{id}").orElseThrow().deletedStubs());
    assertTrue(ops.find("GET", "/v1/terminal/readers/{x}").orElseThrow().deletedStubs());
    assertFalse(ops.find("GET", "/v1/products/{id}").orElseThrow().deletedStubs());
    assertTrue(ops.find("POST", "/v1/customers").isEmpty(), "write operations are not derived yet");
    assertTrue(ops.find("GET", "/v1/nothing").isEmpty());
    assertEquals(Set.of("test_clock"), ops.find("GET", "/v1/customers").orElseThrow().testClocksOnlyWith());
    assertEquals(Set.of("test_clock", "customer"), ops.find("GET", "/v1/quotes").orElseThrow().testClocksOnlyWith());
    assertEquals(Set.of("test_clock", "customer"),
        ops.find("GET", "/v1/subscriptions").orElseThrow().testClocksOnlyWith());
    assertEquals(Set.of(), ops.find("GET", "/v1/invoices").orElseThrow().testClocksOnlyWith());
    Operation events = ops.find("GET", "/v1/events").orElseThrow();
    assertEquals(new ParamType.ArrayOf(ParamType.Scalar.STRING), events.params().get("types"));
  }
}
