package org.stripesql.mirror.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many tables a mirror reads at once follows from the account's rate budget. */
class StripeReadsTest {
  @Test
  void enoughTablesToUseTheWholeAccountBudgetAndOneMore() {
    assertEquals(5, StripeReads.tablesAtOnce(100, 25), "live mode: four endpoints fill 100/s");
    assertEquals(2, StripeReads.tablesAtOnce(25, 25), "test mode: one endpoint fills 25/s");
    assertEquals(3, StripeReads.tablesAtOnce(20, 10));
    assertEquals(2, StripeReads.tablesAtOnce(100_000, 100_000), "limits lifted");
    assertEquals(StripeReads.MAX_TABLES_AT_ONCE, StripeReads.tablesAtOnce(1000, 1));
  }
}
