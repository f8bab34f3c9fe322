package org.stripesql.pgwire.types;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's text format of values, both ways: what {@code psql} prints ({@code t}, {@code 1e+20},
 * {@code 2024-01-01 00:00:00+00}, {@code {a,b}}) and what clients send as text parameters (any of
 * PostgreSQL's timestamp spellings, ISO-8601 with {@code T} and an offset included). Values are in
 * their canonical Java form: Long, Integer, Short, Boolean, BigDecimal, Double, Float, String,
 * LocalDateTime (UTC), LocalDate, LocalTime, byte[] and List for arrays.
 */
public final class TextFormat {
  private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true).toFormatter();
  private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
      .appendPattern("HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true).toFormatter();
  /** Input: date, optional time with fraction, optional offset (+00, +00:00, +0000, Z). */
  private static final DateTimeFormatter INPUT = new DateTimeFormatterBuilder().parseCaseInsensitive()
      .appendPattern("yyyy-MM-dd").optionalStart().appendLiteral(' ')
      .appendPattern("HH:mm").optionalStart().appendPattern(":ss").optionalEnd()
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .toFormatter(Locale.ROOT);
  /** A trailing offset as clients write it: +00, +0530, -05:00. */
  private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{2})(?::?(\\d{2}))?$");

  private TextFormat() {
  }

  /** The text of {@code value} as a column of {@code type}; null for SQL NULL. */
  public static String encode(PgType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type.element() != null) {
      return array(type.element(), value);
    }
    switch (type) {
      case BOOL:
        return value instanceof Boolean b ? (b ? "t" : "f") : String.valueOf(value);
      case FLOAT4:
      case FLOAT8:
        return value instanceof Number n ? floating(n.doubleValue(), type == PgType.FLOAT4) : value.toString();
      case NUMERIC:
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
      case TIMESTAMP:
        return value instanceof LocalDateTime t ? DATE_TIME.format(t) : value.toString();
      case TIMESTAMPTZ:
        return value instanceof LocalDateTime t ? DATE_TIME.format(t) + "+00" : value.toString();
      case DATE:
        return value.toString();
      case TIME:
        return value instanceof LocalTime t ? TIME.format(t) : value.toString();
      case BYTEA:
        return value instanceof byte[] b ? "\\x" + HexFormat.of().formatHex(b) : value.toString();
      case INT2VECTOR:
      case OIDVECTOR:
        return value instanceof List<?> l ? vector(l) : value.toString();
      case INTERVAL:
        return value instanceof Number n ? PgInterval.ofMillis(n.longValue()).toString() : value.toString();
      default:
        return value.toString();
    }
  }

  private static String vector(List<?> l) {
    StringBuilder b = new StringBuilder();
    for (Object o : l) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(o);
    }
    return b.toString();
  }

  private static String array(PgType element, Object value) {
    if (!(value instanceof List<?> list)) {
      return value.toString();
    }
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String e = encode(element, list.get(i));
      if (e == null) {
        b.append("NULL");
      } else if (e.isEmpty() || e.equalsIgnoreCase("NULL") || e.chars().anyMatch(c -> "{},\"\\ \t\n".indexOf(c) >= 0)) {
        b.append('"').append(e.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      } else {
        b.append(e);
      }
    }
    return b.append('}').toString();
  }

  /**
   * A float as PostgreSQL 12+ prints it with extra_float_digits 1: the shortest text that reads back
   * exactly, plain from 1e-4 up to 1e15 ({@code 100}, {@code 0.1}), else {@code 1e+20}, {@code 1.5e-05}.
   */
  static String floating(double d, boolean single) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal v = new BigDecimal(single ? Float.toString((float) d) : Double.toString(d)).stripTrailingZeros();
    int exponent = v.precision() - v.scale() - 1;
    int limit = single ? 6 : 15;
    if (exponent >= -4 && exponent < limit) {
      return v.toPlainString();
    }
    String digits = v.unscaledValue().abs().toString();
    StringBuilder b = new StringBuilder();
    if (v.signum() < 0) {
      b.append('-');
    }
    b.append(digits.charAt(0));
    if (digits.length() > 1) {
      b.append('.').append(digits, 1, digits.length());
    }
    b.append('e').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      b.append('0');
    }
    return b.append(abs).toString();
  }

  /** The value of a text parameter of {@code type}. */
  public static Object decode(PgType type, String text) {
    String s = text.trim();
    switch (type) {
      case BOOL:
        return bool(s);
      case INT2:
        return Short.parseShort(s);
      case INT4:
      case OID:
        return Integer.parseInt(s);
      case INT8:
        return Long.parseLong(s);
      case FLOAT4:
        return Float.parseFloat(s);
      case FLOAT8:
        return Double.parseDouble(s);
      case NUMERIC:
        return new BigDecimal(s);
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return timestamp(s);
      case DATE:
        return timestamp(s).toLocalDate();
      case TIME:
        return LocalTime.parse(s);
      case BYTEA:
        return s.startsWith("\\x") ? HexFormat.of().parseHex(s.substring(2)) : text.getBytes();
      case INTERVAL:
        return PgInterval.parse(s);
      default:
        if (type.element() != null) {
          return parseArray(type.element(), s);
        }
        return text;
    }
  }

  /** PostgreSQL's boolean input: t, true, yes, on, 1 and their opposites, in any case. */
  public static Boolean bool(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "t": case "true": case "y": case "yes": case "on": case "1":
        return true;
      case "f": case "false": case "n": case "no": case "off": case "0":
        return false;
      default:
        throw new IllegalArgumentException("invalid input syntax for type boolean: \"" + s + "\"");
    }
  }

  /**
   * A timestamp in any of the spellings clients send ({@code 2024-01-01}, {@code 2024-01-01 00:00:00+00},
   * {@code 2024-01-01T00:00:00.000+00:00}) as UTC wall-clock time.
   */
  public static LocalDateTime timestamp(String s) {
    return timestamp(s, true);
  }

  /**
   * A timestamp's text as {@code timestamp} ({@code withZone} false: an offset in the text is ignored, as
   * PostgreSQL ignores it) or {@code timestamptz} (the offset converts the time to UTC) reads it.
   */
  public static LocalDateTime timestamp(String s, boolean withZone) {
    try {
      String n = s.trim();
      if (n.length() > 10 && (n.charAt(10) == 'T' || n.charAt(10) == 't')) {
        n = n.substring(0, 10) + ' ' + n.substring(11);
      }
      n = n.endsWith(" UTC") || n.endsWith(" utc") ? n.substring(0, n.length() - 4) + "Z" : n;
      Matcher m = n.length() > 10 ? OFFSET.matcher(n) : null;
      if (m != null && m.find() && m.start() > 10) {
        n = n.substring(0, m.start()) + m.group(1) + m.group(2) + ":" + (m.group(3) == null ? "00" : m.group(3));
      }
      TemporalAccessor t = INPUT.parseBest(n, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
      if (t instanceof OffsetDateTime o) {
        return withZone ? o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : o.toLocalDateTime();
      }
      if (t instanceof LocalDateTime l) {
        return l;
      }
      return ((LocalDate) t).atStartOfDay();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("invalid input syntax for type timestamp: \"" + s + "\"", e);
    }
  }

  private static List<Object> parseArray(PgType element, String s) {
    List<Object> out = new ArrayList<>();
    for (String e : arrayElements(s)) {
      out.add(e == null ? null : decode(element, e));
    }
    return out;
  }

  /**
   * The elements of a one-dimensional array in PostgreSQL's text form ({@code {a,"b c",NULL}}): their
   * texts, null for an unquoted NULL.
   *
   * @throws IllegalArgumentException for text that is not such an array
   */
  public static List<String> arrayElements(String text) {
    String s = text.trim();
    if (!s.startsWith("{") || !s.endsWith("}")) {
      throw new IllegalArgumentException("malformed array literal: \"" + text + "\"");
    }
    List<String> out = new ArrayList<>();
    String body = s.substring(1, s.length() - 1);
    if (body.isBlank()) {
      return out;
    }
    int i = 0;
    while (i <= body.length()) {
      StringBuilder e = new StringBuilder();
      boolean quoted = false;
      while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
        i++;
      }
      if (i < body.length() && body.charAt(i) == '"') {
        quoted = true;
        i++;
        while (i < body.length() && body.charAt(i) != '"') {
          if (body.charAt(i) == '\\' && i + 1 < body.length()) {
            i++;
          }
          e.append(body.charAt(i++));
        }
        i++;
        while (i < body.length() && body.charAt(i) != ',') {
          i++;
        }
      } else {
        while (i < body.length() && body.charAt(i) != ',') {
          if (body.charAt(i) == '{' || body.charAt(i) == '}') {
            throw new IllegalArgumentException("only one-dimensional arrays are supported: \"" + text + "\"");
          }
          e.append(body.charAt(i++));
        }
      }
      String v = quoted ? e.toString() : e.toString().trim();
      out.add(!quoted && v.equalsIgnoreCase("NULL") ? null : v);
      i++;
    }
    return out;
  }
}
