package org.stripesql.pgwire.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text and binary formats as PostgreSQL writes and clients send them. */
class FormatsTest {
  @Test
  void textOfValues() {
    assertEquals("t", TextFormat.encode(PgType.BOOL, true));
    assertEquals("100", TextFormat.encode(PgType.FLOAT8, 100.0));
    assertEquals("0.1", TextFormat.encode(PgType.FLOAT8, 0.1));
    assertEquals("1e+20", TextFormat.encode(PgType.FLOAT8, 1e20));
    assertEquals("1.5e-05", TextFormat.encode(PgType.FLOAT8, 0.000015));
    assertEquals("-2.5", TextFormat.encode(PgType.FLOAT4, -2.5f));
    assertEquals("NaN", TextFormat.encode(PgType.FLOAT8, Double.NaN));
    assertEquals("2024-01-02 03:04:05", TextFormat.encode(PgType.TIMESTAMP, LocalDateTime.of(2024, 1, 2, 3, 4, 5)));
    assertEquals("2024-01-02 03:04:05.25+00",
        TextFormat.encode(PgType.TIMESTAMPTZ, LocalDateTime.of(2024, 1, 2, 3, 4, 5, 250_000_000)));
    assertEquals("{a,\"b c\",NULL,\"\"}", TextFormat.encode(PgType.TEXT_ARRAY, Arrays.asList("a", "b c", null, "")));
    assertEquals("1 2", TextFormat.encode(PgType.INT2VECTOR, List.of((short) 1, (short) 2)));
    assertEquals("\\x01ff", TextFormat.encode(PgType.BYTEA, new byte[] {1, (byte) 0xff}));
  }

  @Test
  void timestampsInEveryClientsSpelling() {
    LocalDateTime midnight = LocalDateTime.of(2024, 1, 1, 0, 0);
    assertEquals(midnight, TextFormat.timestamp("2024-01-01 00:00:00"));
    assertEquals(midnight, TextFormat.timestamp("2024-01-01 00:00:00+00"));
    assertEquals(midnight, TextFormat.timestamp("2024-01-01T00:00:00.000+00:00"));
    assertEquals(midnight, TextFormat.timestamp("2024-01-01"));
    assertEquals(midnight, TextFormat.timestamp("2024-01-01 02:00:00+02"));
    assertEquals(midnight, TextFormat.timestamp("2023-12-31 19:00:00-0500"));
    assertEquals(midnight.plusNanos(123_456_000), TextFormat.timestamp("2024-01-01 00:00:00.123456Z"));
    assertEquals(LocalDate.of(2024, 3, 1), TextFormat.decode(PgType.DATE, "2024-03-01"));
    assertEquals(true, TextFormat.decode(PgType.BOOL, "FALSE") == Boolean.FALSE);
  }

  @Test
  void numericBinaryBothWays() {
    for (String v : List.of("0", "0.00", "1", "100", "12345.6789", "-0.001", "100000000000000000000.5",
        "0.000000000001", "9999", "10000")) {
      BigDecimal d = new BigDecimal(v);
      assertEquals(d, BinaryFormat.decode(PgType.NUMERIC, BinaryFormat.encode(PgType.NUMERIC, d)), v);
    }
    assertArrayEquals(HexFormat.of().parseHex("0002000000000002000c0dac"),
        BinaryFormat.encode(PgType.NUMERIC, new BigDecimal("12.35")));
    assertEquals(new BigDecimal("0.00"), BinaryFormat.decode(PgType.NUMERIC, HexFormat.of().parseHex("0000ffff00000002")));
  }

  @Test
  void timestampsDatesAndArraysInBinary() {
    LocalDateTime t = LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000);
    assertEquals(t, BinaryFormat.decode(PgType.TIMESTAMPTZ, BinaryFormat.encode(PgType.TIMESTAMPTZ, t)));
    assertArrayEquals(new byte[8], BinaryFormat.encode(PgType.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0)));
    LocalDate d = LocalDate.of(1999, 12, 31);
    assertEquals(d, BinaryFormat.decode(PgType.DATE, BinaryFormat.encode(PgType.DATE, d)));
    List<Object> longs = Arrays.asList(1L, null, 3L);
    assertEquals(longs, BinaryFormat.decode(PgType.INT8_ARRAY, BinaryFormat.encode(PgType.INT8_ARRAY, longs)));
  }
}
