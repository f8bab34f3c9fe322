package org.stripesql.pgwire.catalog;

import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.calcite.runtime.SqlFunctions;

/**
 * PostgreSQL's time-zone conversions on the gateway's timestamps (UTC wall-clock time; the session's
 * {@code TimeZone} is UTC): {@code ts AT TIME ZONE z} (a timestamp read as wall-clock time in z, the
 * instant it is) and its second application (an instant's wall-clock time in z). Values cross Calcite's
 * boundary as it converts them ({@link SqlFunctions#toLong(Timestamp)}), whatever the JVM's time zone.
 */
public final class TimeFunctions {
  private TimeFunctions() {
  }

  /** {@code ts AT TIME ZONE zone}, ts without a zone: the instant (in UTC) of wall-clock {@code ts} in zone. */
  public static Timestamp timezone_at(Timestamp ts, String zone) {
    if (ts == null || zone == null) {
      return null;
    }
    LocalDateTime local = utc(ts);
    Instant instant = local.atZone(zone(zone)).toInstant();
    return timestamp(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  /** {@code instant AT TIME ZONE zone}: the wall-clock time in zone of the instant (written in UTC). */
  public static Timestamp timezone_to(Timestamp ts, String zone) {
    if (ts == null || zone == null) {
      return null;
    }
    Instant instant = utc(ts).toInstant(ZoneOffset.UTC);
    return timestamp(LocalDateTime.ofInstant(instant, zone(zone)));
  }

  /** PostgreSQL's {@code timezone(zone, ts)}: {@code ts AT TIME ZONE zone}. */
  public static Timestamp timezone(String zone, Timestamp ts) {
    return timezone_at(ts, zone);
  }

  private static LocalDateTime utc(Timestamp ts) {
    long internal = SqlFunctions.toLong(ts);
    return LocalDateTime.ofEpochSecond(Math.floorDiv(internal, 1000L), (int) Math.floorMod(internal, 1000L) * 1_000_000,
        ZoneOffset.UTC);
  }

  private static Timestamp timestamp(LocalDateTime utc) {
    return SqlFunctions.internalToTimestamp(utc.toInstant(ZoneOffset.UTC).toEpochMilli());
  }

  private static ZoneId zone(String name) {
    try {
      String n = name.trim();
      return n.equalsIgnoreCase("UTC") || n.equalsIgnoreCase("GMT") || n.equalsIgnoreCase("Z") ? ZoneOffset.UTC
          : ZoneId.of(n);
    } catch (DateTimeException e) {
      throw new PgSqlException("22023", "time zone \"" + name + "\" not recognized");
    }
  }
}
