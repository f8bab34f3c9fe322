package org.stripesql.pgwire.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text rewrites before Calcite's parser, and statement splitting: never inside literals or comments. */
class TextRewriterTest {
  private static String rewrite(String sql) {
    return TextRewriter.rewrite(sql, null).sql();
  }

  @Test
  void parametersBecomeQuestionMarksInOrderAndRepeated() {
    TextRewriter.Rewritten r = TextRewriter.rewrite(
        "SELECT '$1' AS x, \"$2\" FROM t WHERE a = $2 AND b = $1 AND c = $2 -- $3", null);
    assertEquals("SELECT '$1' AS x, \"$2\" FROM t WHERE a = ? AND b = ? AND c = ? -- $3", r.sql());
    assertArrayEquals(new int[] {2, 1, 2}, r.order());
    assertEquals(2, r.parameterCount());
    assertEquals("SELECT CAST(? AS BIGINT)", TextRewriter.rewrite("SELECT $1", n -> "BIGINT").sql());
  }

  @Test
  void operatorAndCollateAreRemoved() {
    assertEquals("SELECT 1 FROM c WHERE c.relname  ~  '^(customers)$' ",
        rewrite("SELECT 1 FROM c WHERE c.relname OPERATOR(pg_catalog.~) '^(customers)$' COLLATE pg_catalog.default"));
    assertEquals("SELECT a  = 'x'", rewrite("SELECT a COLLATE \"C\" = 'x'"));
  }

  @Test
  void castsBindTighterThanOperators() {
    assertEquals("SELECT 1 WHERE d.classoid = ('pg_class'::regclass)",
        rewrite("SELECT 1 WHERE d.classoid = 'pg_class'::regclass"));
    assertEquals("SELECT ((c.reloftype::pg_catalog.regtype)::pg_catalog.text)",
        rewrite("SELECT c.reloftype::pg_catalog.regtype::pg_catalog.text"));
    assertEquals("SELECT (f(x, y)::text), (a[1]::int), (ARRAY[1,2]::int8 array), (CASE WHEN a THEN 1 END::text)",
        rewrite("SELECT f(x, y)::text, a[1]::int, ARRAY[1,2]::int8[], CASE WHEN a THEN 1 END::text"));
    assertEquals("SELECT ((a = b)::text), (x::double precision), (y::varchar(10)), (z::timestamp with time zone)",
        rewrite("SELECT (a = b)::text, x::double precision, y::varchar(10), z::timestamp with time zone"));
    assertEquals("SELECT a > (?::int8)", rewrite("SELECT a > $1::int8"));
  }

  @Test
  void splitsAtTopLevelSemicolonsOnly() {
    List<StatementText> p = SqlScanner.split("SET a = 'x;y';  SELECT $$;$$ /* ; */; show b;  ;");
    assertEquals(3, p.size());
    assertEquals("SET a = 'x;y'", p.get(0).sql());
    assertEquals("  SELECT $$;$$ /* ; */", p.get(1).sql());
    assertEquals(" show b", p.get(2).sql());
    assertEquals(14, p.get(1).offset());
    assertEquals(StatementText.of("  SELECT $$;$$ /* ; */").tokens(), p.get(1).tokens(), "tokens of the piece");
    assertEquals(List.of(), SqlScanner.split("  -- nothing\n ; "));
  }

  @Test
  void jsonOperatorsAndTimeZonesAreFunctions() {
    assertEquals("SELECT json_object_field_text(metadata, 'plan') FROM c", rewrite("SELECT metadata->>'plan' FROM c"));
    assertEquals("SELECT json_object_field_text(json_object_field(c.metadata ,  'a') ,  'b')",
        rewrite("SELECT c.metadata -> 'a' ->> 'b'"));
    assertEquals("SELECT json_path_text(m ,  '{a,b}'), json_object_field(m, 0)", rewrite("SELECT m #>> '{a,b}', m->0"));
    assertEquals("SELECT json_object_field_text(m, (?::text)) = 'x'", rewrite("SELECT m->>$1::text = 'x'"));
    assertEquals("SELECT timezone_at(created ,  'UTC')", rewrite("SELECT created at time zone 'UTC'"));
    assertEquals("SELECT timezone_to(timezone_at(c.created ,  'UTC') ,  'Europe/Paris')",
        rewrite("SELECT c.created AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Paris'"));
  }

  @Test
  void intervalsAndDatesInPostgresSpellings() {
    assertEquals("SELECT now() -  INTERVAL '30 00:00:00.000' DAY TO SECOND", rewrite("SELECT now() - interval '30 days'"));
    assertEquals("SELECT NOW() +  INTERVAL '-30 00:00:00.000' DAY TO SECOND", rewrite("SELECT NOW() + INTERVAL '-30 day'"));
    assertEquals("SELECT (INTERVAL '3 02:00:00.000' DAY TO SECOND)",
        rewrite("SELECT '3 days 7200.000000 seconds'::interval"));
    assertEquals("SELECT (INTERVAL '1-2' YEAR TO MONTH)", rewrite("SELECT '1 year 2 mons'::interval"));
    assertEquals("SELECT (INTERVAL '0 01:00:00.000' DAY TO SECOND )", rewrite("SELECT CAST('1 hour' AS interval)"));
    assertEquals("SELECT (CAST(? AS INTERVAL DAY TO SECOND))", rewrite("SELECT $1::interval"));
    assertEquals("SELECT INTERVAL '3' DAY", rewrite("SELECT INTERVAL '3' DAY"));
    assertEquals("SELECT TIMESTAMP '2026-01-01 00:00:00.000', DATE '2026-01-02'",
        rewrite("SELECT TIMESTAMP '2026-01-01T00:00:00', date '2026-01-02T10:00:00'"));
    assertEquals("SELECT TIMESTAMP '2025-12-31 19:00:00.000'",
        rewrite("SELECT timestamp with time zone '2026-01-01 00:00:00+05'"));
  }

  @Test
  void clausesCalciteWouldRefuse() {
    assertEquals("SELECT (SELECT 1) AS \"default\", CAST(x AS DATE)",
        rewrite("SELECT (SELECT 1) AS DEFAULT, CAST(x AS DATE)"));
    assertEquals("SELECT substring(x FROM 1 FOR 128)", rewrite("SELECT substring(x for 128)"));
    assertEquals("SELECT  pg_distinct_on(a, b) AS \"$distinct_on\", a, c FROM t",
        rewrite("SELECT DISTINCT ON (a, b) a, c FROM t"));
  }
}
