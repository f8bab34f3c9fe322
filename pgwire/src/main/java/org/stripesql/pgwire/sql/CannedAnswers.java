package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.stripesql.pgwire.types.PgType;

/**
 * Answers for the few catalog queries of real clients that Calcite cannot run (a set-returning function
 * in a select list, {@code WITH ORDINALITY}, a record's field), recognised by a fragment only that query
 * has. Each asks about something the gateway has none of (triggers, policies, publications, keys,
 * indexes), so the answer is its columns and no rows.
 */
public final class CannedAnswers {
  /** The columns of an answer; it has no rows. */
  public record Answer(String what, List<String> names, List<PgType> types) {}

  private record Rule(Pattern fragment, Answer answer) {}

  private static final List<Rule> RULES = new ArrayList<>();

  static {
    rule("FROM pg_catalog\\.pg_policy pol", "psql \\d: row-level security policies",
        "polname", PgType.NAME, "polpermissive", PgType.BOOL, "array_to_string", PgType.TEXT,
        "pg_get_expr", PgType.TEXT, "pg_get_expr", PgType.TEXT, "cmd", PgType.TEXT);
    rule("FROM pg_catalog\\.pg_publication p\\s", "psql \\d: publications",
        "pubname", PgType.NAME, "?column?", PgType.TEXT, "?column?", PgType.TEXT);
    rule("FROM pg_catalog\\.pg_trigger t\\s", "psql \\d: triggers",
        "tgname", PgType.NAME, "pg_get_triggerdef", PgType.TEXT, "tgenabled", PgType.CHAR,
        "tgisinternal", PgType.BOOL, "parent", PgType.TEXT);
    rule("information_schema\\._pg_expandarray\\(con\\.conkey\\)", "pgJDBC getPrimaryKeys",
        "TABLE_CAT", PgType.NAME, "TABLE_SCHEM", PgType.NAME, "TABLE_NAME", PgType.NAME, "COLUMN_NAME", PgType.NAME,
        "KEY_SEQ", PgType.INT4, "PK_NAME", PgType.NAME);
    rule("information_schema\\._pg_expandarray\\(i\\.indkey\\)", "pgJDBC getIndexInfo",
        "TABLE_CAT", PgType.NAME, "TABLE_SCHEM", PgType.NAME, "TABLE_NAME", PgType.NAME, "NON_UNIQUE", PgType.BOOL,
        "INDEX_QUALIFIER", PgType.TEXT, "INDEX_NAME", PgType.NAME, "TYPE", PgType.INT4, "ORDINAL_POSITION",
        PgType.INT4, "COLUMN_NAME", PgType.TEXT, "ASC_OR_DESC", PgType.TEXT, "CARDINALITY", PgType.FLOAT4, "PAGES",
        PgType.INT4, "FILTER_CONDITION", PgType.TEXT, "REMARKS", PgType.TEXT);
    rule("generate_series\\(array_lower\\(conkey, 1\\), array_upper\\(conkey, 1\\)\\) as i",
        "psqlODBC SQLForeignKeys",
        "PKTABLE_CAT", PgType.NAME, "PKTABLE_SCHEM", PgType.NAME, "PKTABLE_NAME", PgType.NAME,
        "PKCOLUMN_NAME", PgType.NAME, "FKTABLE_CAT", PgType.NAME, "FKTABLE_SCHEM", PgType.NAME,
        "FKTABLE_NAME", PgType.NAME, "FKCOLUMN_NAME", PgType.NAME, "KEY_SEQ", PgType.INT2, "UPDATE_RULE",
        PgType.INT2, "DELETE_RULE", PgType.INT2, "FK_NAME", PgType.NAME, "PK_NAME", PgType.NAME,
        "DEFERRABILITY", PgType.INT2);
  }

  private CannedAnswers() {
  }

  private static void rule(String fragment, String what, Object... columns) {
    List<String> names = new ArrayList<>();
    List<PgType> types = new ArrayList<>();
    for (int i = 0; i < columns.length; i += 2) {
      names.add((String) columns[i]);
      types.add((PgType) columns[i + 1]);
    }
    RULES.add(new Rule(Pattern.compile(fragment), new Answer(what, names, types)));
  }

  /** The canned answer for {@code sql}, if it is one of the recognised queries. */
  public static Optional<Answer> find(String sql) {
    for (Rule r : RULES) {
      if (r.fragment().matcher(sql).find()) {
        return Optional.of(r.answer());
      }
    }
    return Optional.empty();
  }
}
