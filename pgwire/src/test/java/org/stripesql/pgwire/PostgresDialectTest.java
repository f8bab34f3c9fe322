package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** SQL as PostgreSQL clients write it: the spellings docs/postgres.md lists, over the simple protocol. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresDialectTest {
  private PgFixture pg;
  private Connection c;

  @BeforeAll
  void start() throws Exception {
    pg = PgFixture.start();
    c = pg.connect();
  }

  @AfterAll
  void stop() throws Exception {
    if (c != null) {
      c.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  /** The first row as text, with the column names first. */
  private List<String> row(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      rs.next();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        out.add(md.getColumnLabel(i) + "=" + rs.getString(i));
      }
    }
    return out;
  }

  @Test
  void functionsAndOperators() throws Exception {
    assertEquals(List.of("m=2025-12-01 00:00:00", "ym=2025-12"), row("SELECT date_trunc('month', TIMESTAMP"
        + " '2025-12-17 10:11:12') AS m, to_char(TIMESTAMP '2025-12-17 00:00:00', 'YYYY-MM') AS ym"));
    assertEquals(List.of("a=t", "b=t", "c=f", "d=t"),
        row("SELECT 'Stripe' ILIKE 's%' AS a, 'Stripe' ~* '^STR' AS b, 'x' !~ 'x' AS c, 'x' = ANY(ARRAY['x','y']) AS d"));
    assertEquals(List.of("a={1,2}", "e=x\ty", "dq=it's", "t=t"),
        row("SELECT ARRAY[1,2]::int8[] AS a, E'x\\ty' AS e, $$it's$$ AS dq, 't'::bool AS t"));
    assertEquals(List.of("count=3", "sum=6"), row("SELECT count(*), sum(n) FROM generate_series(1, 3) AS s(n)"));
  }

  /** A name cast to reg* is its OID, an OID cast to reg* its name ({@code 20::regtype} was "type 20 does not exist"). */
  @Test
  void regCastsBothWays() throws Exception {
    assertEquals(List.of("t=bigint", "o=20", "n=pg_catalog"),
        row("SELECT 20::regtype AS t, 'int8'::regtype::oid AS o, 11::regnamespace AS n"));
  }

  @Test
  void castsBindTighterThanComparisons() throws Exception {
    assertEquals(List.of("?column?=t", "i=5", "t=1"), row("SELECT 5 = '5'::int8, 5::int2 AS i, 1::text AS t"));
  }

  @Test
  void sessionFunctionsAreNamedAsInPostgres() throws Exception {
    assertEquals(List.of("current_user=alice", "current_schema=stripe", "current_database=stripe",
        "version=PostgreSQL 15.0 (stripe-sql: SQL over the Stripe API), compiled by Apache Calcite, 64-bit"),
        row("SELECT current_user, current_schema, current_database(), version()"));
  }

  @Test
  void booleanLiteralsAndTimestampsFilterStripeRows() throws Exception {
    long expected = pg.emulator.data().list("customers").stream().filter(o -> !o.path("delinquent").asBoolean())
        .count();
    assertEquals(List.of("count=" + expected), row("SELECT count(*) FROM customers WHERE delinquent = 'f'"));
    assertEquals(List.of("count=" + expected), row("SELECT count(*) FROM customers WHERE NOT delinquent"));
  }

  /**
   * Forms of psql 15's {@code \\d} and {@code \\dp}, which ran on canned answers keyed on their text: an array
   * compared with an array literal ({@code polroles = '{0}'}), {@code E''} strings concatenated with others,
   * a function in FROM {@code WITH ORDINALITY}.
   */
  @Test
  void formsOfPsqlsCatalogQueries() throws Exception {
    assertEquals(List.of("a=t", "b=t", "c=f"),
        row("SELECT ARRAY[0] = '{0}' AS a, ARRAY[1,2] <> '{1,3}' AS b, ARRAY['x'] = '{y}' AS c"));
    assertEquals(List.of("s=a\tbc"), row("SELECT E'a\\tb' || 'c' AS s"));
    assertEquals(List.of("v=7", "n=3"),
        row("SELECT v, n FROM generate_series(5, 7) WITH ORDINALITY AS g(v, n) ORDER BY n DESC LIMIT 1"));
    assertEquals(List.of("depth=1"), row("SELECT depth FROM pg_catalog.pg_partition_ancestors("
        + "'stripe.charges'::regclass) WITH ORDINALITY AS a(relid, depth)"));
  }

  /** PostgreSQL's undefined_function (42883), which clients test for; it was 42000 when the wording changed first. */
  @Test
  void anUnknownFunctionIs42883() throws Exception {
    try (Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT no_such_function(1, 'x')"));
      assertEquals("42883", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("function no_such_function("), e.getMessage());
    }
  }

  @Test
  void settingsAndShow() throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("SET application_name = 'dialect test'");
      try (ResultSet rs = s.executeQuery("SHOW application_name")) {
        rs.next();
        assertEquals("dialect test", rs.getString(1));
      }
      s.execute("SET search_path TO stripe, public");
    }
    assertEquals(List.of("setting=32"), row("SELECT setting FROM pg_settings WHERE name = 'max_index_keys'"));
  }
}
