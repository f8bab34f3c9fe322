package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stripesql.pgwire.catalog.CatalogSnapshot;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Constraint;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Relation;
import org.stripesql.pgwire.types.PgType;

/**
 * Answers for the few catalog queries of real clients that Calcite cannot run (a set-returning function
 * in a select list, {@code WITH ORDINALITY}, a record's field), recognised by a fragment only that query
 * has: psql's triggers, policies and publications (none: no rows), pgJDBC's primary keys and index info
 * and psqlODBC's foreign keys (computed from the catalog's keys, filtered by the query's schema and table).
 */
public final class CannedAnswers {
  /** The rows of an answer from the catalog and the query's equalities ({@code relname} to its value). */
  interface Rows {
    List<Object[]> rows(CatalogSnapshot snapshot, Map<String, String> equalities);
  }

  /** The columns of an answer, and its rows. */
  public record Answer(String what, List<String> names, List<PgType> types, Rows source) {
    /** The rows for {@code sql} run with {@code parameters} (the values of {@code $1..$n}). */
    public List<Object[]> rows(CatalogSnapshot snapshot, String sql, Object[] parameters) {
      return source.rows(snapshot, equalities(sql, parameters));
    }
  }

  private record Rule(Pattern fragment, Answer answer) {}

  /** {@code alias.column = $n} or {@code column = 'text'}: the column, and the literal or parameter. */
  private static final Pattern EQUALITY = Pattern.compile(
      "(?<![\\w.$])(?:\\w+\\.)?(\\w+)\\s*=\\s*(\\$\\d+|'(?:[^']|'')*')");

  private static final Rows NONE = (s, e) -> List.of();
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
  }

  private CannedAnswers() {
  }

  private static void rule(String fragment, String what, Object... columns) {
    rule(fragment, what, NONE, columns);
  }

  private static void rule(String fragment, String what, Rows rows, Object... columns) {
    List<String> names = new ArrayList<>();
    List<PgType> types = new ArrayList<>();
    for (int i = 0; i < columns.length; i += 2) {
      names.add((String) columns[i]);
      types.add((PgType) columns[i + 1]);
    }
    RULES.add(new Rule(Pattern.compile(fragment), new Answer(what, names, types, rows)));
  }

  /** The query's equalities: column name to value, parameters resolved (the first of each column). */
  static Map<String, String> equalities(String sql, Object[] parameters) {
    Map<String, String> out = new HashMap<>();
    Matcher m = EQUALITY.matcher(sql);
    while (m.find()) {
      String v = m.group(2);
      String value;
      if (v.startsWith("$")) {
        int n = Integer.parseInt(v.substring(1));
        value = n >= 1 && n <= parameters.length && parameters[n - 1] != null ? parameters[n - 1].toString() : null;
      } else {
        value = v.substring(1, v.length() - 1).replace("''", "'");
      }
      if (value != null) {
        out.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), value);
      }
    }
    return out;
  }

  private static boolean matches(Map<String, String> eq, Relation table) {
    String schema = eq.get("nspname");
    String name = eq.get("relname");
    return (schema == null || schema.equals(table.namespace().name())) && (name == null || name.equals(table.name()));
  }

  private static List<Object[]> primaryKeys(CatalogSnapshot s, Map<String, String> eq) {
    List<Object[]> rows = new ArrayList<>();
    for (Constraint c : s.constraints()) {
      if (c.type() != 'p' || !matches(eq, c.table())) {
        continue;
      }
      for (int k = 0; k < c.columns().size(); k++) {
        rows.add(new Object[] {CatalogSnapshot.DATABASE, c.table().namespace().name(), c.table().name(),
            s.columnNames(c.table(), List.of(c.columns().get(k))), k + 1, c.name()});
      }
    }
    rows.sort(Comparator.comparing((Object[] r) -> (String) r[2]).thenComparing(r -> (String) r[5])
        .thenComparing(r -> (Integer) r[4]));
    return rows;
  }

  private static List<Object[]> indexInfo(CatalogSnapshot s, Map<String, String> eq) {
    List<Object[]> rows = new ArrayList<>();
    for (Constraint c : s.constraints()) {
      if (c.type() != 'p' || !matches(eq, c.table())) {
        continue;
      }
      for (int k = 0; k < c.columns().size(); k++) {
        rows.add(new Object[] {CatalogSnapshot.DATABASE, c.table().namespace().name(), c.table().name(), false,
            null, c.name(), 3, k + 1, s.columnNames(c.table(), List.of(c.columns().get(k))), "A", 0f, 0, null, null});
      }
    }
    rows.sort(Comparator.comparing((Object[] r) -> (String) r[5]).thenComparing(r -> (Integer) r[7]));
    return rows;
  }

  private static List<Object[]> foreignKeys(CatalogSnapshot s, Map<String, String> eq) {
    List<Object[]> rows = new ArrayList<>();
    for (Constraint c : s.constraints()) {
      if (c.type() != 'f' || !matches(eq, c.table())) {
        continue;
      }
      String pkName = c.target().name() + "_pkey";
      rows.add(new Object[] {CatalogSnapshot.DATABASE, c.target().namespace().name(), c.target().name(),
          s.columnNames(c.target(), c.targetColumns()), CatalogSnapshot.DATABASE, c.table().namespace().name(),
          c.table().name(), s.columnNames(c.table(), c.columns()), (short) 1, (short) 3, (short) 3, c.name(), pkName,
          (short) 7});
    }
    return rows;
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
