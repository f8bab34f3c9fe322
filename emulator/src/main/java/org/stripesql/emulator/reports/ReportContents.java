package org.stripesql.emulator.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Computes a report run's file from a {@link Ledger}, per report type as Stripe's documentation defines
 * it (docs/reports.md has the definitions): amounts in major units of the currency, times as
 * {@code yyyy-MM-dd HH:mm:ss}, in UTC and in the run's time zone.
 */
public final class ReportContents {
  /** The report types the emulator computes. */
  public static final Set<String> TYPES = Set.of("balance.summary.1", "balance_change_from_activity.itemized.3",
      "balance_change_from_activity.summary.1", "payouts.itemized.3", "payouts.summary.1",
      "payout_reconciliation.itemized.5", "payout_reconciliation.summary.1", "ending_balance_reconciliation.summary.1",
      "payout_reconciliation.by_id.itemized.4", "payout_reconciliation.by_id.summary.1",
      "ending_balance_reconciliation.itemized.4");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  /** Currencies without a minor unit, and with three decimals (Stripe's lists). */
  private static final Set<String> ZERO_DECIMAL = Set.of("bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
      "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf");
  private static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");

  private final Ledger ledger;
  private final RunRequest run;

  private ReportContents(Ledger ledger, RunRequest run) {
    this.ledger = ledger;
    this.run = run;
  }

  /** The file's text: the run's columns, and the rows of its type for its interval and filters. */
  public static String csv(Ledger ledger, RunRequest run) {
    ReportContents c = new ReportContents(ledger, run);
    return ReportCsvWriter.write(run.columns(), c.rows());
  }

  private List<Map<String, String>> rows() {
    return switch (run.reportType()) {
      case "balance.summary.1" -> balanceSummary();
      case "balance_change_from_activity.itemized.3" -> itemized(inInterval(ledger.activity()));
      case "balance_change_from_activity.summary.1" -> summary(inInterval(ledger.activity()));
      case "payouts.itemized.3" -> payoutRows(inInterval(ledger.payouts()));
      case "payouts.summary.1" -> summary(inInterval(ledger.payouts()));
      case "payout_reconciliation.itemized.5" -> itemized(settledInInterval());
      case "payout_reconciliation.summary.1" -> summary(settledInInterval());
      case "ending_balance_reconciliation.summary.1" -> summary(unsettledAtEnd());
      case "ending_balance_reconciliation.itemized.4" -> itemized(unsettledAtEnd());
      case "payout_reconciliation.by_id.itemized.4" -> itemized(settledByThePayout());
      case "payout_reconciliation.by_id.summary.1" -> summary(settledByThePayout());
      default -> throw new IllegalArgumentException("the emulator does not compute report type " + run.reportType());
    };
  }

  private boolean kept(LedgerEntry e) {
    return (run.currency() == null || run.currency().equals(e.currency()))
        && (run.reportingCategory() == null || run.reportingCategory().equals(e.category()));
  }

  private boolean inInterval(long t) {
    return (run.start() == null || t >= run.start()) && t < run.end();
  }

  private List<LedgerEntry> inInterval(List<LedgerEntry> entries) {
    return select(entries, e -> inInterval(e.created()));
  }

  /** The activity settled by automatic payouts that took effect in the interval, by payout then time. */
  private List<LedgerEntry> settledInInterval() {
    List<LedgerEntry> out = select(ledger.activity(), e -> {
      JsonNode p = ledger.settledBy(e);
      return p != null && inInterval(Ledger.effectiveAt(p));
    });
    out.sort(Comparator.comparingLong((LedgerEntry e) -> Ledger.effectiveAt(ledger.settledBy(e)))
        .thenComparing(e -> ledger.settledBy(e).path("id").asText()));
    return out;
  }

  /** The activity the run's payout settled, by time. */
  private List<LedgerEntry> settledByThePayout() {
    return select(ledger.activity(), e -> {
      JsonNode p = ledger.settledBy(e);
      return p != null && p.path("id").asText().equals(run.payout());
    });
  }

