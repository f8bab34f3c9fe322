package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The extended protocol message by message: row limits, portals across Sync, statements outliving portals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtendedProtocolTest {
  private PgFixture pg;

  @BeforeAll
  void start() throws Exception {
    pg = PgFixture.start();
  }

  @AfterAll
  void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  private static long count(List<RawPgClient.Msg> msgs, char type) {
    return msgs.stream().filter(m -> m.type() == type).count();
  }

  @Test
  void aPortalReadInPiecesAcrossSyncsInsideATransaction() throws Exception {
    int customers = pg.emulator.data().list("customers").size();
    try (RawPgClient c = pg.raw()) {
      c.query("BEGIN");
      c.untilReady();
      c.parse("", "SELECT id FROM customers ORDER BY id", List.of());
      c.bind("c1", "", List.of(), List.of(), List.of());
      c.execute("c1", 100);
      c.sync();
      List<RawPgClient.Msg> first = c.untilReady();
      assertEquals(100, count(first, 'D'));
      assertEquals(1, count(first, 's'), "PortalSuspended");
      assertEquals('T', (char) first.get(first.size() - 1).body()[0]);
      c.parse("", "SELECT count(*) FROM charges", List.of());
      c.bind("", "", List.of(), List.of(), List.of());
      c.execute("", 0);
      c.sync();
      List<RawPgClient.Msg> other = c.untilReady();
      assertEquals(0, count(other, 'E'), "another statement while the cursor is open");
      long rows = 100;
      while (true) {
        c.execute("c1", 100);
        c.sync();
        List<RawPgClient.Msg> more = c.untilReady();
        assertEquals(0, count(more, 'E'), more.toString());
        rows += count(more, 'D');
        if (count(more, 'C') == 1) {
          break;
        }
      }
      assertEquals(customers, rows, "the portal outlived the unnamed statement it was bound from");
      c.close('P', "c1");
      c.parse("", "COMMIT", List.of());
      c.bind("", "", List.of(), List.of(), List.of());
      c.execute("", 1);
      c.sync();
      List<RawPgClient.Msg> done = c.untilReady();
      assertEquals('I', (char) done.get(done.size() - 1).body()[0]);
    }
  }

  @Test
  void outsideATransactionSyncEndsThePortal() throws Exception {
    try (RawPgClient c = pg.raw()) {
      c.parse("", "SELECT id FROM customers", List.of());
      c.bind("", "", List.of(), List.of(), List.of());
      c.execute("", 10);
      c.sync();
      List<RawPgClient.Msg> first = c.untilReady();
      assertEquals(10, count(first, 'D'));
      c.execute("", 10);
      c.sync();
      List<RawPgClient.Msg> second = c.untilReady();
      assertEquals("34000", second.stream().filter(m -> m.type() == 'E').findFirst().orElseThrow().sqlState());
    }
  }

  @Test
  void namedStatementsDescribeAndParameters() throws Exception {
    try (RawPgClient c = pg.raw()) {
      c.parse("by_status", "SELECT count(*) AS n FROM charges WHERE status = $1 AND amount >= $2", List.of(0, 0));
      c.describe('S', "by_status");
      c.sync();
      List<RawPgClient.Msg> d = c.untilReady();
      RawPgClient.Msg params = d.stream().filter(m -> m.type() == 't').findFirst().orElseThrow();
      assertEquals("0002000004130000" + "0014", HexFormat.of().formatHex(params.body()),
          "ParameterDescription: varchar, int8 inferred");
      RawPgClient.Msg row = d.stream().filter(m -> m.type() == 'T').findFirst().orElseThrow();
      assertEquals(List.of("n"), row.columns());
      long succeeded = pg.emulator.data().list("charges").stream()
          .filter(o -> o.path("status").asText().equals("succeeded")).count();
      for (int i = 0; i < 2; i++) {
        c.bind("", "by_status", List.of(), List.of("succeeded".getBytes(StandardCharsets.UTF_8),
            "0".getBytes(StandardCharsets.UTF_8)), List.of());
        c.execute("", 0);
        c.sync();
        List<RawPgClient.Msg> r = c.untilReady();
        assertEquals(List.of(Long.toString(succeeded)),
            r.stream().filter(m -> m.type() == 'D').findFirst().orElseThrow().values());
      }
      c.query("DEALLOCATE by_status");
      assertTrue(c.untilReady().stream().anyMatch(m -> m.type() == 'C' && m.text().startsWith("DEALLOCATE")));
    }
  }

  @Test
  void anErrorSkipsToSyncAndTheConnectionGoesOn() throws Exception {
    try (RawPgClient c = pg.raw()) {
      c.parse("", "SELECT * FROM nosuchtable", List.of());
      c.bind("", "", List.of(), List.of(), List.of());
      c.execute("", 0);
      c.sync();
      List<RawPgClient.Msg> r = c.untilReady();
      assertEquals(1, count(r, 'E'));
      assertEquals(0, count(r, '2'), "Bind after the failed Parse is skipped");
    }
    try (Connection conn = pg.connect(); Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      assertTrue(rs.next());
    }
  }
}
