package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.server.ModelSource;

/**
 * The Python clients analysts use, as Debian packages them for Debian's interpreter ({@code /usr/bin/python3};
 * .ci/run installs them): psycopg2 and psycopg 3 with every parameter type, named cursors and COPY, SQLAlchemy's
 * inspector and reflection with pandas, pgcli's completion and backslash commands. Each script checks what it
 * gets (src/test/python) against figures computed here from the emulator's data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonClientsTest {
  /** Debian's interpreter: the python3 on PATH may be another build without Debian's packages. */
  static final String PYTHON = "/usr/bin/python3";
  private static final Path SCRIPTS = Path.of("src/test/python");
  private static final ObjectMapper JSON = new ObjectMapper();

  private PgFixture pg;
  private String expected;
  private int tables;

  @BeforeAll
  void start() throws Exception {
    pg = PgFixture.start();
    List<ObjectNode> charges = pg.emulator.data().list("charges");
    ObjectNode e = JSON.createObjectNode();
    for (String status : List.of("succeeded", "pending", "failed")) {
      e.put(status, charges.stream().filter(c -> c.path("status").asText().equals(status)).count());
    }
    e.put("total", charges.size());
    e.put("paid", charges.stream().filter(c -> c.path("paid").asBoolean()).count());
    e.put("customers", pg.emulator.data().list("customers").size());
    Set<String> customers = new HashSet<>();
    charges.forEach(c -> customers.add(idOf(c.get("customer"))));
    e.put("customers_with_charges", customers.size());
    List<Long> amounts = new ArrayList<>();
    charges.forEach(c -> amounts.add(c.path("amount").asLong()));
    amounts.sort(null);
    double at = 0.5 * (amounts.size() - 1);
    int below = (int) Math.floor(at);
    e.put("median_amount", amounts.get(below) + (at - below) * (amounts.get((int) Math.ceil(at)) - amounts.get(below)));
    e.putArray("two_charges").add(charges.get(3).path("id").asText()).add(charges.get(17).path("id").asText());
    expected = JSON.writeValueAsString(e);
    try (Connection c = DriverManager.getConnection(ModelSource.CALCITE_URL,
        PgFixture.model(pg.emulator).calciteProperties()); ResultSet rs = c.getMetaData().getTables(null, "stripe",
        "%", null)) {
      while (rs.next()) {
        tables++;
      }
    }
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

  /** Skips the test when Debian's interpreter or a module it needs is missing, naming the package. */
  private static void require(String module, String debianPackage) throws Exception {
    assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is missing: apt-get install python3 (.ci/run)");
    ClientProcess.Result r = ClientProcess.run(List.of(PYTHON, "-c", "import " + module), Map.of(), null);
    assumeTrue(r.exit() == 0, module + " is missing for " + PYTHON + ": apt-get install " + debianPackage
        + " (.ci/run installs it); skipping");
  }

  private void script(String name, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPTS.resolve(name).toString(), Integer.toString(pg.port())));
    cmd.addAll(List.of(args));
    ClientProcess.Result r = ClientProcess.run(cmd, Map.of("PYTHONDONTWRITEBYTECODE", "1"), null, 900);
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("ALL OK"), r.out() + r.err());
  }

  @Test
  void psycopg2() throws Exception {
    require("psycopg2", "python3-psycopg2");
    script("psycopg2_client.py", expected);
  }

  @Test
  void psycopg3() throws Exception {
    require("psycopg", "python3-psycopg");
    script("psycopg3_client.py", expected);
  }

  @Test
  void sqlalchemyAndPandas() throws Exception {
    require("sqlalchemy, pandas, psycopg2", "python3-sqlalchemy python3-pandas python3-psycopg2");
    script("sqlalchemy_client.py", Integer.toString(tables));
  }

  @Test
  void pgcli() throws Exception {
    require("pgcli.pgexecute, pgspecial", "pgcli");
    script("pgcli_client.py");
  }
}
