package org.stripesql.mirror.differential;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ColumnType;
import org.stripesql.mirror.differential.Statement.Param;
import org.stripesql.mirror.differential.Statement.Setter;

/**
 * Random predicates and expressions over one column, of the kinds where SQL engines tend to disagree:
 * string comparison and LIKE, casts, integer and decimal arithmetic, JSON_VALUE, time arithmetic and
 * truncation, parameters bound with a driver's setters. Values come from the column's sampled data
 * (sometimes changed a little: a prefix, another case, a trailing space, the empty string).
 */
final class Expressions {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Random random;
  private final List<Param> params;
  private final boolean parameters;

  /** {@code parameters}: whether literals may become {@code ?} (bound into {@code params}). */
  Expressions(Random random, List<Param> params, boolean parameters) {
    this.random = random;
    this.params = params;
    this.parameters = parameters;
  }

  /** A column of a table in a statement: its alias-qualified reference and its sampled values. */
  record Column(String alias, ApiColumn def, Sample.Table table) {
    String ref() {
      return alias + "." + Sql.ident(def.name());
    }

    ColumnType type() {
      return def.type();
    }

    List<Object> values() {
      return table.values(def.name());
    }
  }

  /** A boolean condition on the column. */
  String predicate(Column c) {
    return switch (c.type()) {
      case VARCHAR -> stringPredicate(c);
      case BIGINT -> bigintPredicate(c);
      case DOUBLE -> doublePredicate(c);
      case DECIMAL -> decimalPredicate(c);
      case BOOLEAN -> booleanPredicate(c);
      case TIMESTAMP -> timestampPredicate(c);
      case JSON -> jsonPredicate(c);
    };
  }

  /** A value computed from the column, for a select list. */
  String projection(Column c) {
    String x = c.ref();
    if (random.nextInt(3) == 0) {
      return x;
    }
    return switch (c.type()) {
      case VARCHAR -> oneOf("UPPER(" + x + ")", "LOWER(" + x + ")", "SUBSTRING(" + x + " FROM 2 FOR 4)",
          "CHAR_LENGTH(" + x + ")", x + " || '!'", "CAST(" + x + " AS VARCHAR(5))", "TRIM(" + x + ")",
          "COALESCE(" + x + ", '-')", "CASE WHEN " + x + " IS NULL THEN 'none' ELSE 'some' END",
          "CASE WHEN " + x + " = " + Sql.literal(string(c)) + " THEN 'a' ELSE 'bcd' END", "LEFT(" + x + ", 3)",
          "REPLACE(" + x + ", 'a', 'b')", "POSITION('a' IN " + x + ")", "CAST(" + x + " AS CHAR(4))");
      case BIGINT -> oneOf(x + " + 1", x + " * 2", x + " / 3", "MOD(" + x + ", 7)", "CAST(" + x + " AS DOUBLE) / 3",
          "CAST(" + x + " AS VARCHAR)", "CAST(" + x + " AS DECIMAL(20, 2))", x + " / 2.0", "ABS(" + x + ")", "-" + x,
          "CAST(" + x + " AS INTEGER)", x + " * 1000000000000");
      case DOUBLE -> oneOf(x + " * 2", "ROUND(" + x + ", 1)", "CAST(" + x + " AS BIGINT)", "CAST(" + x + " AS VARCHAR)",
          "CAST(" + x + " AS DECIMAL(10, 2))", "FLOOR(" + x + ")", "CEIL(" + x + ")", x + " / 3");
      case DECIMAL -> oneOf(x + " * 2", x + " / 3", x + " + 1", "CAST(" + x + " AS BIGINT)", "CAST(" + x + " AS VARCHAR)",
          "CAST(" + x + " AS DOUBLE)", "ROUND(" + x + ", 2)", "FLOOR(" + x + ")");
      case BOOLEAN -> oneOf("NOT " + x, "CAST(" + x + " AS VARCHAR)", "CASE WHEN " + x + " THEN 'y' ELSE 'n' END",
          x + " IS TRUE");
      case TIMESTAMP -> oneOf("CAST(" + x + " AS DATE)", "CAST(" + x + " AS VARCHAR)", "EXTRACT(YEAR FROM " + x + ")",
          "EXTRACT(DOW FROM " + x + ")", "FLOOR(" + x + " TO DAY)", "FLOOR(" + x + " TO WEEK)",
          "DATE_TRUNC('month', " + x + ")", x + " + INTERVAL '1' DAY", "TIMESTAMPADD(MONTH, 1, " + x + ")",
          "TIMESTAMPDIFF(DAY, " + x + ", " + Sql.timestamp(timestamp(c)) + ")",
          "TIMESTAMPDIFF(MONTH, " + x + ", " + Sql.timestamp(timestamp(c)) + ")", "EXTRACT(EPOCH FROM " + x + ")");
      case JSON -> {
        String path = jsonPath(c);
        yield oneOf("JSON_VALUE(" + x + ", '" + path + "')", "CHAR_LENGTH(" + x + ")",
            "JSON_VALUE(" + x + ", '" + path + "') || ''", "JSON_VALUE(" + x + ", 'strict " + path + "')");
      }
    };
  }

