package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** psql (postgresql-client) against the endpoint: connect, list and describe tables, query, \copy, an error. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PsqlTest {
  private PgFixture pg;
  private String psql;

  @BeforeAll
  void start() throws Exception {
    psql = ClientProcess.require("psql", "apt-get install postgresql-client");
    pg = PgFixture.start();
  }

  @AfterAll
  void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  private ClientProcess.Result psql(String... commands) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(psql, "-X", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose",
        "host=127.0.0.1 port=" + pg.port() + " dbname=stripe user=alice"));
    for (String c : commands) {
      cmd.add("-c");
      cmd.add(c);
    }
    return ClientProcess.run(cmd, Map.of("PGCONNECT_TIMEOUT", "60"), null);
  }

  private static String idOf(JsonNode ref) {
    return ref == null || ref.isNull() ? null : ref.isObject() ? ref.path("id").asText(null) : ref.asText();
  }

  @Test
  void listsTables() throws Exception {
    ClientProcess.Result r = psql("\\dt");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains(" stripe | customers "), r.out());
    assertTrue(r.out().contains(" stripe | charges "), r.out());
    assertTrue(r.out().matches("(?s).*\\(\\d+ rows\\).*"), r.out());
  }

  @Test
  void describesCustomers() throws Exception {
    ClientProcess.Result r = psql("\\d customers");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Table \"stripe.customers\""), r.out());
    assertTrue(r.out().matches("(?s).*\\n id +\\| character varying +\\| +\\| not null \\|.*"), r.out());
    assertTrue(r.out().matches("(?s).*\\n created +\\| timestamp without time zone .*"), r.out());
    assertTrue(r.out().matches("(?s).*\\n metadata +\\| json .*"), r.out());
  }

  @Test
  void otherBackslashCommands() throws Exception {
    ClientProcess.Result r = psql("\\dn", "\\l", "\\dt+ charges", "\\d+ charges", "\\d");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("List of schemas"), r.out());
    assertTrue(r.out().contains("List of databases"), r.out());
    assertTrue(r.out().contains("Table \"stripe.charges\""), r.out());
    assertTrue(r.out().contains("\"charges_pkey\" PRIMARY KEY, btree (id)"), r.out());
    assertTrue(r.out().contains("\"charges_customer_fkey\" FOREIGN KEY (customer) REFERENCES customers(id)"),
        r.out());
    assertTrue(r.out().contains("Referenced by:"), r.out());
  }

  /** psql 15's {@code \\du} (roles, an ARRAY subquery of pg_auth_members) and {@code \\dp} (privileges, policies). */
  @Test
  void rolesAndPrivileges() throws Exception {
    ClientProcess.Result r = psql("\\du", "\\dp", "\\dp charges");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("List of roles"), r.out());
    assertTrue(r.out().matches("(?s).*\\n alice +\\|.*"), r.out());
    assertTrue(r.out().contains("Access privileges"), r.out());
    assertTrue(r.out().matches("(?s).*\\n stripe +\\| charges +\\| table +\\|.*"), r.out());
  }

  /** The meta-commands over what the database has none of list nothing, as PostgreSQL's would. */
  @Test
  void metaCommandsOverAbsentObjects() throws Exception {
    ClientProcess.Result r = psql("\\dy", "\\dc", "\\dRs", "\\des", "\\deu", "\\dew", "\\det", "\\drds",
        "\\ddp", "\\dO", "\\df", "\\dT", "\\di", "\\dx", "\\dRp");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("List of foreign servers"), r.out());
  }

  /** psql's {@code \\copy (query) to 'file'}: COPY ... TO STDOUT, the file written by psql on the client's side. */
  @Test
  void copiesAQueryToAClientFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("customers.csv");
    ClientProcess.Result r = psql("\\copy (SELECT id, email FROM customers ORDER BY id) to '" + file + "' csv header");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = Files.readAllLines(file);
    assertEquals("id,email", lines.get(0));
    assertEquals(pg.emulator.data().list("customers").size() + 1, lines.size());
  }

  @Test
  void selectsOneCustomersCharges() throws Exception {
    List<ObjectNode> charges = pg.emulator.data().list("charges");
    String customer = charges.stream().map(o -> idOf(o.get("customer"))).filter(id -> id != null).findFirst()
        .orElseThrow();
    List<String> expected = new ArrayList<>();
    charges.stream().filter(o -> customer.equals(idOf(o.get("customer"))))
        .forEach(o -> expected.add(o.path("id").asText() + "|" + o.path("amount").asLong()));
    expected.sort(null);
    ClientProcess.Result r = psql("\\pset format unaligned", "\\pset tuples_only on",
        "SELECT id, amount FROM charges WHERE customer = '" + customer + "' ORDER BY id");
    assertEquals(0, r.exit(), r.err());
    List<String> actual = new ArrayList<>(List.of(r.out().strip().split("\n")));
    actual.removeIf(l -> l.startsWith("Output format") || l.startsWith("Tuples only"));
    assertEquals(expected, actual);
  }

  @Test
  void aggregatesWithGroupBy() throws Exception {
    Map<String, Long> expected = new TreeMap<>();
    pg.emulator.data().list("charges").forEach(o -> expected.merge(o.path("status").asText(), 1L, Long::sum));
    ClientProcess.Result r = psql("\\pset format unaligned", "\\pset tuples_only on",
        "SELECT status, count(*) AS n FROM charges GROUP BY status ORDER BY status");
    assertEquals(0, r.exit(), r.err());
    Map<String, Long> actual = new TreeMap<>();
    for (String line : r.out().strip().split("\n")) {
      String[] p = line.split("\\|");
      if (p.length == 2) {
        actual.put(p[0], Long.parseLong(p[1]));
      }
    }
    assertEquals(expected, actual);
  }

  @Test
  void unknownTableIsAnErrorWithItsSqlState() throws Exception {
    ClientProcess.Result r = psql("SELECT * FROM nosuchtable");
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.err().contains("ERROR:  42P01: relation \"nosuchtable\" does not exist"), r.err());
    assertTrue(r.err().contains("LINE 1: SELECT * FROM nosuchtable"), r.err());
  }
}
