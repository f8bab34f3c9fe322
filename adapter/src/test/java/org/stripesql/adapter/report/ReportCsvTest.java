package org.stripesql.adapter.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ReportTypes;

/** Report files as Stripe writes them: RFC 4180 records, typed into a report table's rows. */
class ReportCsvTest {
  @Test
  void quotesLineEndsAndAByteOrderMark() throws IOException {
    ReportCsv csv = new ReportCsv(new StringReader("\uFEFFa,b,c\r\n1,\"x, \"\"y\"\"\",\r\n\n2,\"two\nlines\",z\r3,,"));
    assertArrayEquals(new String[] {"a", "b", "c"}, csv.next());
    assertArrayEquals(new String[] {"1", "x, \"y\"", ""}, csv.next());
    assertArrayEquals(new String[] {"2", "two\nlines", "z"}, csv.next());
    assertArrayEquals(new String[] {"3", "", ""}, csv.next());
    assertNull(csv.next());
  }

  @Test
  void anUnclosedQuoteIsAnError() {
    ReportCsv csv = new ReportCsv(new StringReader("a\n\"open"));
    assertThrows(IOException.class, () -> {
      csv.next();
      csv.next();
    });
  }

  @Test
  void rowsAreTypedByTheHeaderWithTheRunsInterval() throws IOException {
    ApiTable t = ReportTypes.bundled().byId("balance.summary.1").orElseThrow().toTable();
    ReportRowReader r = new ReportRowReader(t, new ReportCsv(new StringReader(
        "currency,net_amount,category,extra\nusd,-12.30,payouts,x\njpy,,activity,y\n")), "a run",
        new RunParameters("balance.summary.1", 10L, 20L, null, Map.of()));
    List<String> names = t.columns().stream().map(c -> c.name()).toList();
    Object[] first = r.next();
    assertEquals(new BigDecimal("-12.30"), first[names.indexOf("net_amount")]);
    assertEquals("usd", first[names.indexOf("currency")]);
    assertNull(first[names.indexOf("description")], "a column the file lacks is null");
    assertEquals(10_000L, first[names.indexOf("interval_start")]);
    assertEquals(20_000L, first[names.indexOf("interval_end")]);
    assertNull(r.next()[names.indexOf("net_amount")], "an empty cell is null");
    assertNull(r.next());
  }

  @Test
  void timesAreUtc() {
    assertEquals(1_704_067_200_000L, ReportRowReader.millis("2024-01-01 00:00:00"));
    assertEquals(1_704_067_200_000L, ReportRowReader.millis("2024-01-01"));
    assertEquals(1_704_067_201_000L, ReportRowReader.millis("2024-01-01T00:00:01Z"));
  }

  @Test
  void boundsPutTheIntervalsEdgesOnWholeSeconds() {
    assertEquals(10, new IntervalBound(">=", 10_000L, null).edgeSeconds(10_000L));
    assertEquals(11, new IntervalBound(">=", 10_500L, null).edgeSeconds(10_500L));
    assertEquals(11, new IntervalBound(">", 10_000L, null).edgeSeconds(10_000L));
    assertEquals(10, new IntervalBound("<=", 10_500L, null).edgeSeconds(10_500L));
    assertEquals(9, new IntervalBound("<", 10_000L, null).edgeSeconds(10_000L));
    assertEquals(10, new IntervalBound("<", 10_500L, null).edgeSeconds(10_500L));
  }
}
