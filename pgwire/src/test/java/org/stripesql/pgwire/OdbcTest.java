package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * psqlODBC through unixODBC against the endpoint, with a DSN-less connection string: isql, and a small C
 * client (src/test/c/odbc_client.c, built here with gcc) for SQLTables, SQLColumns, SQLPrimaryKeys,
 * SQLForeignKeys, a prepared statement with bound parameters and a large result fetched in full.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OdbcTest {
  private static final List<Path> DRIVERS = List.of(Path.of("/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so"),
      Path.of("/usr/lib/aarch64-linux-gnu/odbc/psqlodbcw.so"), Path.of("/usr/lib/odbc/psqlodbcw.so"),
      Path.of("/usr/local/lib/psqlodbcw.so"));
  private PgFixture pg;
  private String isql;
  private Path client;
  private String connection;

  @BeforeAll
  void start() throws Exception {
    isql = ClientProcess.require("isql", "apt-get install unixodbc");
    String gcc = ClientProcess.require("gcc", "apt-get install gcc");
    Path driver = DRIVERS.stream().filter(Files::exists).findFirst().orElse(null);
    assumeTrue(driver != null, "psqlODBC is not installed: apt-get install odbc-postgresql (.ci/run installs it);"
        + " skipping");
    assumeTrue(Files.exists(Path.of("/usr/include/sql.h")), "the ODBC headers are not installed: apt-get install"
        + " unixodbc-dev (.ci/run installs them); skipping");
    client = Path.of("target", "odbc_client").toAbsolutePath();
    ClientProcess.Result built = ClientProcess.run(List.of(gcc, "-o", client.toString(),
        Path.of("src", "test", "c", "odbc_client.c").toAbsolutePath().toString(), "-lodbc"), Map.of(), null);
    assertEquals(0, built.exit(), built.err());
    pg = PgFixture.start();
    connection = "Driver=" + driver + ";Server=127.0.0.1;Port=" + pg.port() + ";Database=stripe;Uid=alice;Pwd=x;";
  }

  @AfterAll
  void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  private ClientProcess.Result odbc(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(client.toString(), connection));
    cmd.addAll(List.of(args));
    return ClientProcess.run(cmd, Map.of(), null);
  }

  private static List<String> lines(String out) {
    List<String> l = new ArrayList<>();
    for (String s : out.split("\n")) {
      if (!s.isBlank()) {
        l.add(s.strip());
      }
    }
    return l;
  }

  private static String idOf(JsonNode ref) {
    return ref == null || ref.isNull() ? null : ref.isObject() ? ref.path("id").asText(null) : ref.asText();
  }

  @Test
  void isqlConnectsListsTablesAndQueries() throws Exception {
    ClientProcess.Result help = ClientProcess.run(List.of(isql, "-k", connection, "-b"), Map.of(), "help\n");
    assertEquals(0, help.exit(), help.out() + help.err());
    assertTrue(help.out().contains("| customers"), help.out());
    ClientProcess.Result columns = ClientProcess.run(List.of(isql, "-k", connection, "-b"), Map.of(),
        "help charges\n");
    assertTrue(columns.out().contains("| amount"), columns.out());
    ClientProcess.Result count = ClientProcess.run(List.of(isql, "-k", connection, "-b", "-d|"), Map.of(),
        "SELECT count(*) FROM customers\n");
    assertEquals(0, count.exit(), count.out() + count.err());
    assertTrue(count.out().contains(Integer.toString(pg.emulator.data().list("customers").size())), count.out());
  }

  @Test
  void sqlTablesListsTheStripeTables() throws Exception {
    ClientProcess.Result r = odbc("tables");
    assertEquals(0, r.exit(), r.err());
    List<String> tables = lines(r.out());
    assertTrue(tables.contains("customers") && tables.contains("charges") && tables.contains("invoices"), r.out());
    assertTrue(tables.size() > 50, r.out());
  }

  @Test
  void sqlColumnsTypesTheColumns() throws Exception {
    ClientProcess.Result r = odbc("columns", "customers");
    assertEquals(0, r.exit(), r.err());
    List<String> cols = lines(r.out());
    assertTrue(cols.contains("id|12|varchar"), r.out());
    assertTrue(cols.contains("balance|-5|int8"), r.out());
    assertTrue(cols.contains("created|93|timestamp"), r.out());
    assertTrue(cols.contains("metadata|12|json"), r.out());
  }

  @Test
  void primaryAndForeignKeys() throws Exception {
    ClientProcess.Result pk = odbc("pkeys", "charges");
    assertEquals(0, pk.exit(), pk.err());
    assertEquals(List.of("id|1|charges_pkey"), lines(pk.out()));
    ClientProcess.Result fk = odbc("fkeys", "charges");
    assertEquals(0, fk.exit(), fk.err());
    assertTrue(lines(fk.out()).contains("customer|customers|id"), fk.out());
  }

  @Test
  void preparedStatementWithBoundParameters() throws Exception {
    List<ObjectNode> charges = pg.emulator.data().list("charges");
    String customer = charges.stream().map(o -> idOf(o.get("customer"))).filter(id -> id != null).findFirst()
        .orElseThrow();
    List<String> expected = new ArrayList<>();
    charges.stream().filter(o -> customer.equals(idOf(o.get("customer")))).filter(o -> o.path("amount").asLong() >= 1000)
        .forEach(o -> expected.add(o.path("id").asText() + "|" + o.path("amount").asLong()));
    expected.sort(null);
    List<String> twice = new ArrayList<>(expected);
    twice.add("--");
    twice.addAll(expected);
    twice.add("--");
    ClientProcess.Result r = odbc("param", customer, "1000");
    assertEquals(0, r.exit(), r.err());
    assertEquals(twice, lines(r.out()));
  }

  @Test
  void largeResultFetchedInFull() throws Exception {
    ClientProcess.Result r = odbc("count", "SELECT ch.id, cu.id FROM charges ch CROSS JOIN customers cu LIMIT 20000");
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of("20000"), lines(r.out()));
  }

  @Test
  void errorsCarryTheirSqlState() throws Exception {
    ClientProcess.Result r = odbc("count", "SELECT * FROM nosuchtable");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("SQLSTATE 42P01"), r.err());
  }
}
