package org.stripesql.mirror.differential;

import java.math.BigDecimal;

/** How the generator writes names and literals (the gateway's lexical rules: MYSQL_ANSI, double quotes). */
final class Sql {
  private Sql() {}

  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String string(String v) {
    return "'" + v.replace("'", "''") + "'";
  }

  static String timestamp(String text) {
    return "TIMESTAMP '" + text + "'";
  }

  /** A literal for a sampled value of a column of this kind. */
  static String literal(Object v) {
    if (v instanceof String s) {
      return string(s);
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "0E0" : new BigDecimal(d).toString() + "E0";
    }
    return String.valueOf(v);
  }
}
