package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * node-postgres ({@code pg} from npm, installed by .ci/run into src/test/node): a query with parameters and
 * no declared parameter types, a named statement, a simple query, an error (src/test/node/query.js).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodePgTest {
  private static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();
  private PgFixture pg;
  private String node;

  @BeforeAll
  void start() throws Exception {
    node = ClientProcess.require("node", "apt-get install nodejs npm");
    assumeTrue(Files.isDirectory(DIR.resolve("node_modules").resolve("pg")), "node-postgres is not installed: run"
        + " 'npm ci --prefix pgwire/src/test/node' (.ci/run does); skipping");
    pg = PgFixture.start();
  }

  @AfterAll
  void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  private static String idOf(JsonNode ref) {
    return ref == null || ref.isNull() ? null : ref.isObject() ? ref.path("id").asText(null) : ref.asText();
  }

  @Test
  void parameterizedQueryNamedStatementAndError() throws Exception {
    List<ObjectNode> charges = pg.emulator.data().list("charges");
    String customer = charges.stream().map(o -> idOf(o.get("customer"))).filter(id -> id != null).findFirst()
        .orElseThrow();
    List<String> expected = new ArrayList<>();
    charges.stream().filter(o -> customer.equals(idOf(o.get("customer")))).filter(o -> o.path("amount").asLong() >= 1000)
        .filter(o -> o.path("created").asLong() > Instant.parse("2024-01-01T00:00:00Z").getEpochSecond())
        .forEach(o -> expected.add(o.path("id").asText() + " " + o.path("amount").asLong() + " "
            + Instant.ofEpochSecond(o.path("created").asLong())));
    expected.sort(null);
    long all = charges.stream().filter(o -> customer.equals(idOf(o.get("customer")))).count();
    ClientProcess.Result r = ClientProcess.run(List.of(node, DIR.resolve("query.js").toString()),
        Map.of("PGPORT", Integer.toString(pg.port()), "CUSTOMER", customer, "TZ", "UTC"), null);
    assertEquals(0, r.exit(), r.err());
    JsonNode out = new ObjectMapper().readTree(r.out());
    List<String> actual = new ArrayList<>();
    for (JsonNode row : out.path("params")) {
      actual.add(row.path("id").asText() + " " + row.path("amount").asText() + " "
          + Instant.parse(row.path("created").asText()));
    }
    assertEquals(expected, actual);
    assertEquals(List.of(Long.toString(all), Long.toString(all)),
        List.of(out.path("named").get(0).asText(), out.path("named").get(1).asText()));
    assertEquals(Integer.toString(pg.emulator.data().list("customers").size()), out.path("simple").asText());
    assertEquals("42P01", out.path("error").path("code").asText());
  }
}
