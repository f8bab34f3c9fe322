package org.stripesql.mirror.differential;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * What one path answered: its rows (each value as text: decimals by value, doubles to 12 significant
 * digits, since a sum's last bits depend on the order rows are added in) or its error. Two answers are
 * alike when both failed, or both gave the same rows (in order, when the statement's order is total).
 */
record Answer(List<String> rows, String error) {
  private static final MathContext DOUBLE_DIGITS = new MathContext(12);

  static Answer of(Connection c, Statement s) {
    try (PreparedStatement ps = c.prepareStatement(s.sql())) {
      ps.setQueryTimeout(120);
      for (int i = 0; i < s.params().size(); i++) {
        s.params().get(i).bind(ps, i + 1);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<String> rows = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            row.append(i == 1 ? "" : " | ").append(text(rs, i, md.getColumnType(i)));
          }
          rows.add(row.toString());
        }
        if (!s.ordered()) {
          rows.sort(null);
        }
        return new Answer(rows, null);
      }
    } catch (SQLException | RuntimeException e) {
      return new Answer(null, rootMessage(e));
    }
  }

  private static String text(ResultSet rs, int i, int type) throws SQLException {
    if (type == Types.TIMESTAMP || type == Types.DATE || type == Types.TIME) {
      String v = rs.getString(i);
      return v == null ? "NULL" : v;
    }
    Object v = rs.getObject(i);
    if (v == null) {
      return "NULL";
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Double.toString(d);
      }
      return d == 0 ? "0" : new BigDecimal(d).round(DOUBLE_DIGITS).stripTrailingZeros().toPlainString();
    }
    if (v instanceof String str) {
      return "'" + str + "'";
    }
    return v.toString();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    String m = String.valueOf(e.getMessage());
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        m = t.getMessage();
      }
    }
    m = t.getClass().getSimpleName() + ": " + m;
    return m.length() > 400 ? m.substring(0, 400) + "..." : m;
  }

  boolean failed() {
    return error != null;
  }

  boolean alike(Answer other) {
    return failed() || other.failed() ? failed() && other.failed() : rows.equals(other.rows);
  }

  /** The answer as a report shows it: the error, or the row count and the first rows. */
  String describe() {
    if (failed()) {
      return "error " + error;
    }
    StringBuilder b = new StringBuilder(rows.size() + " rows");
    for (int i = 0; i < Math.min(6, rows.size()); i++) {
      b.append("\n        ").append(rows.get(i));
    }
    return b.toString();
  }

  /** The first row where two row lists differ, for a report. */
  String firstDifference(Answer other) {
    if (failed() || other.failed()) {
      return "";
    }
    for (int i = 0; i < Math.max(rows.size(), other.rows.size()); i++) {
      String a = i < rows.size() ? rows.get(i) : "(none)";
      String b = i < other.rows.size() ? other.rows.get(i) : "(none)";
      if (!a.equals(b)) {
        return "first difference at row " + i + ": " + a + "  vs  " + b;
      }
    }
    return "";
  }
}