  /** The activity before the interval's end that no payout effective before it had settled. */
  private List<LedgerEntry> unsettledAtEnd() {
    return select(ledger.activity(), e -> {
      JsonNode p = ledger.settledBy(e);
      return e.created() < run.end() && (p == null || Ledger.effectiveAt(p) >= run.end());
    });
  }

  private List<LedgerEntry> select(List<LedgerEntry> entries, Predicate<LedgerEntry> p) {
    List<LedgerEntry> out = new ArrayList<>();
    for (LedgerEntry e : entries) {
      if (p.test(e) && kept(e)) {
        out.add(e);
      }
    }
    return out;
  }

  private List<Map<String, String>> balanceSummary() {
    Map<String, long[]> byCurrency = new TreeMap<>();   // starting, activity, payouts
    for (List<LedgerEntry> l : List.of(ledger.activity(), ledger.payouts())) {
      for (LedgerEntry e : l) {
        if (e.created() >= run.end() || run.currency() != null && !run.currency().equals(e.currency())) {
          continue;
        }
        long[] sums = byCurrency.computeIfAbsent(e.currency(), k -> new long[3]);
        sums[run.start() != null && e.created() < run.start() ? 0 : e.isPayout() ? 2 : 1] += e.net();
      }
    }
    List<Map<String, String>> out = new ArrayList<>();
    String from = run.start() == null ? "" : day(run.start());
    String to = day(run.end() - 1);
    byCurrency.forEach((cur, s) -> {
      out.add(summaryRow("starting_balance", "Starting balance (" + from + ")", s[0], cur));
      out.add(summaryRow("activity", "Activity", s[1], cur));
      out.add(summaryRow("payouts", "Total payouts", s[2], cur));
      out.add(summaryRow("ending_balance", "Ending balance (" + to + ")", s[0] + s[1] + s[2], cur));
    });
    return out;
  }

  private static Map<String, String> summaryRow(String category, String description, long net, String currency) {
    Map<String, String> r = new HashMap<>();
    r.put("category", category);
    r.put("description", description);
    r.put("net_amount", major(net, currency));
    r.put("currency", currency);
    return r;
  }

  private List<Map<String, String>> summary(List<LedgerEntry> entries) {
    Map<String, long[]> groups = new TreeMap<>();   // "category\tcurrency" -> count, gross, fee, net
    for (LedgerEntry e : entries) {
      long[] g = groups.computeIfAbsent(e.category() + "\t" + e.currency(), k -> new long[4]);
      g[0]++;
      g[1] += e.gross();
      g[2] += e.fee();
      g[3] += e.net();
    }
    List<Map<String, String>> out = new ArrayList<>();
    groups.forEach((k, g) -> {
      String cur = k.substring(k.indexOf('\t') + 1);
      Map<String, String> r = new HashMap<>();
      r.put("reporting_category", k.substring(0, k.indexOf('\t')));
      r.put("currency", cur);
      r.put("count", Long.toString(g[0]));
      r.put("gross", major(g[1], cur));
      r.put("fee", major(g[2], cur));
      r.put("net", major(g[3], cur));
      out.add(r);
    });
    return out;
  }

  private List<Map<String, String>> itemized(List<LedgerEntry> entries) {
    List<Map<String, String>> out = new ArrayList<>();
    for (LedgerEntry e : entries) {
      Map<String, String> r = amounts(e);
      r.put("balance_transaction_id", e.balanceTransaction());
      times(r, "created", e.created());
      times(r, "available_on", e.availableOn());
      r.put("source_id", e.source());
      r.put("description", e.description());
      JsonNode p = ledger.settledBy(e);
      if (p != null) {
        r.put("automatic_payout_id", p.path("id").asText());
        times(r, "automatic_payout_effective_at", Ledger.effectiveAt(p));
      }
      out.add(r);
    }
    return out;
  }

