package org.stripesql.mirror.differential;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * A generated statement: its SQL, the parameters a prepared run binds (each with the setter a driver
 * would call), and how its rows compare: in order where its ORDER BY is total, else as multisets.
 */
record Statement(String sql, List<Param> params, boolean ordered) {
  /** One parameter value and the JDBC setter that binds it. */
  record Param(Setter setter, Object value) {
    void bind(PreparedStatement ps, int index) throws SQLException {
      switch (setter) {
        case STRING -> ps.setString(index, (String) value);
        case LONG -> ps.setLong(index, (Long) value);
        case INT -> ps.setInt(index, (Integer) value);
        case DECIMAL -> ps.setBigDecimal(index, (BigDecimal) value);
        case DOUBLE -> ps.setDouble(index, (Double) value);
        case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
        case TIMESTAMP -> ps.setTimestamp(index, (Timestamp) value);
        case DATE -> ps.setDate(index, (Date) value);
        case OBJECT -> ps.setObject(index, value);
        default -> throw new AssertionError(setter);
      }
    }

    @Override
    public String toString() {
      return setter.name().toLowerCase() + ":" + value;
    }
  }

  /** The setters the generator binds with. */
  enum Setter { STRING, LONG, INT, DECIMAL, DOUBLE, BOOLEAN, TIMESTAMP, DATE, OBJECT }

  @Override
  public String toString() {
    return sql + (params.isEmpty() ? "" : "  -- parameters " + params) + (ordered ? "" : "  -- compared as multisets");
  }
}
