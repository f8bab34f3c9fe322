package org.stripesql.adapter.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;
import org.stripesql.catalog.ReportType;

/**
 * Reads a filter on a report table for its run: the top-level conjuncts comparing {@code interval_start} or
 * {@code interval_end} with a time (a literal or a statement parameter) bound the interval, {@code payout =}
 * names a single payout's report's payout, equalities on a column a run parameter filters become that parameter. A pure function; the filter stays above the scan
 * whole, so every row the run gives is checked against it (docs/reports.md).
 */
public final class IntervalBinder {
  private static final long DAY_MILLIS = 86_400_000L;
  private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");

  private IntervalBinder() {}

  /**
   * The run for {@code condition} on the rows of {@code type}'s table (fields named {@code fieldNames}),
   * or {@code current} when the condition sets nothing. Filters become run parameters only when
   * {@code pushFilters} (the Pushdown operand); the interval is bound either way, being what the table means.
   */
  public static ReportQuery bind(RexNode condition, ReportType type, List<String> fieldNames, RexBuilder rexBuilder,
      boolean pushFilters, Map<String, List<String>> parameterValues, ReportQuery current) {
    List<IntervalBound> start = new ArrayList<>(current.start());
    List<IntervalBound> end = new ArrayList<>(current.end());
    String payout = current.payout();
    Integer payoutParam = current.payoutParam();
    Map<String, String> filters = new LinkedHashMap<>(current.filters());
    for (RexNode c : RelOptUtil.conjunctions(RexUtil.expandSearch(rexBuilder, null, condition))) {
      Comparison cmp = Comparison.of(c);
      if (cmp == null) {
        continue;
      }
      String column = fieldNames.get(cmp.column);
      if (column.equals(ReportType.INTERVAL_START) && type.declares(ReportType.INTERVAL_START)) {
        IntervalBound b = cmp.lowerBound();
        if (b != null) {
          start.add(b);
        }
      } else if (column.equals(ReportType.INTERVAL_END) && type.declares(ReportType.INTERVAL_END)) {
        IntervalBound b = cmp.upperBound();
        if (b != null) {
          end.add(b);
        }
      } else if (column.equals(ReportType.PAYOUT) && type.declares(ReportType.PAYOUT) && cmp.kind == SqlKind.EQUALS
          && payout == null && payoutParam == null && !cmp.castToDate && (cmp.text != null || cmp.textParam)) {
        payout = cmp.text;
        payoutParam = cmp.textParam ? cmp.param : null;
      } else if (pushFilters && cmp.kind == SqlKind.EQUALS && cmp.text != null && !cmp.castToDate) {
        type.filters().forEach((param, col) -> {
          if (col.equals(column) && type.declares(param) && pushable(param, cmp.text, parameterValues)) {
            filters.putIfAbsent(param, cmp.text);
          }
        });
      }
    }
    return new ReportQuery(current.reportType(), current.hasStart(), current.hasEnd(), current.hasPayout(), start, end,
        payout, payoutParam, filters);
  }

  /**
   * Whether Stripe takes the value as the SQL equality means it: one of the values Stripe's spec lists for the
   * parameter (reporting categories), a currency as Stripe writes it (three lower case letters). Other
   * values stay with the filter above.
   */
  static boolean pushable(String param, String value, Map<String, List<String>> parameterValues) {
    List<String> values = parameterValues.get(param);
    if (values != null) {
      return values.contains(value);
    }
    return !"currency".equals(param) || CURRENCY.matcher(value).matches();
  }

  /** A comparison of a column with a value, normalised to {@code column op value}. */
  private static final class Comparison {
    final int column;
    final SqlKind kind;
    /** The value in milliseconds when it is a time or date literal; null otherwise. */
    final Long millis;
    /** The parameter's index when the value is a statement parameter of a time type; null otherwise. */
    final Integer param;
    /** The value when it is a character literal; null otherwise. */
    final String text;
    /** Whether {@link #param} is a statement parameter of a text type. */
    final boolean textParam;
    /** Whether the column side was {@code CAST(column AS DATE)}: the value is then a day. */
    final boolean castToDate;

    private Comparison(int column, SqlKind kind, Long millis, Integer param, String text, boolean castToDate) {
      this(column, kind, millis, param, text, castToDate, false);
    }

    private Comparison(int column, SqlKind kind, Long millis, Integer param, String text, boolean castToDate,
        boolean textParam) {
      this.column = column;
      this.kind = kind;
      this.millis = millis;
      this.param = param;
      this.text = text;
      this.castToDate = castToDate;
      this.textParam = textParam;
    }

    static Comparison of(RexNode node) {
      if (!(node instanceof RexCall call) || call.getOperands().size() != 2) {
        return null;
      }
      SqlKind kind = call.getKind();
      if (!List.of(SqlKind.EQUALS, SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN,
          SqlKind.GREATER_THAN_OR_EQUAL).contains(kind)) {
        return null;
      }
      Comparison c = side(call.getOperands().get(0), kind, call.getOperands().get(1));
      return c != null ? c : side(call.getOperands().get(1), kind.reverse(), call.getOperands().get(0));
    }

