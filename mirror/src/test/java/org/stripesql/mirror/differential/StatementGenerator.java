package org.stripesql.mirror.differential;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ColumnType;
import org.stripesql.catalog.ForeignKey;
import org.stripesql.mirror.differential.Expressions.Column;
import org.stripesql.mirror.differential.Statement.Param;

/**
 * Random statements over a {@link Sample}: filters, projections, GROUP BY with aggregates, ORDER BY with
 * LIMIT and OFFSET, joins of child tables with their parents and of references with the tables they
 * name, some with parameters. Statement {@code i} of a seed is always the same statement over the same
 * sample, so a difference can be replayed from its seed and index.
 */
final class StatementGenerator {
  private final Sample sample;
  private final long seed;
  private final List<Sample.Table> tables = new ArrayList<>();
  private final List<Join> joins = new ArrayList<>();

  /** A join the catalog describes: {@code from.column = to.id}. */
  record Join(Sample.Table from, String column, Sample.Table to) {}

  StatementGenerator(Sample sample, long seed) {
    this.sample = sample;
    this.seed = seed;
    for (Sample.Table t : sample.tables()) {
      if (t.rows() > 0) {
        tables.add(t);
      }
    }
    for (Sample.Table t : tables) {
      if (t.def().parent() != null) {
        addJoin(t, t.def().parent().column(), t.def().parent().table());
      }
      for (ForeignKey fk : t.def().foreignKeys()) {
        addJoin(t, fk.column(), fk.table());
      }
    }
  }

  private void addJoin(Sample.Table from, String column, String table) {
    Sample.Table to = sample.table(table);
    if (to != null && to.rows() > 0 && !from.values(column).isEmpty() && to.def().columnIndex("id") >= 0) {
      joins.add(new Join(from, column, to));
    }
  }

  /** Statement {@code index} of this generator's seed. */
  Statement statement(int index) {
    Random random = new Random(seed * 1_000_003L + index);
    List<Param> params = new ArrayList<>();
    Expressions e = new Expressions(random, params, random.nextInt(10) < 3);
    int shape = random.nextInt(100);
    Statement s;
    if (shape < 30) {
      s = filter(random, e, params);
    } else if (shape < 50) {
      s = aggregate(random, e, params);
    } else if (shape < 72) {
      s = orderLimit(random, e, params);
    } else if (shape < 94 && !joins.isEmpty()) {
      s = join(random, e, params);
    } else {
      s = projection(random, e, params);
    }
    return s;
  }

  private Statement filter(Random random, Expressions e, List<Param> params) {
    Sample.Table t = table(random);
    List<String> select = new ArrayList<>();
    select.add(column(random, t, "t").ref());
    for (int i = random.nextInt(3); i > 0; i--) {
      select.add(column(random, t, "t").ref());
    }
    return new Statement("SELECT " + String.join(", ", select) + " FROM " + Sql.ident(t.name()) + " t WHERE "
        + where(random, e, t, "t"), params, false);
  }

