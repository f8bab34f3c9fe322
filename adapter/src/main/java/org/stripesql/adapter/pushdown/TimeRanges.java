package org.stripesql.adapter.pushdown;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.calcite.DataContexts;
import org.apache.calcite.avatica.util.DateTimeUtils;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.adapter.pushdown.StripeFilterTranslator.Outcome;
import org.stripesql.catalog.ApiFilter;

/**
 * A comparison of a unix-time column ({@code created > TIMESTAMP '...'}, {@code CAST(created AS DATE) = ...},
 * {@code created >= CURRENT_TIMESTAMP - INTERVAL ...}) as bounds of the range parameter that filters it, in
 * Stripe's whole seconds: exact for a literal, a superset for "now" (a lower bound only, widened by a day).
 */
final class TimeRanges {
  /** An earlier "now" only widens a lower bound; a day covers any session time zone offset. */
  private static final Duration DYNAMIC_MARGIN = Duration.ofDays(1);

  private final RexBuilder rexBuilder;
  private final Clock clock;

  TimeRanges(RexBuilder rexBuilder, Clock clock) {
    this.rexBuilder = rexBuilder;
    this.clock = clock;
  }

  /** {@code c} as bounds of {@code f}, the range parameter of its column. */
  Outcome translate(Comparison c, ApiFilter f, QueryBuilder pushed) {
    RexLiteral literal = c.literal;
    boolean dynamic = false;
    if (literal == null) {
      if (c.kind != SqlKind.GREATER_THAN && c.kind != SqlKind.GREATER_THAN_OR_EQUAL) {
        return Outcome.NOT_PUSHED;   // only a lower bound stays a superset as "now" moves on
      }
      literal = evaluateDynamic(c.other);
      if (literal == null) {
        return Outcome.NOT_PUSHED;
      }
      dynamic = true;
    }
    Long millis = c.castToDate ? dateMillis(literal) : timestampMillis(literal);
    if (millis == null) {
      return Outcome.NOT_PUSHED;
    }
    if (dynamic) {
      millis -= DYNAMIC_MARGIN.toMillis();
    }
    if (c.castToDate) {
      // CAST(created AS DATE) op DATE d, with d's midnight in millis: whole days of seconds
      long dayStart = Math.floorDiv(millis, 1000L);
      long nextDay = dayStart + DateTimeUtils.MILLIS_PER_DAY / 1000;
      switch (c.kind) {
        case EQUALS:
          pushed.lowerBound(f.param(), dayStart);
          pushed.upperBound(f.param(), nextDay - 1);
          break;
        case LESS_THAN:
          pushed.upperBound(f.param(), dayStart - 1);
          break;
        case LESS_THAN_OR_EQUAL:
          pushed.upperBound(f.param(), nextDay - 1);
          break;
        case GREATER_THAN:
          pushed.lowerBound(f.param(), nextDay);
          break;
        default:
          pushed.lowerBound(f.param(), dayStart);
      }
      return Outcome.SUPERSET;
    }
    long floor = Math.floorDiv(millis, 1000L);
    boolean whole = Math.floorMod(millis, 1000L) == 0;
    long ceil = whole ? floor : floor + 1;
    switch (c.kind) {
      case EQUALS:
        if (!whole) {
          pushed.matchNothing();   // a whole-second column never equals a fraction
        } else {
          pushed.lowerBound(f.param(), floor);
          pushed.upperBound(f.param(), floor);
        }
        break;
      case LESS_THAN:
        pushed.upperBound(f.param(), ceil - 1);
        break;
      case LESS_THAN_OR_EQUAL:
        pushed.upperBound(f.param(), floor);
        break;
      case GREATER_THAN:
        pushed.lowerBound(f.param(), floor + 1);
        break;
      default:
        pushed.lowerBound(f.param(), ceil);
    }
    return dynamic ? Outcome.SUPERSET : Outcome.EXACT;
  }

  /** Folds an expression of literals and CURRENT_DATE/CURRENT_TIMESTAMP into a literal, as of now. */
  private RexLiteral evaluateDynamic(RexNode expr) {
    if (expr == null || RexUtil.containsInputRef(expr) || !onlyTimeFunctions(expr)) {
      return null;
    }
    long now = clock.millis();
    Map<String, Object> vars = Map.of(
        "currentTimestamp", now, "localTimestamp", now, "utcTimestamp", now,
        "timeZone", TimeZone.getTimeZone("UTC"));
    List<RexNode> out = new ArrayList<>();
    try {
      new RexExecutorImpl(DataContexts.of(vars)).reduce(rexBuilder, List.of(expr), out);
    } catch (RuntimeException e) {
      return null;
    }
    RexNode r = out.isEmpty() ? null : RexUtil.removeCast(out.get(0));
    return r instanceof RexLiteral ? (RexLiteral) r : null;
  }

  private static boolean onlyTimeFunctions(RexNode expr) {
    Boolean ok = expr.accept(new RexVisitorImpl<Boolean>(true) {
      @Override
      public Boolean visitCall(RexCall call) {
        boolean arithmetic = call.getKind() == SqlKind.PLUS || call.getKind() == SqlKind.MINUS
            || call.getKind() == SqlKind.MINUS_PREFIX || call.getKind() == SqlKind.TIMESTAMP_ADD
            || call.getKind() == SqlKind.CAST || call.getKind() == SqlKind.TIMES;
        boolean now = call.getOperator().getName()
            .matches("(?i)CURRENT_DATE|CURRENT_TIMESTAMP|LOCALTIMESTAMP|DATETIME_PLUS|DATETIME_MINUS");
        if (!arithmetic && !now) {
          return false;
        }
        for (RexNode o : call.getOperands()) {
          if (!Boolean.TRUE.equals(o.accept(this))) {
            return false;
          }
        }
        return true;
      }

      @Override
      public Boolean visitLiteral(RexLiteral literal) {
        return true;
      }
    });
    return Boolean.TRUE.equals(ok);
  }

  private static Long timestampMillis(RexLiteral literal) {
    SqlTypeName t = literal.getTypeName();
    if (t == SqlTypeName.TIMESTAMP) {
      return literal.getValueAs(Long.class);
    }
    if (t == SqlTypeName.DATE) {
      Integer days = literal.getValueAs(Integer.class);
      return days == null ? null : days * DateTimeUtils.MILLIS_PER_DAY;
    }
    return null;
  }

  private static Long dateMillis(RexLiteral literal) {
    if (literal.getTypeName() == SqlTypeName.DATE) {
      Integer days = literal.getValueAs(Integer.class);
      return days == null ? null : days * DateTimeUtils.MILLIS_PER_DAY;
    }
    Long ts = timestampMillis(literal);
    return ts == null ? null : Math.floorDiv(ts, DateTimeUtils.MILLIS_PER_DAY) * DateTimeUtils.MILLIS_PER_DAY;
  }
}
