package org.stripesql.pgwire.sql;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.types.PgInterval;
import org.stripesql.pgwire.types.TextFormat;

/**
 * Date, time and interval literals in PostgreSQL's spellings, as Calcite's: {@code TIMESTAMP
 * '2026-01-01T00:00:00+00:00'}, {@code TIMESTAMPTZ 'now'}, {@code INTERVAL '30 days'}, {@code '1 day'::interval},
 * {@code CAST('-30 day' AS interval)}. A parameter cast to interval is a day-time interval. Date and time
 * strings cast with {@code ::} are read on the parse tree ({@link PgNodeRewriter}).
 */
final class TemporalLiterals {
  private static final Set<String> UNITS = Set.of("YEAR", "YEARS", "MONTH", "MONTHS", "DAY", "DAYS", "HOUR", "HOURS",
      "MINUTE", "MINUTES", "SECOND", "SECONDS", "WEEK", "QUARTER");
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
  /** The cast of a parameter to interval: Calcite's day-time interval. */
  static final String INTERVAL_PARAMETER = "INTERVAL DAY TO SECOND";

  private TemporalLiterals() {
  }

  static void apply(List<Token> t, Edits edits) {
    for (int k = 0; k < t.size(); k++) {
      Token tok = t.get(k);
      int n = Operands.next(t, k);
      if (tok.isWord("INTERVAL") && n >= 0 && t.get(n).kind() == Token.Kind.STRING && !unitFollows(t, n)) {
        edits.replace(k, "");
        edits.replace(n, interval(t.get(n)));
      } else if (tok.isSymbol("::") && isWord(t, n, "interval")) {
        castToInterval(t, Operands.prev(t, k), k, n, edits);
      } else if (tok.isWord("AS") && isWord(t, n, "interval") && isSymbol(t, Operands.next(t, n), ")")) {
        int operand = Operands.prev(t, k);
        int open = Operands.prev(t, operand);
        int call = open >= 0 && t.get(open).isSymbol("(") ? Operands.prev(t, open) : -1;
        if (call >= 0 && t.get(call).isWord("CAST")) {
          castToInterval(t, operand, k, n, edits);
          if (t.get(operand).kind() == Token.Kind.STRING || t.get(operand).kind() == Token.Kind.PARAM) {
            edits.replace(call, "");   // CAST('1 day' AS interval): the parenthesised literal or parameter
          }
        }
      } else if (tok.kind() == Token.Kind.WORD && n >= 0) {
        typed(t, k, edits);
      }
    }
  }

  /** {@code 'text'::interval} (or {@code AS interval}): a literal, a parameter, or refused. */
  private static void castToInterval(List<Token> t, int operand, int op, int type, Edits edits) {
    if (operand < 0) {
      return;
    }
    Token o = t.get(operand);
    if (o.kind() == Token.Kind.STRING) {
      edits.replace(operand, interval(o));
      edits.drop(op, type);
    } else if (o.kind() == Token.Kind.PARAM) {
      edits.castParameter(operand, INTERVAL_PARAMETER);
      edits.drop(op, type);
    } else {
      edits.replace(type, "\"interval\"");   // refused with a clear message on the parse tree
    }
  }

  private static boolean unitFollows(List<Token> t, int literal) {
    int n = Operands.next(t, literal);
    return n >= 0 && t.get(n).kind() == Token.Kind.WORD && UNITS.contains(t.get(n).upper());
  }

  private static String interval(Token literal) {
    String text = CommandParser.unquote(literal.text());
    try {
      return PgInterval.parse(text).toCalcite();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new PgSqlException(e.getMessage().startsWith("invalid") ? "22007" : "0A000", e.getMessage());
    }
  }

  /** {@code TIMESTAMP 'text'}, {@code TIMESTAMPTZ 'text'}, {@code DATE 'text'}, {@code TIME 'text'}. */
  private static void typed(List<Token> t, int k, Edits edits) {
    String word = t.get(k).upper();
    int last = k;
    boolean zone = word.equals("TIMESTAMPTZ") || word.equals("TIMETZ");
    if ((word.equals("TIMESTAMP") || word.equals("TIME")) && (isWord(t, Operands.next(t, k), "WITH")
        || isWord(t, Operands.next(t, k), "WITHOUT"))) {
      int w = Operands.next(t, k);
      int z = Operands.next(t, Operands.next(t, w));
      if (!isWord(t, z, "ZONE")) {
        return;
      }
      zone = t.get(w).isWord("WITH");
      last = z;
    }
    int lit = Operands.next(t, last);
    if (lit < 0 || t.get(lit).kind() != Token.Kind.STRING || !Set.of("TIMESTAMP", "TIMESTAMPTZ", "DATE", "TIME",
        "TIMETZ").contains(word)) {
      return;
    }
    String text = CommandParser.unquote(t.get(lit).text()).trim();
    String sql;
    try {
      sql = word.startsWith("TIME") && !word.startsWith("TIMESTAMP") ? "TIME '" + time(text) + "'"
          : special(text, word.equals("DATE"), zone);
    } catch (IllegalArgumentException e) {
      throw new PgSqlException("22007", e.getMessage());
    }
    edits.drop(k, lit);
    edits.replace(lit, sql);
  }

  /** A date or timestamp literal, with PostgreSQL's special values. */
  static String special(String text, boolean date, boolean zone) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "now":
        return date ? "CURRENT_DATE" : "CURRENT_TIMESTAMP";
      case "today":
        return date ? "CURRENT_DATE" : "CAST(CURRENT_DATE AS TIMESTAMP)";
      case "tomorrow":
        return date ? "(CURRENT_DATE + INTERVAL '1' DAY)" : "CAST(CURRENT_DATE + INTERVAL '1' DAY AS TIMESTAMP)";
      case "yesterday":
        return date ? "(CURRENT_DATE - INTERVAL '1' DAY)" : "CAST(CURRENT_DATE - INTERVAL '1' DAY AS TIMESTAMP)";
      case "epoch":
        return date ? "DATE '1970-01-01'" : "TIMESTAMP '1970-01-01 00:00:00'";
      case "infinity":
      case "-infinity":
        throw new PgSqlException("0A000", "the timestamp " + text + " is not supported");
      default:
        LocalDateTime v = TextFormat.timestamp(text, zone);
        return date ? "DATE '" + v.toLocalDate() + "'" : "TIMESTAMP '" + TIMESTAMP.format(v) + "'";
    }
  }

  static String time(String text) {
    LocalTime v = LocalTime.parse(text.length() == 5 ? text + ":00" : text);
    return String.format(Locale.ROOT, "%02d:%02d:%02d", v.getHour(), v.getMinute(), v.getSecond());
  }

  private static boolean isWord(List<Token> t, int i, String word) {
    return i >= 0 && t.get(i).isWord(word);
  }

  private static boolean isSymbol(List<Token> t, int i, String symbol) {
    return i >= 0 && t.get(i).isSymbol(symbol);
  }
}
