package org.stripesql.pgwire.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's string functions that catalog and BI queries call and Calcite lacks: {@code format} (with
 * {@code %s}, {@code %I} and {@code %L}), {@code parse_ident}, {@code string_to_array}.
 */
public final class TextFunctions {
  private TextFunctions() {
  }

  public static String format(Object fmt) {
    return format(fmt, new Object[0]);
  }

  public static String format(Object fmt, Object a1) {
    return format(fmt, new Object[] {a1});
  }

  public static String format(Object fmt, Object a1, Object a2) {
    return format(fmt, new Object[] {a1, a2});
  }

  public static String format(Object fmt, Object a1, Object a2, Object a3) {
    return format(fmt, new Object[] {a1, a2, a3});
  }

  public static String format(Object fmt, Object a1, Object a2, Object a3, Object a4) {
    return format(fmt, new Object[] {a1, a2, a3, a4});
  }

  private static String format(Object fmt, Object[] args) {
    if (fmt == null) {
      return null;
    }
    String f = fmt.toString();
    StringBuilder b = new StringBuilder();
    int next = 0;
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c != '%') {
        b.append(c);
        continue;
      }
      if (++i >= f.length()) {
        throw new PgSqlException("22023", "unterminated format() type specifier");
      }
      char t = f.charAt(i);
      if (t == '%') {
        b.append('%');
        continue;
      }
      if (next >= args.length) {
        throw new PgSqlException("22023", "too few arguments for format()");
      }
      Object a = args[next++];
      switch (t) {
        case 's':
          b.append(a == null ? "" : a.toString());
          break;
        case 'I':
          if (a == null) {
            throw new PgSqlException("22004", "null values cannot be formatted as an SQL identifier");
          }
          b.append(CatalogSnapshot.quoteIdent(a.toString()));
          break;
        case 'L':
          b.append(a == null ? "NULL" : "'" + a.toString().replace("'", "''") + "'");
          break;
        default:
          throw new PgSqlException("22023", "unrecognized format() type specifier \"" + t + "\"");
      }
    }
    return b.toString();
  }

  /** {@code parse_ident('a."B c"')}: the name's parts, quotes removed, unquoted parts in lower case. */
  public static List<String> parse_ident(Object name) {
    return name == null ? null : CatalogSnapshot.splitName(name.toString());
  }

  public static List<String> parse_ident(Object name, Object strict) {
    return parse_ident(name);
  }

  /** {@code string_to_array(text, delimiter)}. */
  public static List<String> string_to_array(Object text, Object delimiter) {
    return string_to_array(text, delimiter, null);
  }

  public static List<String> string_to_array(Object text, Object delimiter, Object nullString) {
    if (text == null) {
      return null;
    }
    String s = text.toString();
    List<String> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    if (delimiter == null) {
      s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
    } else if (delimiter.toString().isEmpty()) {
      out.add(s);
    } else {
      String d = delimiter.toString();
      int at = 0;
      while (true) {
        int i = s.indexOf(d, at);
        out.add(s.substring(at, i < 0 ? s.length() : i));
        if (i < 0) {
          break;
        }
        at = i + d.length();
      }
    }
    if (nullString != null) {
      out.replaceAll(e -> e.equals(nullString.toString()) ? null : e);
    }
    return out;
  }
}
