package org.stripesql.pgwire.types;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL interval: months, days and microseconds, read from any of PostgreSQL's input forms
 * ({@code 30 days}, {@code -30 day}, {@code 3 days 7200.000000 seconds}, {@code 1 day 02:00:00},
 * {@code 1 year 2 mons}, {@code @ 1 hour ago}, ISO 8601 {@code P1DT2H}), and written as PostgreSQL writes
 * it or as a Calcite interval literal (year-month or day-time: Calcite has no interval of both).
 */
public record PgInterval(long months, long days, long micros) {
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final Pattern TIME = Pattern.compile("([+-])?(\\d+):(\\d{1,2})(?::(\\d{1,2}(?:\\.\\d*)?))?");
  private static final Pattern ISO = Pattern.compile(
      "P(?:([-\\d.]+)Y)?(?:([-\\d.]+)M)?(?:([-\\d.]+)W)?(?:([-\\d.]+)D)?"
      + "(?:T(?:([-\\d.]+)H)?(?:([-\\d.]+)M)?(?:([-\\d.]+)S)?)?", Pattern.CASE_INSENSITIVE);

  /** The interval {@code text} stands for. */
  public static PgInterval parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw invalid(text);
    }
    Matcher iso = ISO.matcher(s);
    if (s.length() > 1 && (s.charAt(0) == 'P' || s.charAt(0) == 'p') && iso.matches()) {
      Acc a = new Acc();
      a.add(iso.group(1), "year", text);
      a.add(iso.group(2), "month", text);
      a.add(iso.group(3), "week", text);
      a.add(iso.group(4), "day", text);
      a.add(iso.group(5), "hour", text);
      a.add(iso.group(6), "minute", text);
      a.add(iso.group(7), "second", text);
      return a.result(false);
    }
    String[] words = s.replace("@", " ").trim().split("\\s+");
    Acc a = new Acc();
    boolean ago = false;
    for (int i = 0; i < words.length; i++) {
      String w = words[i].toLowerCase(Locale.ROOT);
      Matcher time = TIME.matcher(w);
      if (w.equals("ago")) {
        ago = true;
      } else if (time.matches()) {
        a.time(time);
      } else if (w.matches("[+-]?\\d+-\\d+")) {
        boolean neg = w.startsWith("-");
        String[] ym = w.replaceFirst("^[+-]", "").split("-");
        long m = Long.parseLong(ym[0]) * 12 + Long.parseLong(ym[1]);
        a.months += neg ? -m : m;
      } else if (w.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)")) {
        String unit = i + 1 < words.length && !TIME.matcher(words[i + 1]).matches()
            && !words[i + 1].equalsIgnoreCase("ago") ? words[++i] : null;
        if (unit == null && i + 1 < words.length && TIME.matcher(words[i + 1]).matches()) {
          unit = "day";   // 1 02:00:00: days, then the time
        }
        a.add(w, unit == null ? "second" : unit, text);
      } else if (w.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)[a-z]+")) {
        Matcher m = Pattern.compile("([+-]?(?:\\d+\\.?\\d*|\\.\\d+))([a-z]+)").matcher(w);
        m.matches();
        a.add(m.group(1), m.group(2), text);
      } else {
        throw invalid(text);
      }
    }
    return a.result(ago);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid input syntax for type interval: \"" + text + "\"");
  }

  /** Sums the fields of an interval as they are read. */
  private static final class Acc {
    private long months;
    private long days;
    private BigDecimal micros = BigDecimal.ZERO;

    void add(String number, String unit, String text) {
      if (number == null) {
        return;
      }
      BigDecimal v = new BigDecimal(number);
      switch (unit.toLowerCase(Locale.ROOT)) {
        case "microsecond": case "microseconds": case "usec": case "usecs": case "us":
          micros = micros.add(v);
          break;
        case "millisecond": case "milliseconds": case "msec": case "msecs": case "ms":
          micros = micros.add(v.multiply(BigDecimal.valueOf(1000)));
          break;
        case "second": case "seconds": case "sec": case "secs": case "s":
          micros = micros.add(v.multiply(BigDecimal.valueOf(1_000_000)));
          break;
        case "minute": case "minutes": case "min": case "mins": case "m":
          micros = micros.add(v.multiply(BigDecimal.valueOf(60_000_000)));
          break;
        case "hour": case "hours": case "hr": case "hrs": case "h":
          micros = micros.add(v.multiply(BigDecimal.valueOf(3_600_000_000L)));
          break;
        case "day": case "days": case "d":
          addDays(v);
          break;
        case "week": case "weeks": case "w":
          addDays(v.multiply(BigDecimal.valueOf(7)));
          break;
        case "month": case "months": case "mon": case "mons":
          addMonths(v);
          break;
        case "year": case "years": case "yr": case "yrs": case "y":
          addMonths(v.multiply(BigDecimal.valueOf(12)));
          break;
        case "decade": case "decades":
          addMonths(v.multiply(BigDecimal.valueOf(120)));
          break;
        case "century": case "centuries":
          addMonths(v.multiply(BigDecimal.valueOf(1200)));
          break;
        case "millennium": case "millennia": case "millenniums":
          addMonths(v.multiply(BigDecimal.valueOf(12_000)));
          break;
        default:
          throw invalid(text);
      }
    }

    /** A fraction of a month is days of 30, as in PostgreSQL; a fraction of a day is time. */
    private void addMonths(BigDecimal v) {
      BigDecimal whole = v.setScale(0, RoundingMode.DOWN);
      months += whole.longValueExact();
      addDays(v.subtract(whole).multiply(BigDecimal.valueOf(30)));
    }

    private void addDays(BigDecimal v) {
      BigDecimal whole = v.setScale(0, RoundingMode.DOWN);
      days += whole.longValueExact();
      micros = micros.add(v.subtract(whole).multiply(BigDecimal.valueOf(MICROS_PER_DAY)));
    }

    void time(Matcher t) {
      BigDecimal seconds = t.group(4) == null ? BigDecimal.ZERO : new BigDecimal(t.group(4));
      BigDecimal v = BigDecimal.valueOf(Long.parseLong(t.group(2)) * 3600 + Long.parseLong(t.group(3)) * 60)
          .add(seconds).multiply(BigDecimal.valueOf(1_000_000));
      micros = "-".equals(t.group(1)) ? micros.subtract(v) : micros.add(v);
    }

    PgInterval result(boolean ago) {
      long us = micros.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
      return ago ? new PgInterval(-months, -days, -us) : new PgInterval(months, days, us);
    }
  }

  /** An interval of {@code millis} milliseconds (Calcite's day-time intervals). */
  public static PgInterval ofMillis(long millis) {
    return new PgInterval(0, millis / 86_400_000L, (millis % 86_400_000L) * 1000);
  }

  /** The length in milliseconds of a day-time interval (months must be 0). */
  public long toMillis() {
    if (months != 0) {
      throw new IllegalArgumentException("an interval of months (" + this + ") has no fixed length");
    }
    return days * 86_400_000L + Math.floorDiv(micros, 1000);
  }

  /**
   * Calcite SQL for this interval: {@code INTERVAL '1-2' YEAR TO MONTH} or
   * {@code INTERVAL '3 02:00:00.000' DAY TO SECOND}.
   *
   * @throws IllegalArgumentException for months together with days or time, which Calcite cannot hold
   */
  public String toCalcite() {
    if (months != 0 && (days != 0 || micros != 0)) {
      throw new IllegalArgumentException("an interval of months and days or time (" + this + ") is not supported:"
          + " write the months and the days as two intervals");
    }
    if (months != 0) {
      long m = Math.abs(months);
      return "INTERVAL '" + (months < 0 ? "-" : "") + m / 12 + "-" + m % 12 + "' YEAR TO MONTH";
    }
    long total = toMillis();
    long t = Math.abs(total);
    return String.format(Locale.ROOT, "INTERVAL '%s%d %02d:%02d:%02d.%03d' DAY TO SECOND", total < 0 ? "-" : "",
        t / 86_400_000L, t / 3_600_000L % 24, t / 60_000L % 60, t / 1000 % 60, t % 1000);
  }

  /** As PostgreSQL writes it (IntervalStyle postgres): {@code 1 year 2 mons 3 days 04:05:06.5}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    long y = months / 12;
    long m = months % 12;
    if (y != 0) {
      b.append(y).append(Math.abs(y) == 1 ? " year" : " years");
    }
    if (m != 0) {
      b.append(b.length() > 0 ? " " : "").append(m).append(Math.abs(m) == 1 ? " mon" : " mons");
    }
    if (days != 0) {
      b.append(b.length() > 0 ? " " : "").append(days).append(Math.abs(days) == 1 ? " day" : " days");
    }
    if (micros != 0 || b.length() == 0) {
      long t = Math.abs(micros);
      b.append(b.length() > 0 ? " " : "").append(micros < 0 ? "-" : "");
      b.append(String.format(Locale.ROOT, "%02d:%02d:%02d", t / 3_600_000_000L, t / 60_000_000L % 60,
          t / 1_000_000L % 60));
      long frac = t % 1_000_000L;
      if (frac != 0) {
        b.append('.').append(String.format(Locale.ROOT, "%06d", frac).replaceAll("0+$", ""));
      }
    }
    return b.toString();
  }
}