    private static Comparison side(RexNode columnSide, SqlKind kind, RexNode value) {
      boolean toDate = false;
      RexNode col = columnSide;
      while (col.getKind() == SqlKind.CAST) {
        RexNode inner = ((RexCall) col).getOperands().get(0);
        SqlTypeName to = col.getType().getSqlTypeName();
        SqlTypeName from = inner.getType().getSqlTypeName();
        if (to == SqlTypeName.DATE && from == SqlTypeName.TIMESTAMP && !toDate) {
          toDate = true;
        } else if (!(to == from && (to == SqlTypeName.TIMESTAMP || to == SqlTypeName.VARCHAR
            || to == SqlTypeName.CHAR) && widens(inner.getType(), col.getType()))) {
          return null;
        }
        col = inner;
      }
      if (!(col instanceof RexInputRef ref)) {
        return null;
      }
      RexNode v = value;
      SqlTypeName target = value.getType().getSqlTypeName();
      while (v.getKind() == SqlKind.CAST) {
        v = ((RexCall) v).getOperands().get(0);
      }
      boolean timeValue = target == SqlTypeName.TIMESTAMP || target == SqlTypeName.DATE && toDate;
      if (v instanceof RexDynamicParam p) {
        if (SqlTypeName.CHAR_TYPES.contains(target) && !toDate) {
          return new Comparison(ref.getIndex(), kind, null, p.getIndex(), null, false, true);
        }
        return timeValue && !toDate ? new Comparison(ref.getIndex(), kind, null, p.getIndex(), null, false) : null;
      }
      if (!(v instanceof RexLiteral lit) || lit.isNull()) {
        return null;
      }
      SqlTypeName t = lit.getType().getSqlTypeName();
      if (timeValue) {
        Long ms = t == SqlTypeName.TIMESTAMP && target == SqlTypeName.TIMESTAMP
            ? lit.getValueAs(TimestampString.class).getMillisSinceEpoch()
            : t == SqlTypeName.DATE ? lit.getValueAs(DateString.class).getMillisSinceEpoch()
            : SqlTypeName.CHAR_TYPES.contains(t) ? parseTime(lit.getValueAs(String.class)) : null;
        return ms == null ? null : new Comparison(ref.getIndex(), kind, ms, null, null, toDate);
      }
      if (SqlTypeName.CHAR_TYPES.contains(t) && SqlTypeName.CHAR_TYPES.contains(target)) {
        return new Comparison(ref.getIndex(), kind, null, null, lit.getValueAs(String.class), toDate);
      }
      return null;
    }

    /** A time written {@code yyyy-MM-dd HH:mm:ss[.fff]} or a day {@code yyyy-MM-dd}, as SQL casts text; else null. */
    private static Long parseTime(String text) {
      String t = text.trim();
      try {
        return t.length() == 10 ? new DateString(t).getMillisSinceEpoch() : new TimestampString(t).getMillisSinceEpoch();
      } catch (RuntimeException e) {
        return null;
      }
    }

    /** A cast to the same type that keeps every value: a longer text, a finer time. */
    private static boolean widens(RelDataType from, RelDataType to) {
      int f = from.getPrecision();
      int t = to.getPrecision();
      return t == RelDataType.PRECISION_NOT_SPECIFIED || f != RelDataType.PRECISION_NOT_SPECIFIED && f <= t;
    }

    /** As a lower bound of the interval's start ({@code >=}, {@code >}, {@code =}), or null. */
    IntervalBound lowerBound() {
      if (millis == null && param == null || textParam) {
        return null;
      }
      if (castToDate) {   // CAST(interval_start AS DATE) op day: a bound at a midnight
        return switch (kind) {
          case GREATER_THAN_OR_EQUAL, EQUALS -> new IntervalBound(">=", millis, null);
          case GREATER_THAN -> new IntervalBound(">=", millis + DAY_MILLIS, null);
          default -> null;
        };
      }
      return switch (kind) {
        case GREATER_THAN_OR_EQUAL, EQUALS -> new IntervalBound(">=", millis, param);
        case GREATER_THAN -> new IntervalBound(">", millis, param);
        default -> null;
      };
    }

    /** As an upper bound of the interval's end ({@code <=}, {@code <}, {@code =}), or null. */
    IntervalBound upperBound() {
      if (millis == null && param == null || textParam) {
        return null;
      }
      if (castToDate) {   // CAST(interval_end AS DATE) op day: before the next midnight, or this one
        return switch (kind) {
          case LESS_THAN_OR_EQUAL, EQUALS -> new IntervalBound("<", millis + DAY_MILLIS, null);
          case LESS_THAN -> new IntervalBound("<", millis, null);
          default -> null;
        };
      }
      return switch (kind) {
        case LESS_THAN_OR_EQUAL, EQUALS -> new IntervalBound("<=", millis, param);
        case LESS_THAN -> new IntervalBound("<", millis, param);
        default -> null;
      };
    }
  }
}
