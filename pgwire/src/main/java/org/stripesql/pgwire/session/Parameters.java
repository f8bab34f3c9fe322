package org.stripesql.pgwire.session;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.types.BinaryFormat;
import org.stripesql.pgwire.types.PgInterval;
import org.stripesql.pgwire.types.PgType;
import org.stripesql.pgwire.types.TextFormat;

/**
 * Bind's parameter values: decoded from text or binary and converted to what Calcite expects for each
 * {@code $n} (a client's text {@code '10'} for a BIGINT comparison is the number 10; its binary int8 for an
 * INTEGER one an int), then set on the statement, timestamps in UTC.
 */
final class Parameters {
  private Parameters() {
  }

  /** The values of {@code $1..$n}. */
  static Object[] decode(QueryPlan plan, short[] formats, byte[][] raw) {
    PgType[] types = plan.parameterTypes();
    if (raw.length != types.length) {
      throw new PgSqlException("08P01", "bind message supplies " + raw.length + " parameters, but the prepared"
          + " statement requires " + types.length);
    }
    Object[] values = new Object[raw.length];
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == null) {
        continue;
      }
      int format = formats.length == 0 ? 0 : formats.length == 1 ? formats[0] : formats[i];
      int jdbc = plan.parameterJdbcType(i);
      try {
        Object v;
        if (format == 1) {
          v = BinaryFormat.decode(types[i], raw[i]);
        } else {
          String text = new String(raw[i], StandardCharsets.UTF_8);
          PgType target = types[i] == PgType.INTERVAL || types[i].element() != null ? types[i]
              : PgType.ofJdbc(jdbc, null);
          v = target == PgType.VARCHAR || target == PgType.TEXT ? text : TextFormat.decode(target, text);
        }
        if (v instanceof PgInterval iv) {
          // Calcite's JDBC binding reads a day-time interval's value as whole seconds
          v = iv.toMillis() / 1000;
        }
        values[i] = convert(v, jdbc);
      } catch (RuntimeException e) {
        throw new PgSqlException("22P02", "invalid value for parameter $" + (i + 1) + ": " + e.getMessage());
      }
    }
    return values;
  }

  /** {@code v} as the Java type of JDBC type {@code jdbc}. */
  static Object convert(Object v, int jdbc) {
    if (v == null) {
      return null;
    }
    switch (jdbc) {
      case Types.BIGINT:
        return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
      case Types.INTEGER:
        return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
      case Types.SMALLINT:
      case Types.TINYINT:
        return v instanceof Number n ? n.shortValue() : Short.parseShort(v.toString().trim());
      case Types.DOUBLE:
      case Types.FLOAT:
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
      case Types.REAL:
        return v instanceof Number n ? n.floatValue() : Float.parseFloat(v.toString().trim());
      case Types.DECIMAL:
      case Types.NUMERIC:
        return v instanceof BigDecimal d ? d : new BigDecimal(v.toString().trim());
      case Types.BOOLEAN:
      case Types.BIT:
        return v instanceof Boolean b ? b : TextFormat.bool(v.toString().trim());
      case Types.TIMESTAMP:
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return v instanceof LocalDateTime t ? t : v instanceof LocalDate d ? d.atStartOfDay()
            : TextFormat.timestamp(v.toString());
      case Types.DATE:
        return v instanceof LocalDate d ? d : v instanceof LocalDateTime t ? t.toLocalDate()
            : TextFormat.timestamp(v.toString()).toLocalDate();
      case Types.TIME:
        return v instanceof LocalTime t ? t : LocalTime.parse(v.toString().trim());
      case Types.CHAR:
      case Types.VARCHAR:
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
      default:
        return v;
    }
  }

  /** Sets each {@code ?} of {@code ps} to the value of the {@code $n} it stands for. */
  static void apply(PreparedStatement ps, QueryPlan plan, Object[] values, Calendar utc) throws SQLException {
    int[] order = plan.order();
    for (int j = 0; j < order.length; j++) {
      int n = order[j];
      Object v = values[n - 1];
      int jdbc = plan.parameterJdbcType(n - 1);
      if (v == null) {
        ps.setNull(j + 1, jdbc);
      } else if (v instanceof LocalDateTime t) {
        Timestamp ts = new Timestamp(t.toEpochSecond(ZoneOffset.UTC) * 1000L);
        ts.setNanos(t.getNano());
        ps.setTimestamp(j + 1, ts, utc);
      } else if (v instanceof LocalDate d) {
        ps.setDate(j + 1, new Date(d.toEpochDay() * 86_400_000L), utc);
      } else if (v instanceof LocalTime t) {
        ps.setTime(j + 1, new Time(t.toNanoOfDay() / 1_000_000L), utc);
      } else {
        ps.setObject(j + 1, v);
      }
    }
  }
}
