package org.stripesql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.time.temporal.WeekFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every function, date function × date part and aggregation that tableau/stripesql/dialect.tdd maps, run the
 * way Tableau would send it (the formula with its arguments substituted) through this driver against a gateway
 * and emulator, and checked against a value computed here. A mapping without a case fails the test, so the
 * dialect cannot grow untested.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableauDialectCompatibilityTest {
  static final Path DIALECT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
      .getParent().resolve("tableau/stripesql/dialect.tdd");
  static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  static final String CREATED = "\"charges\".\"created\"";
  static final String CREATED_DATE = "CAST(\"charges\".\"created\" AS DATE)";
  static final LocalDateTime OTHER = LocalDateTime.of(2026, 3, 15, 10, 20, 30);
  /** Tableau's (non-ISO) weeks: week 1 holds January 1, weeks start on Sunday. */
  static final WeekFields TABLEAU_WEEKS = WeekFields.of(DayOfWeek.SUNDAY, 1);

  GatewayFixture fx;
  Connection c;
  Document dialect;
  String chargeId;
  LocalDateTime created;
  long amount;

  record Case(List<String> args, Object expected) {}

  @BeforeAll
  void start() throws Exception {
    fx = GatewayFixture.start(Serialization.PROTOBUF);
    c = fx.connect();
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    dialect = f.newDocumentBuilder().parse(DIALECT.toFile());
    ObjectNode charge = fx.emulator.data().list("charges").stream()
        .filter(o -> o.path("amount").asLong() > 0 && o.path("created").asLong() % 60 != 0).findFirst().orElseThrow();
    chargeId = charge.path("id").asText();
    created = LocalDateTime.ofEpochSecond(charge.path("created").asLong(), 0, ZoneOffset.UTC);
    amount = charge.path("amount").asLong();
  }

  @AfterAll
  void stop() throws SQLException {
    if (c != null) {
      c.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  /** Cases by "NAME(argtype,...)", as the dialect declares them. */
  Map<String, Case> functionCases() {
    Map<String, Case> m = new LinkedHashMap<>();
    String amt = "\"charges\".\"amount\"";
    String id = "\"charges\".\"id\"";
    m.put("ABS(real)", new Case(List.of("-2.5"), 2.5));
    m.put("ABS(int)", new Case(List.of("-" + amt), amount));
    m.put("ACOS(real)", new Case(List.of("0.5"), Math.acos(0.5)));
    m.put("ASIN(real)", new Case(List.of("0.5"), Math.asin(0.5)));
    m.put("ATAN(real)", new Case(List.of("0.5"), Math.atan(0.5)));
    m.put("COS(real)", new Case(List.of("0.5"), Math.cos(0.5)));
    m.put("COT(real)", new Case(List.of("0.5"), 1 / Math.tan(0.5)));
    m.put("DEGREES(real)", new Case(List.of("3.141592653589793"), 180.0));
    m.put("EXP(real)", new Case(List.of("1"), Math.E));
    m.put("LN(real)", new Case(List.of("10"), Math.log(10)));
    m.put("RADIANS(real)", new Case(List.of("180"), Math.PI));
    m.put("SIN(real)", new Case(List.of("0.5"), Math.sin(0.5)));
    m.put("SQRT(real)", new Case(List.of("2"), Math.sqrt(2)));
    m.put("TAN(real)", new Case(List.of("0.5"), Math.tan(0.5)));
    m.put("SIGN(real)", new Case(List.of("-4.2"), -1.0));
    m.put("SQUARE(real)", new Case(List.of("3"), 9.0));
    m.put("LOG(real)", new Case(List.of("1000"), 3.0));
    m.put("ATAN2(real,real)", new Case(List.of("1", "2"), Math.atan2(1, 2)));
    m.put("CEILING(real)", new Case(List.of(amt + " / 1000.0"), (long) Math.ceil(amount / 1000.0)));
    m.put("FLOOR(real)", new Case(List.of(amt + " / 1000.0"), (long) Math.floor(amount / 1000.0)));
    m.put("LOG(real,real)", new Case(List.of("8", "2"), 3.0));
    m.put("POWER(real,real)", new Case(List.of("2", "10"), 1024.0));
    m.put("ROUND(real)", new Case(List.of("2.5"), 3.0));
    m.put("ROUND(real,int)", new Case(List.of("2.345", "2"), 2.35));
    m.put("PI()", new Case(List.of(), Math.PI));
    m.put("DIV(int,int)", new Case(List.of(amt, "7"), amount / 7));
    m.put("ZN(real)", new Case(List.of("CAST(NULL AS DOUBLE)"), 0.0));
    m.put("ZN(int)", new Case(List.of(amt), amount));
    m.put("ASCII(str)", new Case(List.of("'A'"), 65L));
    m.put("CHAR(int)", new Case(List.of("65"), "A"));
    m.put("CONTAINS(str,str)", new Case(List.of(id, "'ch_'"), true));
    m.put("STARTSWITH(str,str)", new Case(List.of("'stripe'", "'str'"), true));
    m.put("ENDSWITH(str,str)", new Case(List.of("'stripe'", "'ipe'"), true));
    m.put("FIND(str,str)", new Case(List.of("'stripe'", "'ip'"), 4L));
    m.put("FIND(str,str,int)", new Case(List.of("'banana'", "'an'", "3"), 4L));
    m.put("LEFT(str,int)", new Case(List.of(id, "3"), chargeId.substring(0, 3)));
    m.put("RIGHT(str,int)", new Case(List.of("'stripe'", "3"), "ipe"));
    m.put("LEN(str)", new Case(List.of(id), (long) chargeId.length()));
    m.put("LOWER(str)", new Case(List.of("'AbC'"), "abc"));
    m.put("UPPER(str)", new Case(List.of(id), chargeId.toUpperCase()));
    m.put("LTRIM(str)", new Case(List.of("'  ab  '"), "ab  "));
    m.put("RTRIM(str)", new Case(List.of("'  ab  '"), "  ab"));
    m.put("TRIM(str)", new Case(List.of("'  ab  '"), "ab"));
    m.put("MID(str,int)", new Case(List.of("'stripe'", "3"), "ripe"));
    m.put("MID(str,int,int)", new Case(List.of("'stripe'", "3", "2"), "ri"));
    m.put("REPLACE(str,str,str)", new Case(List.of("'a-b-c'", "'-'", "'+'"), "a+b+c"));
    m.put("SPACE(int)", new Case(List.of("3"), "   "));
    m.put("+(str,str)", new Case(List.of(id, "'!'"), chargeId + "!"));
    m.put("ISNULL(str)", new Case(List.of(id), false));
    m.put("ISNULL(real)", new Case(List.of("CAST(NULL AS DOUBLE)"), true));
    m.put("ISNULL(datetime)", new Case(List.of(CREATED), false));
    m.put("IFNULL(str,str)", new Case(List.of("CAST(NULL AS VARCHAR)", "'x'"), "x"));
    m.put("IFNULL(real,real)", new Case(List.of("CAST(NULL AS DOUBLE)", "1.5"), 1.5));
    m.put("IFNULL(int,int)", new Case(List.of(amt, "0"), amount));
    m.put("STR(int)", new Case(List.of(amt), Long.toString(amount)));
    m.put("INT(real)", new Case(List.of("-3.7"), -3L));
    m.put("INT(str)", new Case(List.of("'42'"), 42L));
    m.put("INT(bool)", new Case(List.of("(" + amt + " > 0)"), 1L));
    m.put("FLOAT(int)", new Case(List.of(amt), (double) amount));
    m.put("FLOAT(str)", new Case(List.of("'1.5'"), 1.5));
    m.put("DATE(datetime)", new Case(List.of(CREATED), created.toLocalDate()));
    m.put("DATE(str)", new Case(List.of("'2026-02-03'"), LocalDate.of(2026, 2, 3)));
    m.put("DATETIME(date)", new Case(List.of(CREATED_DATE), created.toLocalDate().atStartOfDay()));
    m.put("DATETIME(str)", new Case(List.of("'2026-02-03 04:05:06'"), LocalDateTime.of(2026, 2, 3, 4, 5, 6)));
    m.put("YEAR(datetime)", new Case(List.of(CREATED), (long) created.getYear()));
    m.put("QUARTER(datetime)", new Case(List.of(CREATED), (long) created.get(IsoFields.QUARTER_OF_YEAR)));
    m.put("MONTH(datetime)", new Case(List.of(CREATED), (long) created.getMonthValue()));
    m.put("DAY(datetime)", new Case(List.of(CREATED), (long) created.getDayOfMonth()));
    m.put("YEAR(date)", new Case(List.of(CREATED_DATE), (long) created.getYear()));
    m.put("QUARTER(date)", new Case(List.of(CREATED_DATE), (long) created.get(IsoFields.QUARTER_OF_YEAR)));
    m.put("MONTH(date)", new Case(List.of(CREATED_DATE), (long) created.getMonthValue()));
    m.put("DAY(date)", new Case(List.of(CREATED_DATE), (long) created.getDayOfMonth()));
    m.put("NOW()", new Case(List.of(), "now"));
    m.put("TODAY()", new Case(List.of(), LocalDate.now(ZoneOffset.UTC)));
    return m;
  }

  /** Tableau's weeks start on Sunday (start-of-week-offset 0). */
  static LocalDateTime trunc(LocalDateTime t, String part) {
    return switch (part) {
      case "year" -> t.toLocalDate().withDayOfYear(1).atStartOfDay();
      case "quarter" -> LocalDate.of(t.getYear(), ((t.getMonthValue() - 1) / 3) * 3 + 1, 1).atStartOfDay();
      case "month" -> t.toLocalDate().withDayOfMonth(1).atStartOfDay();
      case "week" -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY)).atStartOfDay();
      case "day" -> t.truncatedTo(ChronoUnit.DAYS);
      case "hour" -> t.truncatedTo(ChronoUnit.HOURS);
      case "minute" -> t.truncatedTo(ChronoUnit.MINUTES);
      case "second" -> t.truncatedTo(ChronoUnit.SECONDS);
      default -> throw new AssertionError("no truncation for " + part);
    };
  }

  static long datePart(LocalDateTime t, String part) {
    return switch (part) {
      case "year" -> t.getYear();
      case "quarter" -> t.get(IsoFields.QUARTER_OF_YEAR);
      case "month" -> t.getMonthValue();
      case "dayofyear" -> t.getDayOfYear();
      case "day" -> t.getDayOfMonth();
      case "weekday" -> t.getDayOfWeek().getValue() % 7 + 1;
      case "week" -> t.get(TABLEAU_WEEKS.weekOfYear());
      case "hour" -> t.getHour();
      case "minute" -> t.getMinute();
      case "second" -> t.getSecond();
      case "iso-year" -> t.get(IsoFields.WEEK_BASED_YEAR);
      case "iso-week" -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      case "iso-weekday" -> t.getDayOfWeek().getValue();
      default -> throw new AssertionError("no date part case for " + part);
    };
  }

  /** Tableau's DATENAME: English month and weekday names, any other part its number as text. */
  static String dateName(LocalDateTime t, String part) {
    return switch (part) {
      case "month" -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case "weekday" -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      default -> Long.toString(datePart(t, part));
    };
  }

  static LocalDateTime add(LocalDateTime t, String part, int n) {
    return switch (part) {
      case "year" -> t.plusYears(n);
      case "quarter" -> t.plusMonths(3L * n);
      case "month" -> t.plusMonths(n);
      case "week" -> t.plusWeeks(n);
      case "day" -> t.plusDays(n);
      case "hour" -> t.plusHours(n);
      case "minute" -> t.plusMinutes(n);
      case "second" -> t.plusSeconds(n);
      default -> throw new AssertionError("no DATEADD case for " + part);
    };
  }

  /** Tableau's DATEDIFF counts boundaries crossed: the difference of the truncated values. */
  static long diff(LocalDateTime a, LocalDateTime b, String part) {
    LocalDateTime ta = trunc(a, part);
    LocalDateTime tb = trunc(b, part);
    return switch (part) {
      case "year" -> tb.getYear() - ta.getYear();
      case "quarter", "month" -> ChronoUnit.MONTHS.between(ta, tb) / ("quarter".equals(part) ? 3 : 1);
      case "week" -> ChronoUnit.WEEKS.between(ta, tb);
      case "day" -> ChronoUnit.DAYS.between(ta, tb);
      case "hour" -> ChronoUnit.HOURS.between(ta, tb);
      case "minute" -> ChronoUnit.MINUTES.between(ta, tb);
      case "second" -> ChronoUnit.SECONDS.between(ta, tb);
      default -> throw new AssertionError("no DATEDIFF case for " + part);
    };
  }

  /** The case for a date function (by its argument types) and a Tableau date part. */
  Case dateCase(String function, List<String> types, String part) {
    boolean date = types.get(types.size() - 1).equals("date");
    LocalDateTime t = date ? created.toLocalDate().atStartOfDay() : created;
    String arg = date ? CREATED_DATE : CREATED;
    return switch (function) {
      case "DATETRUNC" -> new Case(List.of(arg), date ? (Object) trunc(t, part).toLocalDate() : trunc(t, part));
      case "DATEPART" -> new Case(List.of(arg), datePart(t, part));
      case "DATENAME" -> new Case(List.of(arg), dateName(t, part));
      case "DATEADD" -> new Case(List.of("3", arg), date ? (Object) add(t, part, 3).toLocalDate() : add(t, part, 3));
      case "DATEDIFF" -> new Case(List.of(arg, date ? "DATE '" + OTHER.toLocalDate() + "'"
          : "TIMESTAMP '" + OTHER.format(TS) + "'"), diff(t, date ? OTHER.toLocalDate().atStartOfDay() : OTHER, part));
      default -> throw new AssertionError("no case for date function " + function);
    };
  }

  @Test
  void everyMappedFunctionGivesTheExpectedValue() throws Exception {
    Map<String, Case> cases = functionCases();
    List<String> failures = new ArrayList<>();
    Set<String> mapped = new TreeSet<>();
    NodeList fns = dialect.getElementsByTagName("function");
    assertTrue(fns.getLength() >= 60, "the dialect maps " + fns.getLength() + " functions");
    for (int i = 0; i < fns.getLength(); i++) {
      Element fn = (Element) fns.item(i);
      List<String> types = argumentTypes(fn);
      String key = fn.getAttribute("name") + "(" + String.join(",", types) + ")";
      mapped.add(key);
      Case k = cases.get(key);
      if (k == null) {
        failures.add(key + ": mapped in dialect.tdd but has no test case");
        continue;
      }
      String formula = formula(fn);
      check(key, substitute(formula, k.args()), k.expected(), failures);
    }
    Set<String> unused = new TreeSet<>(cases.keySet());
    unused.removeAll(mapped);
    assertTrue(unused.isEmpty(), "cases for functions the dialect does not map: " + unused);
    assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
  }

  @Test
  void everyMappedDatePartGivesTheExpectedValue() throws Exception {
    Map<String, List<String>> parts = new HashMap<>();
    NodeList groups = dialect.getElementsByTagName("date-part-group");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      NodeList fnNames = g.getElementsByTagName("date-function");
      NodeList ps = g.getElementsByTagName("part");
      for (int j = 0; j < fnNames.getLength(); j++) {
        String name = ((Element) fnNames.item(j)).getAttribute("name");
        for (int k = 0; k < ps.getLength(); k++) {
          Element p = (Element) ps.item(k);
          parts.computeIfAbsent(name, x -> new ArrayList<>()).add(p.getAttribute("name") + "=" + p.getAttribute("value"));
        }
      }
    }
    List<String> failures = new ArrayList<>();
    int checked = 0;
    NodeList fns = dialect.getElementsByTagName("date-function");
    for (int i = 0; i < fns.getLength(); i++) {
      Element fn = (Element) fns.item(i);
      if (fn.getParentNode().getNodeName().equals("date-part-group")) {
        continue;
      }
      String name = fn.getAttribute("name");
      List<String> types = argumentTypes(fn);
      List<String> ps = parts.get(name);
      if (ps == null || ps.isEmpty()) {
        failures.add(name + types + ": a date function without date parts");
        continue;
      }
      for (String p : ps) {
        String tableauPart = p.substring(0, p.indexOf('='));
        String sqlPart = p.substring(p.indexOf('=') + 1);
        String key = name + "('" + tableauPart + "'," + String.join(",", types.subList(1, types.size())) + ")";
        Case k;
        try {
          k = dateCase(name, types, tableauPart);
        } catch (AssertionError e) {
          failures.add(key + ": " + e.getMessage());
          continue;
        }
        List<String> args = new ArrayList<>();
        args.add(sqlPart);
        args.addAll(k.args());
        check(key, substitute(formula(fn, tableauPart), args), k.expected(), failures);
        checked++;
      }
    }
    assertTrue(checked >= 90, checked + " date function cases");
    assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
  }

  @Test
  void everySupportedAggregationWorks() throws Exception {
    List<ObjectNode> charges = fx.emulator.data().list("charges");
    double[] amounts = charges.stream().mapToDouble(o -> o.path("amount").asDouble()).toArray();
    double mean = Arrays.stream(amounts).average().orElseThrow();
    double ss = Arrays.stream(amounts).map(a -> (a - mean) * (a - mean)).sum();
    int n = amounts.length;
    Map<String, Object[]> sql = new LinkedHashMap<>();
    sql.put("AGG_SUM", new Object[] {"SUM(\"charges\".\"amount\")", Arrays.stream(amounts).sum()});
    sql.put("AGG_AVG", new Object[] {"AVG(CAST(\"charges\".\"amount\" AS DOUBLE))", mean});
    sql.put("AGG_MIN", new Object[] {"MIN(\"charges\".\"amount\")", Arrays.stream(amounts).min().orElseThrow()});
    sql.put("AGG_MAX", new Object[] {"MAX(\"charges\".\"amount\")", Arrays.stream(amounts).max().orElseThrow()});
    sql.put("AGG_COUNT", new Object[] {"COUNT(\"charges\".\"customer\")",
        (double) charges.stream().filter(o -> GatewayFixtureData.ref(o.get("customer")) != null).count()});
    sql.put("AGG_COUNTD", new Object[] {"COUNT(DISTINCT \"charges\".\"customer\")",
        (double) charges.stream().map(o -> GatewayFixtureData.ref(o.get("customer"))).filter(x -> x != null)
            .distinct().count()});
    sql.put("AGG_STDEV", new Object[] {"STDDEV_SAMP(CAST(\"charges\".\"amount\" AS DOUBLE))", Math.sqrt(ss / (n - 1))});
    sql.put("AGG_STDEVP", new Object[] {"STDDEV_POP(CAST(\"charges\".\"amount\" AS DOUBLE))", Math.sqrt(ss / n)});
    sql.put("AGG_VAR", new Object[] {"VAR_SAMP(CAST(\"charges\".\"amount\" AS DOUBLE))", ss / (n - 1)});
    sql.put("AGG_VARP", new Object[] {"VAR_POP(CAST(\"charges\".\"amount\" AS DOUBLE))", ss / n});
    // date aggregations are Tableau's DATEPART / DATETRUNC: covered when their part is mapped
    Map<String, String> dateAggs = new HashMap<>();
    for (String[] a : new String[][] {{"AGG_YEAR", "DATEPART:year"}, {"AGG_QTR", "DATEPART:quarter"},
        {"AGG_MONTH", "DATEPART:month"}, {"AGG_DAY", "DATEPART:day"}, {"AGG_HOUR", "DATEPART:hour"},
        {"AGG_MINUTE", "DATEPART:minute"}, {"AGG_SECOND", "DATEPART:second"}, {"AGG_WEEKDAY", "DATEPART:weekday"},
        {"AGG_ISO_YEAR", "DATEPART:iso-year"}, {"AGG_ISO_WEEK", "DATEPART:iso-week"},
        {"AGG_ISO_WEEKDAY", "DATEPART:iso-weekday"}, {"AGG_WEEK", "DATEPART:week"}, {"TRUNC_YEAR", "DATETRUNC:year"},
        {"TRUNC_QTR", "DATETRUNC:quarter"}, {"TRUNC_MONTH", "DATETRUNC:month"}, {"TRUNC_WEEK", "DATETRUNC:week"},
        {"TRUNC_DAY", "DATETRUNC:day"}, {"TRUNC_HOUR", "DATETRUNC:hour"}, {"TRUNC_MINUTE", "DATETRUNC:minute"},
        {"TRUNC_SECOND", "DATETRUNC:second"}}) {
      dateAggs.put(a[0], a[1]);
    }
    Set<String> mappedParts = new TreeSet<>();
    NodeList groups = dialect.getElementsByTagName("date-part-group");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      NodeList fnNames = g.getElementsByTagName("date-function");
      NodeList ps = g.getElementsByTagName("part");
      for (int j = 0; j < fnNames.getLength(); j++) {
        for (int k = 0; k < ps.getLength(); k++) {
          mappedParts.add(((Element) fnNames.item(j)).getAttribute("name") + ":"
              + ((Element) ps.item(k)).getAttribute("name"));
        }
      }
    }
    List<String> failures = new ArrayList<>();
    NodeList aggs = dialect.getElementsByTagName("aggregation");
    assertTrue(aggs.getLength() >= 20);
    for (int i = 0; i < aggs.getLength(); i++) {
      String agg = ((Element) aggs.item(i)).getAttribute("value");
      if (dateAggs.containsKey(agg)) {
        if (!mappedParts.contains(dateAggs.get(agg))) {
          failures.add(agg + ": needs " + dateAggs.get(agg) + " in the dialect's date parts");
        }
        continue;
      }
      Object[] q = sql.get(agg);
      if (q == null) {
        failures.add(agg + ": supported in dialect.tdd but has no test case");
        continue;
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT " + q[0] + " AS \"v\" FROM \"stripe\".\"charges\" \"charges\"")) {
        assertTrue(rs.next());
        double v = rs.getDouble(1);
        double e = (Double) q[1];
        if (Math.abs(v - e) > 1e-6 * Math.max(1, Math.abs(e))) {
          failures.add(agg + ": " + q[0] + " = " + v + ", expected " + e);
        }
      } catch (SQLException e) {
        failures.add(agg + ": " + q[0] + ": " + e.getMessage());
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void theTestNoticesAWrongFormula() {
    List<String> failures = new ArrayList<>();
    check("wrong", "CHAR_LENGTH('abc')", 4L, failures);
    check("broken", "NO_SUCH_FUNCTION(1)", 1L, failures);
    assertEquals(2, failures.size(), failures.toString());
  }

  void check(String key, String expr, Object expected, List<String> failures) {
    String sql = "SELECT " + expr + " AS \"v\" FROM \"stripe\".\"charges\" \"charges\" WHERE \"charges\".\"id\" = '"
        + chargeId + "'";
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        failures.add(key + ": no row from " + sql);
        return;
      }
      String problem = compare(rs, expected);
      if (problem != null) {
        failures.add(key + ": " + expr + " -> " + problem);
      }
      if (rs.next()) {
        failures.add(key + ": more than one row");
      }
    } catch (SQLException e) {
      failures.add(key + ": " + expr + " -> " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  static String compare(ResultSet rs, Object expected) throws SQLException {
    Object got;
    if ("now".equals(expected)) {
      String s = rs.getString(1);
      LocalDateTime t = LocalDateTime.parse(s.substring(0, 19).replace(' ', 'T'));
      long skew = Math.abs(Duration.between(t, LocalDateTime.now(ZoneOffset.UTC)).toSeconds());
      return skew <= 120 ? null : "NOW() = " + s + ", not within 2 minutes of now (UTC)";
    }
    if (expected instanceof Double d) {
      double v = rs.getDouble(1);
      return rs.wasNull() || Math.abs(v - d) > 1e-9 * Math.max(1, Math.abs(d)) ? v + " (expected " + d + ")" : null;
    }
    if (expected instanceof Long l) {
      got = rs.getLong(1);
      return rs.wasNull() || !got.equals(l) ? got + " (expected " + l + ")" : null;
    }
    if (expected instanceof Boolean b) {
      got = rs.getBoolean(1);
      return rs.wasNull() || !got.equals(b) ? got + " (expected " + b + ")" : null;
    }
    if (expected instanceof LocalDateTime t) {
      String s = rs.getString(1);
      return s != null && s.startsWith(t.format(TS)) ? null : s + " (expected " + t.format(TS) + ")";
    }
    if (expected instanceof LocalDate d) {
      String s = rs.getString(1);
      return d.toString().equals(s) ? null : s + " (expected " + d + ")";
    }
    String s = rs.getString(1);
    return expected.equals(s) ? null : "'" + s + "' (expected '" + expected + "')";
  }

  static List<String> argumentTypes(Element fn) {
    List<String> out = new ArrayList<>();
    NodeList args = fn.getElementsByTagName("argument");
    for (int i = 0; i < args.getLength(); i++) {
      out.add(((Element) args.item(i)).getAttribute("type"));
    }
    return out;
  }

  /** The formula without a part: exactly one per function. */
  static String formula(Element fn) {
    return formula(fn, null);
  }

  /** The formula Tableau uses for a date part: the part's own when the function has one, else the general one. */
  static String formula(Element fn, String part) {
    NodeList f = fn.getElementsByTagName("formula");
    String general = null;
    int generals = 0;
    for (int i = 0; i < f.getLength(); i++) {
      Element e = (Element) f.item(i);
      if (!e.hasAttribute("part")) {
        general = e.getTextContent();
        generals++;
      } else if (e.getAttribute("part").equals(part)) {
        return e.getTextContent();
      }
    }
    assertEquals(1, generals, "one formula without a part in " + fn.getAttribute("name"));
    return general;
  }

  /** Where Tableau's weeks and ISO weeks differ: the first days of a year, and its last. */
  @Test
  void tableauWeeksAroundNewYear() throws Exception {
    Element datetime = null;
    NodeList fns = dialect.getElementsByTagName("date-function");
    for (int i = 0; i < fns.getLength(); i++) {
      Element fn = (Element) fns.item(i);
      if (fn.getAttribute("name").equals("DATEPART") && !fn.getParentNode().getNodeName().equals("date-part-group")
          && argumentTypes(fn).get(1).equals("datetime")) {
        datetime = fn;
      }
    }
    assertTrue(datetime != null, "DATEPART(localstr, datetime) is mapped");
    List<String> failures = new ArrayList<>();
    for (LocalDateTime t : List.of(LocalDateTime.of(2022, 1, 1, 12, 0), LocalDateTime.of(2022, 1, 2, 0, 0),
        LocalDateTime.of(2023, 1, 1, 0, 0), LocalDateTime.of(2023, 12, 31, 23, 59, 59),
        LocalDateTime.of(2024, 12, 31, 8, 0), LocalDateTime.of(2026, 1, 3, 23, 0), LocalDateTime.of(2026, 1, 4, 0, 0))) {
      String ts = "TIMESTAMP '" + t.format(TS) + "'";
      check("DATEPART('week', " + t + ")", substitute(formula(datetime, "week"), List.of("WEEK", ts)),
          (long) t.get(TABLEAU_WEEKS.weekOfYear()), failures);
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    assertEquals(1, LocalDate.of(2022, 1, 1).get(TABLEAU_WEEKS.weekOfYear()), "2022-01-01 is a Saturday: week 1");
    assertEquals(52, LocalDate.of(2022, 1, 1).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), "ISO: week 52 of 2021");
  }

  /** Tableau's %1..%n, highest first so %1 does not eat %10. */
  static String substitute(String formula, List<String> args) {
    String out = formula;
    for (int i = args.size(); i >= 1; i--) {
      out = out.replace("%" + i, args.get(i - 1));
    }
    assertFalse(out.matches("(?s).*%\\d.*"), "unsubstituted argument in " + out);
    return out;
  }

  static final Function<Object, String> STR = String::valueOf;
}
