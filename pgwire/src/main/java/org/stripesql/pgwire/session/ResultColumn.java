package org.stripesql.pgwire.session;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import org.stripesql.pgwire.protocol.MessageWriter;
import org.stripesql.pgwire.types.BinaryFormat;
import org.stripesql.pgwire.types.PgInterval;
import org.stripesql.pgwire.types.PgType;
import org.stripesql.pgwire.types.TextFormat;

/**
 * One column of a result: its name and PostgreSQL type as RowDescription carries them, and how its
 * values are read from Calcite's result set (in UTC) and encoded in text or binary.
 */
record ResultColumn(String name, PgType type, int typmod, int jdbcType) {
  private static final long DAY_MILLIS = 86_400_000L;

  /** The RowDescription field, in {@code format} (0 text, 1 binary; binary only where supported). */
  MessageWriter.Field field(int format) {
    return new MessageWriter.Field(name, 0, 0, type.oid(), type.length(), typmod, effectiveFormat(format));
  }

  int effectiveFormat(int format) {
    return format == 1 && BinaryFormat.supports(type) ? 1 : 0;
  }

  /** PostgreSQL's typmod of an {@code INTERVAL YEAR TO MONTH} (its fields, no precision). */
  static final int YEAR_TO_MONTH = (6 << 16) | 0xFFFF;

  /** The value of this column (1-based {@code index}) in the current row, in its canonical Java form. */
  Object read(ResultSet rs, int index, Calendar utc) throws SQLException {
    Object v;
    if (type == PgType.INTERVAL) {
      Object o = rs.getObject(index);
      if (o == null) {
        return null;
      }
      long n = o instanceof Number num ? num.longValue() : Long.parseLong(o.toString().trim());
      return typmod == YEAR_TO_MONTH ? new PgInterval(n, 0, 0) : PgInterval.ofMillis(n);
    }
    switch (jdbcType) {
      case Types.BOOLEAN:
      case Types.BIT:
        boolean b = rs.getBoolean(index);
        v = b;
        break;
      case Types.TINYINT:
      case Types.SMALLINT:
        v = rs.getShort(index);
        break;
      case Types.INTEGER:
        v = rs.getInt(index);
        break;
      case Types.BIGINT:
        v = rs.getLong(index);
        break;
      case Types.REAL:
        v = rs.getFloat(index);
        break;
      case Types.FLOAT:
      case Types.DOUBLE:
        v = rs.getDouble(index);
        break;
      case Types.DECIMAL:
      case Types.NUMERIC:
        return rs.getBigDecimal(index);
      case Types.DATE:
        Date d = rs.getDate(index, utc);
        return d == null ? null : LocalDate.ofEpochDay(Math.floorDiv(d.getTime(), DAY_MILLIS));
      case Types.TIME:
        Time t = rs.getTime(index, utc);
        return t == null ? null : LocalTime.ofNanoOfDay(Math.floorMod(t.getTime(), DAY_MILLIS) * 1_000_000L);
      case Types.TIMESTAMP:
      case Types.TIMESTAMP_WITH_TIMEZONE:
        Timestamp ts = rs.getTimestamp(index, utc);
        return ts == null ? null : LocalDateTime.ofEpochSecond(Math.floorDiv(ts.getTime(), 1000L), ts.getNanos(),
            ZoneOffset.UTC);
      case Types.ARRAY:
        Array a = rs.getArray(index);
        if (a == null) {
          return null;
        }
        return elements(a.getArray());
      case Types.BINARY:
      case Types.VARBINARY:
        return rs.getBytes(index);
      case Types.CHAR:
        String padded = rs.getString(index);
        return padded == null ? null : padded.stripTrailing();
      case Types.VARCHAR:
        return rs.getString(index);
      default:
        Object o = rs.getObject(index);
        return o == null ? null : o instanceof List<?> ? o : o.toString();
    }
    return rs.wasNull() ? null : v;
  }

  /** An array's elements: Calcite gives arrays of primitives for integer and float arrays. */
  private static List<Object> elements(Object array) {
    List<Object> list = new ArrayList<>();
    if (array instanceof Object[] o) {
      list.addAll(Arrays.asList(o));
    } else if (array instanceof long[] l) {
      Arrays.stream(l).forEach(list::add);
    } else if (array instanceof int[] i) {
      Arrays.stream(i).forEach(list::add);
    } else if (array instanceof double[] d) {
      Arrays.stream(d).forEach(list::add);
    } else if (array instanceof short[] s) {
      for (short v : s) {
        list.add(v);
      }
    } else if (array instanceof boolean[] b) {
      for (boolean v : b) {
        list.add(v);
      }
    } else if (array instanceof float[] f) {
      for (float v : f) {
        list.add(v);
      }
    }
    return list;
  }

  /** The encoded value for a DataRow: null for SQL NULL. */
  byte[] encode(Object value, int format) {
    if (value == null) {
      return null;
    }
    if (effectiveFormat(format) == 1) {
      return BinaryFormat.encode(type, value);
    }
    String text = TextFormat.encode(type, value);
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  static Calendar utc() {
    return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
  }
}
