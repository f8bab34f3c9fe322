package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pgJDBC's DatabaseMetaData, parameters and result metadata on the pom's version (the test class path) and on
 * older releases still common (target/pgjdbc, copied by the build: 42.2.28, 42.7.4), each loaded in its own class
 * loader. Each version sends its own catalog SQL; all must answer as PostgreSQL would, with the same tables and keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgJdbcVersionsTest {
  private static final Path OLDER = Path.of("target/pgjdbc");
  private PgFixture pg;
  private final List<URLClassLoader> loaders = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    pg = PgFixture.start();
  }

  @AfterAll
  void stop() throws Exception {
    for (URLClassLoader l : loaders) {
      l.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  /** "pom" for the class path's driver, else a jar of target/pgjdbc. */
  static Stream<String> versions() throws Exception {
    List<String> out = new ArrayList<>(List.of("pom"));
    if (Files.isDirectory(OLDER)) {
      try (Stream<Path> jars = Files.list(OLDER)) {
        jars.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().forEach(out::add);
      }
    }
    return out.stream();
  }

  private Connection connect(String version) throws Exception {
    Driver driver;
    if (version.equals("pom")) {
      driver = DriverManager.getDriver(pg.jdbcUrl());
    } else {
      Path jar = OLDER.resolve(version);
      assumeTrue(Files.isRegularFile(jar), jar + " is missing: the build copies it (maven-dependency-plugin)");
      URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
      loaders.add(loader);
      driver = (Driver) Class.forName("org.postgresql.Driver", true, loader).getDeclaredConstructor().newInstance();
    }
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", "");
    Connection c = driver.connect(pg.jdbcUrl(), p);
    if (!version.equals("pom")) {
      assertEquals(version.replace("postgresql-", "").replace(".jar", ""), c.getMetaData().getDriverVersion());
    }
    return c;
  }

  /** The values of {@code column} in the rows that {@code filter} keeps. */
  private static List<String> column(ResultSet rs, String column, Predicate<ResultSet> filter) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        if (filter.test(rs)) {
          out.add(rs.getString(column));
        }
      }
    }
    return out;
  }

  private static Predicate<ResultSet> where(String column, String value) {
    return rs -> {
      try {
        return value.equals(rs.getString(column));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  @ParameterizedTest(name = "pgJDBC {0}")
  @MethodSource("versions")
  void databaseMetaData(String version) throws Exception {
    TreeSet<String> expectedTables;
    try (Connection c = connect("pom")) {
      expectedTables = new TreeSet<>(column(c.getMetaData().getTables(null, "stripe", "%", new String[] {"TABLE"}),
          "TABLE_NAME", r -> true));
    }
    try (Connection c = connect(version)) {
      DatabaseMetaData md = c.getMetaData();
      assertTrue(md.getDatabaseProductVersion().startsWith("15"), md.getDatabaseProductVersion());
      assertTrue(column(md.getSchemas(), "TABLE_SCHEM", r -> true).contains("stripe"));
      assertEquals(List.of("stripe"), column(md.getCatalogs(), "TABLE_CAT", r -> true));
      assertTrue(column(md.getTableTypes(), "TABLE_TYPE", r -> true).contains("TABLE"));
      assertEquals(expectedTables, new TreeSet<>(column(md.getTables(null, "stripe", "%", new String[] {"TABLE"}),
          "TABLE_NAME", r -> true)));
      assertEquals(List.of("-5"), column(md.getColumns(null, "stripe", "charges", "amount"), "DATA_TYPE", r -> true));
      assertEquals(List.of("id"), column(md.getPrimaryKeys(null, "stripe", "charges"), "COLUMN_NAME", r -> true));
      assertEquals(List.of("charges_pkey"), column(md.getPrimaryKeys(null, "stripe", "charges"), "PK_NAME",
          r -> true));
      assertEquals(List.of("id"), column(md.getImportedKeys(null, "stripe", "charges"), "PKCOLUMN_NAME",
          where("FKCOLUMN_NAME", "customer")));
      assertTrue(column(md.getExportedKeys(null, "stripe", "customers"), "FKTABLE_NAME",
          where("FKCOLUMN_NAME", "customer")).contains("charges"));
      assertEquals(List.of("customer"), column(md.getCrossReference(null, "stripe", "customers", null, "stripe",
          "charges"), "FKCOLUMN_NAME", r -> true));
      assertEquals(List.of("id"), column(md.getIndexInfo(null, "stripe", "customers", true, true), "COLUMN_NAME",
          where("INDEX_NAME", "customers_pkey")));
      assertEquals(List.of("id"), column(md.getBestRowIdentifier(null, "stripe", "charges",
          DatabaseMetaData.bestRowSession, true), "COLUMN_NAME", r -> true));
      assertTrue(md.getSQLKeywords().contains("analyse"), md.getSQLKeywords());
      assertTrue(column(md.getTypeInfo(), "TYPE_NAME", r -> true).containsAll(List.of("int8", "text", "json")));
      column(md.getVersionColumns(null, "stripe", "charges"), "COLUMN_NAME", r -> true);
      column(md.getTablePrivileges(null, "stripe", "charges"), "PRIVILEGE", r -> true);
      column(md.getColumnPrivileges(null, "stripe", "charges", "%"), "PRIVILEGE", r -> true);
      column(md.getProcedures(null, "stripe", "%"), "PROCEDURE_NAME", r -> true);
      column(md.getUDTs(null, "stripe", "%", null), "TYPE_NAME", r -> true);
      column(md.getFunctions(null, "stripe", "%"), "FUNCTION_NAME", r -> true);
    }
  }

  @ParameterizedTest(name = "pgJDBC {0}")
  @MethodSource("versions")
  void parametersAndResultMetaData(String version) throws Exception {
    List<ObjectNode> charges = pg.emulator.data().list("charges");
    long open = charges.stream().filter(o -> List.of("pending", "failed").contains(o.path("status").asText())).count();
    try (Connection c = connect(version)) {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM charges WHERE status = ANY(?)")) {
        ps.setArray(1, c.createArrayOf("text", new Object[] {"pending", "failed"}));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(open, rs.getLong(1), "setArray's list, as IN");
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id, amount, created, paid FROM charges"
          + " WHERE created >= ? ORDER BY created LIMIT 1")) {
        ps.setObject(1, OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          // result columns carry no table OID (docs/postgres.md, Limits): no catalog query follows each result
          ResultSetMetaData rsmd = rs.getMetaData();
          assertEquals("int8", rsmd.getColumnTypeName(2));
          assertEquals("timestamp", rsmd.getColumnTypeName(3));
          assertEquals("bool", rsmd.getColumnTypeName(4));
          assertEquals(ResultSetMetaData.columnNullableUnknown, rsmd.isNullable(1));
          assertFalse(rsmd.isAutoIncrement(1));
        }
      }
    }
  }
}
