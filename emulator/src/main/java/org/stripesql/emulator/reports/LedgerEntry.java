package org.stripesql.emulator.reports;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One change of the account's balance, as the reports see it: a balance transaction, or a payout (or its
 * reversal) taking effect. Amounts in the currency's minor unit, times in unix seconds.
 *
 * @param balanceTransaction the balance transaction's id; null for a payout the data set records none for
 * @param created            when it changed the balance (a payout: when it took effect)
 * @param availableOn        when its net amount became available
 * @param category           its reporting category
 * @param source             the id of the object it belongs to
 * @param payout             for a payout or its reversal, the payout; null otherwise
 */
public record LedgerEntry(String balanceTransaction, long created, long availableOn, String currency, long gross,
    long fee, long net, String category, String source, String description, JsonNode payout) {
  /** Whether it is a payout or a payout's reversal rather than activity. */
  public boolean isPayout() {
    return Ledger.PAYOUT_CATEGORIES.contains(category);
  }
}