  private List<Map<String, String>> payoutRows(List<LedgerEntry> entries) {
    List<Map<String, String>> out = new ArrayList<>();
    for (LedgerEntry e : entries) {
      JsonNode p = e.payout();
      Map<String, String> r = amounts(e);
      r.put("payout_id", p.path("id").asText());
      times(r, "effective_at", e.created());
      r.put("balance_transaction_id", e.balanceTransaction());
      r.put("description", e.description());
      r.put("payout_expected_arrival_date", utc(p.path("arrival_date").asLong()));
      r.put("payout_status", p.path("status").asText(null));
      if (Ledger.reversed(p)) {
        times(r, "payout_reversed_at", Ledger.effectiveAt(p));
      }
      r.put("payout_type", p.path("type").asText(null));
      r.put("payout_description", p.path("description").asText(null));
      r.put("payout_destination_id", p.path("destination").isTextual() ? p.path("destination").asText()
          : p.path("destination").path("id").asText(null));
      out.add(r);
    }
    return out;
  }

  private static Map<String, String> amounts(LedgerEntry e) {
    Map<String, String> r = new HashMap<>();
    r.put("currency", e.currency());
    r.put("gross", major(e.gross(), e.currency()));
    r.put("fee", major(e.fee(), e.currency()));
    r.put("net", major(e.net(), e.currency()));
    r.put("reporting_category", e.category());
    return r;
  }

  /** {@code column_utc} in UTC and {@code column} in the run's time zone. */
  private void times(Map<String, String> r, String column, long seconds) {
    r.put(column + "_utc", utc(seconds));
    r.put(column, TIME.format(Instant.ofEpochSecond(seconds).atZone(run.timezone())));
  }

  private static String utc(long seconds) {
    return TIME.format(Instant.ofEpochSecond(seconds).atZone(ZoneOffset.UTC));
  }

  private static String day(long seconds) {
    return DAY.format(Instant.ofEpochSecond(seconds).atZone(ZoneOffset.UTC));
  }

  /** An amount in minor units as a decimal in major units: 1234 usd is 12.34, 1234 jpy is 1234. */
  static String major(long minor, String currency) {
    int scale = ZERO_DECIMAL.contains(currency) ? 0 : THREE_DECIMAL.contains(currency) ? 3 : 2;
    return BigDecimal.valueOf(minor, scale).toPlainString();
  }

  /** Every column a type's file may have, for a {@code columns} parameter's check. */
  public static Set<String> columnsOf(String type) {
    Set<String> common = new TreeSet<>(List.of("currency", "gross", "fee", "net", "reporting_category"));
    return switch (type) {
      case "balance.summary.1" -> Set.of("category", "description", "net_amount", "currency");
      case "payouts.itemized.3" -> union(common, "payout_id", "effective_at", "effective_at_utc",
          "balance_transaction_id", "description", "payout_expected_arrival_date", "payout_status",
          "payout_reversed_at", "payout_reversed_at_utc", "payout_type", "payout_description", "payout_destination_id");
      case "balance_change_from_activity.itemized.3", "payout_reconciliation.itemized.5",
          "payout_reconciliation.by_id.itemized.4", "ending_balance_reconciliation.itemized.4" -> union(common,
          "balance_transaction_id", "created", "created_utc", "available_on", "available_on_utc", "source_id",
          "description", "automatic_payout_id", "automatic_payout_effective_at", "automatic_payout_effective_at_utc");
      default -> union(common, "count");
    };
  }

  private static Set<String> union(Set<String> base, String... more) {
    Set<String> out = new TreeSet<>(base);
    out.addAll(List.of(more));
    return out;
  }

  /** Whether a time zone name is one Java knows (Stripe's list is the IANA database's). */
  public static boolean knownZone(String name) {
    return ZoneId.getAvailableZoneIds().contains(name);
  }
}