  /** A low-cardinality value of the column to group by. */
  String groupKey(Column c) {
    String x = c.ref();
    return switch (c.type()) {
      case TIMESTAMP -> oneOf("CAST(" + x + " AS DATE)", "EXTRACT(YEAR FROM " + x + ")", "FLOOR(" + x + " TO MONTH)",
          "DATE_TRUNC('year', " + x + ")");
      case JSON -> "JSON_VALUE(" + x + ", '" + jsonPath(c) + "')";
      case BIGINT -> oneOf(x, x + " / 1000", "MOD(" + x + ", 3)");
      case DOUBLE, DECIMAL -> oneOf(x, "FLOOR(" + x + ")");
      default -> x;
    };
  }

  /** An aggregate over the column. */
  String aggregate(Column c) {
    String x = c.ref();
    List<String> any = new ArrayList<>(List.of("COUNT(" + x + ")", "COUNT(DISTINCT " + x + ")", "MIN(" + x + ")",
        "MAX(" + x + ")"));
    switch (c.type()) {
      case BIGINT, DOUBLE, DECIMAL -> any.addAll(List.of("SUM(" + x + ")", "AVG(" + x + ")", "SUM(" + x + ") / COUNT(*)",
          "MAX(" + x + ") - MIN(" + x + ")"));
      case BOOLEAN -> any.add("SUM(CASE WHEN " + x + " THEN 1 ELSE 0 END)");
      case VARCHAR -> any.add("MIN(CHAR_LENGTH(" + x + "))");
      case JSON -> any.add("MAX(JSON_VALUE(" + x + ", '" + jsonPath(c) + "'))");
      default -> { }
    }
    return any.get(random.nextInt(any.size()));
  }

