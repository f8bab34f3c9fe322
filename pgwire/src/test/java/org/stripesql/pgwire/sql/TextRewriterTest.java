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
}
