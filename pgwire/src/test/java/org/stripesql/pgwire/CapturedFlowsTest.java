package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Replays what psql, psqlODBC and pgJDBC sent a real PostgreSQL 15 (captured/flows.jsonl, from the
 * research captures: every catalog query and message flow, table OIDs replaced by ours) and checks that
 * each exchange up to its ReadyForQuery (one per Query and per Sync) ends as PostgreSQL's did: the same
 * error or none, the same transaction status. Row counts differ (other data), the shape of the conversation
 * may not. Flows of catalog queries only must not make a Stripe request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapturedFlowsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private PgFixture pg;
  private Map<String, String> oids;

  @BeforeAll
  void start() throws Exception {
    pg = PgFixture.start();
    oids = Map.of("{oid:customers}", Integer.toString(pg.oid("customers")),
        "{oid:charges}", Integer.toString(pg.oid("charges")), "{oid:events}", Integer.toString(pg.oid("events")));
  }

  @AfterAll
  void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCapturedFlowEndsAsOnPostgres() throws Exception {
    List<JsonNode> flows = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/captured/flows.jsonl")) {
      assertNotNull(in, "captured/flows.jsonl on the test class path");
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        flows.add(JSON.readTree(line));
      }
    }
    return flows.stream().map(f -> DynamicTest.dynamicTest(f.path("capture").asText(), () -> replay(f)));
  }

  private String sql(JsonNode step) {
    return withOids(step.path("sql").asText());
  }

  private String withOids(String text) {
    String s = text;
    for (Map.Entry<String, String> e : oids.entrySet()) {
      s = s.replace(e.getKey(), e.getValue());
    }
    return s;
  }

  /** Captures of catalog queries only: they must not cost a single Stripe request. */
  private static boolean catalogOnly(String capture) {
    return capture.matches("psql_(0[1-6]|1[1-4])_.*|odbc_0[1237]_.*|odbcc_(catalogs|columns|connect.*|fkeys|pkeys"
        + "|schemas|stats|tables|tabletypes|typeinfo)|jdbc_(connect.*|get.*)");
  }

  private void replay(JsonNode flow) throws Exception {
    String capture = flow.path("capture").asText();
    pg.emulator.requestLog().clear();
    try (RawPgClient c = pg.raw()) {
      List<JsonNode> batch = new ArrayList<>();
      int n = 0;
      for (JsonNode step : flow.path("steps")) {
        n++;
        batch.add(step);
        switch (step.path("msg").asText()) {
          case "Q":
            c.query(sql(step));
            break;
          case "P":
            List<Integer> types = new ArrayList<>();
            step.path("types").forEach(t -> types.add(t.asInt()));
            c.parse(step.path("name").asText(), sql(step), types);
            break;
          case "B":
            List<Integer> formats = new ArrayList<>();
            step.path("formats").forEach(t -> formats.add(t.asInt()));
            List<byte[]> params = new ArrayList<>();
            boolean binary = step.path("binary").asBoolean();
            for (JsonNode p : step.path("params")) {
              params.add(p.isNull() ? null : binary ? HexFormat.of().parseHex(p.asText())
                  : withOids(p.asText()).getBytes(StandardCharsets.UTF_8));
            }
            List<Integer> results = new ArrayList<>();
            step.path("resultFormats").forEach(t -> results.add(t.asInt()));
            c.bind(step.path("portal").asText(), step.path("name").asText(), formats, params, results);
            break;
          case "D":
            c.describe(step.path("kind").asText().charAt(0), step.path("name").asText());
            break;
          case "E":
            c.execute(step.path("portal").asText(), step.path("maxRows").asInt());
            break;
          case "C":
            c.close(step.path("kind").asText().charAt(0), step.path("name").asText());
            break;
          case "S":
            c.sync();
            break;
          default:
            throw new AssertionError("unknown step " + step);
        }
        String kind = step.path("msg").asText();
        if (!kind.equals("Q") && !kind.equals("S")) {
          continue;
        }
        String expectedError = step.has("error") ? step.path("error").asText() : null;
        String actualError = null;
        String actualMessage = null;
        char ready = 0;
        for (RawPgClient.Msg m : c.untilReady()) {
          if (m.type() == 'E' && actualError == null) {
            actualError = m.sqlState();
            actualMessage = m.field('M');
          }
          if (m.type() == 'Z') {
            ready = (char) m.body()[0];
          }
        }
        String where = capture + " step " + n + " (" + describe(batch) + ")";
        assertEquals(expectedError, actualError, where + ": " + actualMessage);
        assertEquals(step.path("ready").asText(), String.valueOf(ready), where + ": transaction status");
        batch.clear();
      }
    }
  }

  private String describe(List<JsonNode> batch) {
    Map<String, String> firstSql = new TreeMap<>();
    for (JsonNode s : batch) {
      if (s.has("sql")) {
        String sql = s.path("sql").asText().replaceAll("\\s+", " ");
        firstSql.putIfAbsent("sql", sql.length() > 160 ? sql.substring(0, 160) + "..." : sql);
      }
    }
    return firstSql.getOrDefault("sql", batch.size() + " messages");
  }
}