  private Statement projection(Random random, Expressions e, List<Param> params) {
    Sample.Table t = table(random);
    List<String> select = new ArrayList<>();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      select.add(e.projection(column(random, t, "t")));
    }
    String where = random.nextBoolean() ? " WHERE " + where(random, e, t, "t") : "";
    return new Statement("SELECT " + String.join(", ", select) + " FROM " + Sql.ident(t.name()) + " t" + where,
        params, false);
  }

  private Statement aggregate(Random random, Expressions e, List<Param> params) {
    Sample.Table t = table(random);
    List<String> keys = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      keys.add(e.groupKey(groupable(random, t, "t")));
    }
    List<String> select = new ArrayList<>(keys);
    select.add("COUNT(*)");
    for (int i = 1 + random.nextInt(2); i > 0; i--) {
      select.add(e.aggregate(column(random, t, "t")));
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select)).append(" FROM ")
        .append(Sql.ident(t.name())).append(" t");
    if (random.nextBoolean()) {
      sql.append(" WHERE ").append(where(random, e, t, "t"));
    }
    boolean ordered = false;
    if (!keys.isEmpty()) {
      sql.append(" GROUP BY ").append(String.join(", ", keys));
      if (random.nextInt(4) == 0) {
        sql.append(" HAVING COUNT(*) > 1");
      }
      if (random.nextBoolean()) {
        List<String> order = new ArrayList<>();
        for (int i = 1; i <= keys.size(); i++) {
          order.add(i + direction(random));
        }
        sql.append(" ORDER BY ").append(String.join(", ", order)).append(" LIMIT ").append(1 + random.nextInt(8));
        ordered = true;
      }
    }
    return new Statement(sql.toString(), params, ordered);
  }

  private Statement orderLimit(Random random, Expressions e, List<Param> params) {
    Sample.Table t = table(random);
    List<String> keys = new ArrayList<>();
    for (int i = 1 + random.nextInt(2); i > 0; i--) {
      Column c = random.nextInt(4) == 0 ? column(random, t, "t") : groupable(random, t, "t");
      keys.add((random.nextInt(4) == 0 ? e.projection(c) : c.ref()) + direction(random));
    }
    String where = random.nextInt(3) == 0 ? " WHERE " + where(random, e, t, "t") : "";
    String limit = " LIMIT " + (1 + random.nextInt(20)) + (random.nextInt(3) == 0 ? " OFFSET " + random.nextInt(10)
        : "");
    List<String> pk = t.def().primaryKey();
    int variant = random.nextInt(3);
    if (variant == 0 && !pk.isEmpty()) {
      // a total order: the keys, then the primary key
      List<String> select = new ArrayList<>(List.of(column(random, t, "t").ref(), column(random, t, "t").ref()));
      List<String> order = new ArrayList<>(keys);
      pk.forEach(k -> order.add("t." + Sql.ident(k) + direction(random)));
      pk.forEach(k -> select.add("t." + Sql.ident(k)));
      return new Statement("SELECT " + String.join(", ", select) + " FROM " + Sql.ident(t.name()) + " t" + where
          + " ORDER BY " + String.join(", ", order) + limit, params, true);
    }
    List<String> select = new ArrayList<>();
    for (String k : keys) {
      select.add(k.replaceAll(" (ASC|DESC)( NULLS (FIRST|LAST))?$", ""));
    }
    if (variant == 1) {
      // only the keys are selected: which rows tie does not show, their values are determined
      return new Statement("SELECT " + String.join(", ", select) + " FROM " + Sql.ident(t.name()) + " t" + where
          + " ORDER BY " + String.join(", ", keys) + limit, params, true);
    }
    select.add(column(random, t, "t").ref());
    return new Statement("SELECT " + String.join(", ", select) + " FROM " + Sql.ident(t.name()) + " t" + where
        + " ORDER BY " + String.join(", ", keys), params, false);
  }

  private Statement join(Random random, Expressions e, List<Param> params) {
    Join j = joins.get(random.nextInt(joins.size()));
    boolean left = random.nextInt(3) == 0;
    String from = Sql.ident(j.from().name()) + " c " + (left ? "LEFT JOIN " : "JOIN ") + Sql.ident(j.to().name())
        + " p ON c." + Sql.ident(j.column()) + " = p.\"id\"";
    List<String> where = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      where.add(random.nextBoolean() ? e.predicate(column(random, j.from(), "c")) : e.predicate(column(random, j.to(),
          "p")));
    }
    String whereSql = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    if (random.nextInt(3) == 0) {
      String key = e.groupKey(groupable(random, j.to(), "p"));
      return new Statement("SELECT " + key + ", COUNT(*), " + e.aggregate(column(random, j.from(), "c")) + " FROM "
          + from + whereSql + " GROUP BY " + key, params, false);
    }
    List<String> select = new ArrayList<>(List.of("c." + Sql.ident(j.column()), column(random, j.from(), "c").ref(),
        column(random, j.to(), "p").ref()));
    return new Statement("SELECT " + String.join(", ", select) + " FROM " + from + whereSql, params, false);
  }

  private String where(Random random, Expressions e, Sample.Table t, String alias) {
    String p = e.predicate(column(random, t, alias));
    for (int i = random.nextInt(3); i > 0; i--) {
      String q = e.predicate(column(random, t, alias));
      p = switch (random.nextInt(5)) {
        case 0 -> "(" + p + " OR " + q + ")";
        case 1 -> p + " AND NOT (" + q + ")";
        default -> p + " AND " + q;
      };
    }
    return p;
  }

  private static String direction(Random random) {
    return switch (random.nextInt(6)) {
      case 0, 1 -> "";
      case 2 -> " DESC";
      case 3 -> " ASC";
      case 4 -> " DESC NULLS LAST";
      default -> " NULLS FIRST";
    };
  }

  private Sample.Table table(Random random) {
    return tables.get(random.nextInt(tables.size()));
  }

  /** A column of the table, mostly one that holds values. */
  private static Column column(Random random, Sample.Table t, String alias) {
    List<ApiColumn> cols = t.columns();
    List<ApiColumn> filled = cols.stream().filter(c -> !t.values(c.name()).isEmpty()).toList();
    List<ApiColumn> from = filled.isEmpty() || random.nextInt(8) == 0 ? cols : filled;
    return new Column(alias, from.get(random.nextInt(from.size())), t);
  }

  /** A column with few distinct values (an enum, a flag, a currency, a time), else any column. */
  private static Column groupable(Random random, Sample.Table t, String alias) {
    Set<ApiColumn> few = new LinkedHashSet<>();
    for (ApiColumn c : t.columns()) {
      int n = t.values(c.name()).size();
      boolean time = c.type() == ColumnType.TIMESTAMP || c.type() == ColumnType.JSON;
      if (n > 0 && (n < 12 || time)) {
        few.add(c);
      }
    }
    if (few.isEmpty()) {
      return column(random, t, alias);
    }
    List<ApiColumn> list = new ArrayList<>(few);
    return new Column(alias, list.get(random.nextInt(list.size())), t);
  }
}
