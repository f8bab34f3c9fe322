package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stripesql.emulator.RecordedRequest;

/**
 * Lists as clients send them: {@code = ANY(array)} and {@code <> ALL(array)} with PostgreSQL's array types
 * (literals, {@code '{a,b}'}, casts, parameters typed or not) mean what IN and NOT IN mean, and reach Stripe
 * as IN does (ids retrieved, references listed one value at a time). Each failed before (issue 23).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArraysTest {
  private PgFixture pg;
  private Connection c;

  @BeforeAll
  void start() throws Exception {
    pg = PgFixture.start(Map.of("MaxConcurrency", "1"));
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

  private String one(String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private long count(String status, boolean in) {
    return pg.emulator.data().list("charges").stream()
        .filter(o -> o.path("status").asText().equals(status) == in).count();
  }

  @Test
  void stringLiteralsAreTextNotPaddedChars() throws Exception {
    assertEquals("t", one("select 'a' = ANY(ARRAY['a','bb'])"));
    assertEquals("ax", one("select case when true then 'a' else 'bb' end || 'x'"));
  }

  @Test
  void anyIsInAndAllIsNotIn() throws Exception {
    long in = count("succeeded", true) + count("pending", true);
    long total = pg.emulator.data().list("charges").size();
    for (String list : List.of("ARRAY['succeeded','pending']", "'{succeeded,pending}'", "'{succeeded,pending}'::text[]",
        "'{\"succeeded\", pending}'::varchar[]")) {
      assertEquals(Long.toString(in), one("select count(*) from charges where status = ANY(" + list + ")"), list);
      assertEquals(Long.toString(total - in), one("select count(*) from charges where status <> ALL(" + list + ")"),
          list);
    }
    assertEquals("f", one("select 'a' = ANY('{}')"));
    assertEquals("t", one("select 'a' <> ALL('{}'::text[])"));
  }

  @Test
  void arrayLiteralsAndCasts() throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select '{a,\"b c\",NULL}'::text[], '{1,2}'::int8[], '{}'::int8[]")) {
      rs.next();
      assertEquals("_varchar", rs.getMetaData().getColumnTypeName(1));
      assertArrayEquals(new Object[] {"a", "b c", null}, (Object[]) rs.getArray(1).getArray());
      assertEquals("_int8", rs.getMetaData().getColumnTypeName(2));
      assertArrayEquals(new Long[] {1L, 2L}, (Object[]) rs.getArray(2).getArray());
      assertEquals("{}", rs.getString(3));
    }
  }

  @Test
  void arrayParametersTypedOrNot() throws Exception {
    long in = count("succeeded", true) + count("pending", true);
    try (PreparedStatement ps = c.prepareStatement("select count(*) from charges where status = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("text", new String[] {"succeeded", "pending"}));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(in, rs.getLong(1), "pgJDBC's setArray: text[]");
      }
    }
    try (PreparedStatement ps = c.prepareStatement("select count(*) from charges where status <> ALL(?)")) {
      ps.setObject(1, new String[] {"succeeded", "pending"});
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(pg.emulator.data().list("charges").size() - in, rs.getLong(1), "pgJDBC's setObject(String[])");
      }
    }
    long amounts = pg.emulator.data().list("charges").stream()
        .filter(o -> o.path("amount").asLong() == 100 || o.path("amount").asLong() == 200).count();
    try (PreparedStatement ps = c.prepareStatement("select count(*) from charges where amount = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("int8", new Long[] {100L, 200L}));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(amounts, rs.getLong(1), "int8[]");
      }
    }
    // node-postgres sends an array as untyped text
    for (String sql : List.of("select count(*) from charges where status = ANY($1)",
        "select count(*) from charges where amount = ANY($1)")) {
      try (RawPgClient raw = pg.raw()) {
        raw.parse("", sql, List.of(0));
        String value = sql.contains("status") ? "{succeeded,pending}" : "{100,200}";
        raw.bind("", "", List.of(), List.of(value.getBytes(StandardCharsets.UTF_8)), List.of());
        raw.execute("", 0);
        raw.sync();
        List<String> rows = new ArrayList<>();
        raw.untilReady().stream().filter(m -> m.type() == 'D').forEach(m -> rows.addAll(m.values()));
        assertEquals(List.of(Long.toString(sql.contains("status") ? in : amounts)), rows, sql);
      }
    }
  }

  private static String idOf(JsonNode ref) {
    return ref == null || ref.isNull() ? null : ref.isObject() ? ref.path("id").asText(null) : ref.asText();
  }

  /** The Stripe requests a statement makes: method, path and query. */
  private List<String> requests(SqlRun run) throws Exception {
    pg.emulator.requestLog().clear();
    run.run();
    List<String> out = new ArrayList<>();
    for (RecordedRequest r : pg.emulator.requestLog().requests()) {
      out.add(r.method() + " " + r.path() + " " + r.query());
    }
    out.sort(null);
    return out;
  }

  private interface SqlRun {
    void run() throws SQLException;
  }

  @Test
  void anyReachesStripeAsInDoes() throws Exception {
    List<ObjectNode> charges = pg.emulator.data().list("charges");
    String a = charges.get(3).path("id").asText();
    String b = charges.get(17).path("id").asText();
    List<String> customers = charges.stream().map(o -> idOf(o.get("customer"))).filter(x -> x != null).distinct()
        .limit(2).toList();
    List<String> retrieves = requests(() -> one("select count(*) from charges where id IN ('" + a + "', '" + b + "')"));
    assertEquals(2, retrieves.size(), retrieves.toString());
    assertEquals(retrieves, requests(() -> one("select count(*) from charges where id = ANY(ARRAY['" + a + "', '" + b
        + "'])")));
    assertEquals(retrieves, requests(() -> one("select count(*) from charges where id = ANY('{" + a + "," + b + "}')")));
    assertEquals(retrieves, requests(() -> {
      try (PreparedStatement ps = c.prepareStatement("select count(*) from charges where id = ANY(?)")) {
        ps.setArray(1, c.createArrayOf("text", new String[] {a, b}));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(2, rs.getLong(1));
        }
      }
    }));
    String in = "select id from charges where customer IN ('" + customers.get(0) + "', '" + customers.get(1) + "')";
    List<String> fanOut = requests(() -> one(in));
    assertEquals(2, fanOut.size(), fanOut.toString());
    assertEquals(fanOut, requests(() -> {
      try (PreparedStatement ps = c.prepareStatement("select id from charges where customer = ANY(?)")) {
        Array values = c.createArrayOf("varchar", customers.toArray(new String[0]));
        ps.setArray(1, values);
        ps.executeQuery().close();
      }
    }));
  }
}
