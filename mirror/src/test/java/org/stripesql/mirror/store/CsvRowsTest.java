package org.stripesql.mirror.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Timestamps as the bulk loaders read them: UTC wall time to the second. */
class CsvRowsTest {
  private static String timestamp(long seconds) {
    StringBuilder b = new StringBuilder();
    CsvRows.timestamp(b, seconds);
    return b.toString();
  }

  @Test
  void timestampsAreUtcWallTimeWithSeconds() {
    assertEquals("1970-01-01 00:00:00", timestamp(0));
    assertEquals("2024-06-01 00:00:00", timestamp(LocalDateTime.of(2024, 6, 1, 0, 0).toEpochSecond(ZoneOffset.UTC)));
    assertEquals("2009-02-13 23:31:30", timestamp(1_234_567_890));
    assertEquals("0987-03-04 05:06:07", timestamp(LocalDateTime.of(987, 3, 4, 5, 6, 7).toEpochSecond(ZoneOffset.UTC)));
    assertEquals("1969-12-31 23:59:59", timestamp(-1));
  }
}