  private String stringPredicate(Column c) {
    String x = c.ref();
    String v = string(c);
    String w = string(c);
    return switch (random.nextInt(22)) {
      case 0, 1 -> x + " = " + param(Setter.STRING, v);
      case 2 -> x + " <> " + Sql.string(v);
      case 3 -> x + " IN (" + param(Setter.STRING, v) + ", " + param(Setter.STRING, w) + ", 'zz_none')";
      case 4 -> x + " NOT IN (" + Sql.string(v) + ", " + Sql.string(w) + ")";
      case 5 -> x + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      case 6 -> x + oneOf(" > ", " <= ", " < ", " >= ") + param(Setter.STRING, v);
      case 7 -> x + " BETWEEN " + Sql.string(min(v, w)) + " AND " + Sql.string(max(v, w));
      case 8 -> x + " LIKE " + Sql.string(prefix(v) + "%");
      case 9 -> x + " LIKE " + Sql.string("%" + middle(v) + "%");
      case 10 -> x + " LIKE " + Sql.string("_" + (v.length() > 1 ? v.substring(1) : ""));
      case 11 -> x + " LIKE " + Sql.string(prefix(v).replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%")
          + "%") + " ESCAPE '\\'";
      case 12 -> oneOf("UPPER(", "LOWER(") + x + ") = " + Sql.string(random.nextBoolean()
          ? v.toUpperCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT));
      case 13 -> "CHAR_LENGTH(" + x + ") > " + random.nextInt(Math.max(1, v.length() + 2));
      case 14 -> "SUBSTRING(" + x + " FROM 1 FOR 3) = " + Sql.string(v.length() > 3 ? v.substring(0, 3) : v);
      case 15 -> {
        int n = Math.max(1, v.length() / 2);
        yield "CAST(" + x + " AS VARCHAR(" + n + ")) = " + Sql.string(v.substring(0, Math.min(n, v.length())));
      }
      case 16 -> x + " = " + param(Setter.STRING, oneOf(v + " ", "", " " + v));
      case 17 -> "COALESCE(" + x + ", 'none') = 'none'";
      case 18 -> x + " || '-x' = " + Sql.string(v + "-x");
      case 19 -> x + " ILIKE " + Sql.string(prefix(v).toUpperCase(Locale.ROOT) + "%");
      case 20 -> "TRIM(" + x + ") = " + Sql.string(v.trim());
      default -> x + " NOT LIKE " + Sql.string(prefix(v) + "%");
    };
  }

  private String bigintPredicate(Column c) {
    String x = c.ref();
    long v = number(c).longValue();
    long w = number(c).longValue();
    return switch (random.nextInt(16)) {
      case 0, 1 -> x + " = " + longParam(v);
      case 2 -> x + oneOf(" > ", " <= ", " <> ") + longParam(v);
      case 3 -> x + " BETWEEN " + Math.min(v, w) + " AND " + Math.max(v, w);
      case 4 -> x + " IN (" + v + ", " + w + ", 0)";
      case 5 -> x + " + 1 > " + v;
      case 6 -> x + " * 2 >= " + v;
      case 7 -> x + " / 3 = " + (v / 3);
      case 8 -> "MOD(" + x + ", 7) = " + Math.floorMod(v, 7);
      case 9 -> x + " * 1000000000000 > 0";
      case 10 -> "CAST(" + x + " AS DOUBLE) / 3 > " + (v / 3.0) + "E0";
      case 11 -> "CAST(" + x + " AS VARCHAR) = " + Sql.string(Long.toString(v));
      case 12 -> x + oneOf(" = 1.5", " > 1.5E3", " < 100.25", " = 100.0");
      case 13 -> "ABS(" + x + " - " + v + ") < 100";
      case 14 -> x + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      default -> "CAST(" + x + " AS VARCHAR(2)) = " + Sql.string(Long.toString(v).substring(0, Math.min(2,
          Long.toString(v).length())));
    };
  }

  private String doublePredicate(Column c) {
    String x = c.ref();
    double v = number(c).doubleValue();
    return switch (random.nextInt(8)) {
      case 0 -> x + oneOf(" > ", " = ", " <= ") + param(Setter.DOUBLE, v);
      case 1 -> x + " IN (" + Sql.literal(v) + ", 0E0)";
      case 2 -> "ROUND(" + x + ", 1) = " + BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP);
      case 3 -> "CAST(" + x + " AS BIGINT) = " + (long) v;
      case 4 -> "CAST(" + x + " AS DECIMAL(10, 2)) > " + BigDecimal.valueOf(v).setScale(2, RoundingMode.DOWN);
      case 5 -> x + " * 2 > " + Sql.literal(v);
      case 6 -> x + " / 3 < " + Sql.literal(v);
      default -> x + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
    };
  }

  private String decimalPredicate(Column c) {
    String x = c.ref();
    BigDecimal v = number(c) instanceof BigDecimal d ? d : BigDecimal.valueOf(number(c).doubleValue());
    return switch (random.nextInt(9)) {
      case 0, 1 -> x + oneOf(" > ", " = ", " <= ") + param(Setter.DECIMAL, v);
      case 2 -> x + " * 2 > " + v.toPlainString();
      case 3 -> x + " / 3 > " + v.divide(BigDecimal.valueOf(3), 6, RoundingMode.HALF_UP).toPlainString();
      case 4 -> "CAST(" + x + " AS BIGINT) = " + v.longValue();
      case 5 -> "CAST(" + x + " AS VARCHAR) = " + Sql.string(v.toPlainString());
      case 6 -> "ROUND(" + x + ", 2) = " + v.setScale(2, RoundingMode.HALF_UP).toPlainString();
      case 7 -> x + " IN (" + v.toPlainString() + ", 1)";
      default -> x + " = " + v.stripTrailingZeros().toPlainString();
    };
  }

  private String booleanPredicate(Column c) {
    String x = c.ref();
    return switch (random.nextInt(12)) {
      case 0 -> x;
      case 1 -> "NOT " + x;
      case 2 -> x + " IS TRUE";
      case 3 -> x + " IS NOT TRUE";
      case 4 -> x + " IS FALSE";
      case 5 -> x + " IS NOT FALSE";
      case 6 -> x + " = " + param(Setter.BOOLEAN, random.nextBoolean());
      case 7 -> x + " <> FALSE";
      case 8 -> x + " IS NULL";
      case 9 -> "CAST(" + x + " AS VARCHAR) = " + oneOf("'TRUE'", "'true'", "'FALSE'");
      case 10 -> "CASE WHEN " + x + " THEN 1 ELSE 0 END = 1";
      default -> x + " = TRUE";
    };
  }

  private String timestampPredicate(Column c) {
    String x = c.ref();
    String v = timestamp(c);
    String w = timestamp(c);
    LocalDateTime t = LocalDateTime.parse(v, TS);
    return switch (random.nextInt(20)) {
      case 0, 1 -> x + oneOf(" > ", " <= ", " < ", " >= ") + timestampParam(t);
      case 2 -> x + " = " + timestampParam(t);
      case 3 -> x + " BETWEEN " + Sql.timestamp(min(v, w)) + " AND " + Sql.timestamp(max(v, w));
      case 4 -> x + " IN (" + Sql.timestamp(v) + ", " + Sql.timestamp(w) + ")";
      case 5 -> x + " < TIMESTAMPADD(DAY, -30, " + Sql.timestamp(v) + ")";
      case 6 -> x + " > TIMESTAMPADD(MONTH, 1, " + Sql.timestamp(v) + ")";
      case 7 -> x + " >= " + Sql.timestamp(v) + " - INTERVAL '7' DAY";
      case 8 -> x + " + INTERVAL '1' MONTH > " + Sql.timestamp(v);
      case 9 -> x + " > CURRENT_TIMESTAMP - INTERVAL '" + (300 + random.nextInt(600)) + "' DAY";
      case 10 -> x + " > TIMESTAMPADD(DAY, -" + (300 + random.nextInt(600)) + ", CURRENT_TIMESTAMP)";
      case 11 -> "CAST(" + x + " AS DATE) " + oneOf("= ", "> ") + dateParam(t.toLocalDate());
      case 12 -> "EXTRACT(YEAR FROM " + x + ") = " + t.getYear();
      case 13 -> "EXTRACT(MONTH FROM " + x + ") IN (1, 2, 3)";
      case 14 -> "EXTRACT(" + oneOf("DOW", "DOY", "WEEK", "HOUR", "QUARTER") + " FROM " + x + ") < 3";
      case 15 -> "FLOOR(" + x + " TO " + oneOf("MONTH", "DAY", "WEEK", "YEAR") + ") = "
          + Sql.timestamp(t.toLocalDate().withDayOfMonth(1).atStartOfDay().format(TS));
      case 16 -> "TIMESTAMPDIFF(DAY, " + x + ", " + Sql.timestamp(v) + ") > 30";
      case 17 -> "CAST(" + x + " AS VARCHAR) LIKE " + Sql.string(v.substring(0, 7) + "%");
      case 18 -> x + " >= DATE '" + t.toLocalDate() + "'";
      default -> "DATE_TRUNC('month', " + x + ") = " + Sql.timestamp(t.toLocalDate().withDayOfMonth(1).atStartOfDay()
          .format(TS));
    };
  }

  private String jsonPredicate(Column c) {
    String x = c.ref();
    Map<String, List<String>> paths = c.table().jsonPaths(c.def().name());
    String path = jsonPath(c);
    List<String> values = paths.getOrDefault(path, List.of());
    String v = values.isEmpty() ? "gold" : values.get(random.nextInt(values.size()));
    String jv = "JSON_VALUE(" + x + ", '" + oneOf("", "", "lax ", "strict ") + path + "')";
    return switch (random.nextInt(10)) {
      case 0, 1, 2 -> jv + " = " + param(Setter.STRING, v);
      case 3 -> jv + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      case 4 -> jv + " IN (" + Sql.string(v) + ", 'zz_none')";
      case 5 -> jv + " LIKE " + Sql.string(prefix(v) + "%");
      case 6 -> "JSON_VALUE(" + x + ", '$.no_such_key') IS NULL";
      case 7 -> x + oneOf(" = '{}'", " LIKE '%\"" + path.replaceAll(".*\\.", "") + "\"%'", " = '[]'");
      case 8 -> "JSON_EXISTS(" + x + ", '" + path + "')";
      default -> "CHAR_LENGTH(" + x + ") > 10";
    };
  }

  /** A sampled JSON path of the column, or {@code $.plan} when it holds no object. */
  String jsonPath(Column c) {
    List<String> paths = new ArrayList<>(c.table().jsonPaths(c.def().name()).keySet());
    return paths.isEmpty() ? "$.plan" : paths.get(random.nextInt(paths.size()));
  }

  private String param(Setter setter, Object value) {
    if (parameters && random.nextInt(3) > 0) {
      params.add(new Param(setter, value));
      return "?";
    }
    return switch (setter) {
      case DECIMAL -> ((BigDecimal) value).toPlainString();
      default -> Sql.literal(value);
    };
  }

  private String longParam(long v) {
    if (parameters && random.nextInt(3) > 0) {
      boolean small = v == (int) v && random.nextBoolean();
      params.add(small ? new Param(Setter.INT, (int) v) : new Param(Setter.LONG, v));
      return "?";
    }
    return Long.toString(v);
  }

  private String timestampParam(LocalDateTime t) {
    if (parameters && random.nextInt(3) > 0) {
      params.add(random.nextInt(4) == 0 ? new Param(Setter.OBJECT, Timestamp.valueOf(t))
          : new Param(Setter.TIMESTAMP, Timestamp.valueOf(t)));
      return "?";
    }
    return Sql.timestamp(t.format(TS));
  }

  private String dateParam(LocalDate d) {
    if (parameters && random.nextInt(3) > 0) {
      params.add(new Param(Setter.DATE, Date.valueOf(d)));
      return "?";
    }
    return "DATE '" + d + "'";
  }

  private String string(Column c) {
    List<Object> values = c.values();
    if (values.isEmpty() || random.nextInt(10) == 0) {
      return oneOf("zz_none", "", "A", "a b");
    }
    return String.valueOf(values.get(random.nextInt(values.size())));
  }

  private Number number(Column c) {
    List<Object> values = c.values();
    if (values.isEmpty() || random.nextInt(10) == 0) {
      return random.nextInt(1000);
    }
    return (Number) values.get(random.nextInt(values.size()));
  }

  private String timestamp(Column c) {
    List<Object> values = c.values();
    if (values.isEmpty()) {
      return "2025-06-01 12:00:00";
    }
    return String.valueOf(values.get(random.nextInt(values.size())));
  }

  private String prefix(String v) {
    return v.isEmpty() ? "" : v.substring(0, 1 + random.nextInt(Math.min(v.length(), 4)));
  }

  private String middle(String v) {
    if (v.length() < 3) {
      return v;
    }
    int from = random.nextInt(v.length() - 2);
    return v.substring(from, from + 2);
  }

  private static String min(String a, String b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String max(String a, String b) {
    return a.compareTo(b) <= 0 ? b : a;
  }

  String oneOf(String... options) {
    return options[random.nextInt(options.length)];
  }
}
