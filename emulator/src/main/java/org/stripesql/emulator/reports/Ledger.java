package org.stripesql.emulator.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stripesql.emulator.data.DataSet;

/**
 * The account's balance history as Stripe's reports define it, read from the data set: its balance
 * transactions (the activity) and its payouts, each taking effect when Stripe deducts it (docs/reports.md);
 * which automatic payout settled each transaction: the first one in its currency created once the
 * transaction's funds were available, and not failed or canceled.
 */
public final class Ledger {
  static final Set<String> PAYOUT_CATEGORIES = Set.of("payout", "payout_reversal");
  private static final Comparator<LedgerEntry> ORDER = Comparator.comparingLong(LedgerEntry::created)
      .thenComparing(e -> e.balanceTransaction() == null ? e.source() : e.balanceTransaction());

  private final List<LedgerEntry> activity = new ArrayList<>();
  private final List<LedgerEntry> payouts = new ArrayList<>();
  private final Map<LedgerEntry, JsonNode> settledBy = new IdentityHashMap<>();

  private Ledger() {}

  /** The ledger of the data set as it is now. */
  public static Ledger of(DataSet data) {
    Ledger l = new Ledger();
    Map<String, ObjectNode> transactions = new HashMap<>();
    for (ObjectNode bt : data.list("balance_transactions")) {
      transactions.put(bt.path("id").asText(), bt);
      LedgerEntry e = entry(bt, bt.path("created").asLong(), null);
      if (!e.isPayout()) {
        l.activity.add(e);
      }
    }
    for (ObjectNode p : data.list("payouts")) {
      long at = effectiveAt(p);
      ObjectNode bt = transactions.get(p.path("balance_transaction").asText(""));
      long amount = p.path("amount").asLong();
      String currency = p.path("currency").asText();
      String description = p.path("description").asText("STRIPE PAYOUT");
      l.payouts.add(bt != null ? entry(bt, at, p) : new LedgerEntry(null, at, at, currency, -amount, 0, -amount,
          "payout", p.path("id").asText(), description, p));
      if (reversed(p)) {
        ObjectNode failure = transactions.get(p.path("failure_balance_transaction").asText(""));
        l.payouts.add(failure != null ? entry(failure, at, p) : new LedgerEntry(null, at, at, currency, amount, 0,
            amount, "payout_reversal", p.path("id").asText(), description, p));
      }
    }
    l.activity.sort(ORDER);
    l.payouts.sort(ORDER);
    l.settle(data.list("payouts"));
    return l;
  }

  /** When a payout takes the money from the balance: its arrival for an automatic payout, else its creation. */
  public static long effectiveAt(JsonNode payout) {
    return payout.path("automatic").asBoolean(false) ? payout.path("arrival_date").asLong()
        : payout.path("created").asLong();
  }

  /** Whether the payout came back to the balance (canceled or failed). */
  public static boolean reversed(JsonNode payout) {
    String s = payout.path("status").asText();
    return "failed".equals(s) || "canceled".equals(s);
  }

  private static LedgerEntry entry(JsonNode bt, long at, JsonNode payout) {
    return new LedgerEntry(bt.path("id").asText(), at, bt.path("available_on").asLong(at),
        bt.path("currency").asText(), bt.path("amount").asLong(), bt.path("fee").asLong(), bt.path("net").asLong(),
        bt.path("reporting_category").asText(bt.path("type").asText()), bt.path("source").asText(null),
        bt.path("description").asText(null), payout);
  }

  /** Each automatic payout, oldest first, settles what became available in its currency before it was made. */
  private void settle(List<ObjectNode> allPayouts) {
    List<ObjectNode> automatic = new ArrayList<>();
    for (ObjectNode p : allPayouts) {
      if (p.path("automatic").asBoolean(false) && !reversed(p)) {
        automatic.add(p);
      }
    }
    automatic.sort(Comparator.comparingLong((ObjectNode p) -> p.path("created").asLong())
        .thenComparing(p -> p.path("id").asText()));
    List<LedgerEntry> byAvailability = new ArrayList<>(activity);
    byAvailability.sort(Comparator.comparingLong(LedgerEntry::availableOn).thenComparing(ORDER));
    Map<String, Integer> next = new HashMap<>();
    Map<String, List<LedgerEntry>> byCurrency = new HashMap<>();
    for (LedgerEntry e : byAvailability) {
      byCurrency.computeIfAbsent(e.currency(), k -> new ArrayList<>()).add(e);
    }
    for (ObjectNode p : automatic) {
      List<LedgerEntry> entries = byCurrency.getOrDefault(p.path("currency").asText(), List.of());
      int i = next.getOrDefault(p.path("currency").asText(), 0);
      long made = p.path("created").asLong();
      while (i < entries.size() && entries.get(i).availableOn() <= made) {
        settledBy.put(entries.get(i), p);
        i++;
      }
      next.put(p.path("currency").asText(), i);
    }
  }

  /** The balance transactions other than payouts, by time. */
  public List<LedgerEntry> activity() {
    return activity;
  }

  /** The payouts and their reversals, by the time they took effect. */
  public List<LedgerEntry> payouts() {
    return payouts;
  }

  /** The automatic payout that settled an activity entry, or null while none has. */
  public JsonNode settledBy(LedgerEntry e) {
    return settledBy.get(e);
  }

  /** The earliest time any entry changed the balance, or null for an empty ledger. */
  public Long firstChange() {
    Long first = null;
    for (List<LedgerEntry> l : List.of(activity, payouts)) {
      if (!l.isEmpty() && (first == null || l.get(0).created() < first)) {
        first = l.get(0).created();
      }
    }
    return first;
  }
}
