package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ColumnType;
import org.stripesql.catalog.FilterKind;
import org.stripesql.emulator.data.JsonPaths;

/**
 * Rows driven by the catalog alone: Stripe's example of the object type with a fresh id, a created time
 * and the table's enum and boolean filter columns varied, so that every filter has rows to find.
 */
final class GenericRows {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] COUNTRIES = {"US", "CA", "GB", "DE", "FR", "IE", "NL", "BE", "ES", "IT", "PT",
      "AT", "CH", "SE", "NO", "DK", "FI", "PL", "AU", "NZ", "JP", "SG", "HK", "MX", "BR"};
  private static final String[] REPORT_TYPES = {"balance.summary.1", "balance_change_from_activity.itemized.1",
      "balance_change_from_activity.itemized.2", "balance_change_from_activity.itemized.3",
      "balance_change_from_activity.summary.1", "payouts.itemized.1", "payouts.itemized.2", "payouts.itemized.3",
      "payouts.summary.1", "ending_balance_reconciliation.itemized.1", "ending_balance_reconciliation.itemized.2",
      "ending_balance_reconciliation.summary.1", "payout_reconciliation.itemized.1",
      "payout_reconciliation.itemized.2", "payout_reconciliation.summary.1", "activity.itemized.1",
      "activity.itemized.2", "activity.summary.1", "connected_account_balance.summary.1",
      "tax.transactions.itemized.1"};

  private final Examples examples;
  private final Ids ids;
  private final Draws draws;
  private final DraftTables tables;

  GenericRows(Examples examples, Ids ids, Draws draws, DraftTables tables) {
    this.examples = examples;
    this.ids = ids;
    this.draws = draws;
    this.tables = tables;
  }

  /** A new id shaped like {@code example}'s, for an object no table holds ({@link Ids#newIdLike}). */
  String newIdLike(String example, String fallback, SplittableRandom r) {
    return ids.newIdLike(example, fallback, r);
  }

  /** A new id for an object of this type (the prefix of its example's id). */
  String newId(String objectType, SplittableRandom r) {
    return ids.newId(objectType, r);
  }

  /** One row: the example with a fresh id, a created time and enum/boolean filter columns varied. */
  ObjectNode row(ApiTable t, String objectType, SplittableRandom r, long createdAt) {
    ObjectNode o = examples.copyOf(objectType);
    if (o.has("id") || t.column("id").isPresent()) {
      o.put("id", ids.newId(objectType, r));
    }
    o.put("object", objectType);
    if (o.has("livemode")) {
      o.put("livemode", false);
    }
    if (o.has("created")) {
      o.put("created", createdAt);
    }
    for (ApiFilter f : t.filters()) {
      if (f.column() == null || f.kind() != FilterKind.EQUALS) {
        continue;
      }
      ApiColumn c = t.column(f.column()).orElse(null);
      if (c == null || c.path().isEmpty() || "id".equals(c.name()) || "object".equals(c.name())) {
        continue;
      }
      if (f.values() != null) {
        List<String> values = new ArrayList<>(f.values());
        values.removeAll(List.of("all", "ended"));
        if ("type".equals(f.param()) && values.contains("card") && r.nextInt(2) == 0) {
          JsonPaths.setAt(o, c.path(), F.textNode("card"));
        } else {
          JsonPaths.setAt(o, c.path(), F.textNode(Draws.pick(r, values)));
        }
      } else if ("boolean".equals(f.valueType()) && c.type() == ColumnType.BOOLEAN) {
        JsonPaths.setAt(o, c.path(), F.booleanNode(r.nextInt(10) < 7));
      }
    }
    return o;
  }

  /**
   * The {@code n} rows of a LIST table, each finished by the story when there is one. Country specs and
   * report types take their fixed ids; rows under {@code /v1/account/} point to the own account.
   */
  List<ObjectNode> rows(ApiTable t, SplittableRandom r, int n, RowStory story) {
    String[] types = t.object().split("\\|");
    switch (t.name()) {
      case "country_specs" -> n = Math.min(n, COUNTRIES.length);
      case "reporting_report_types" -> n = Math.min(n, REPORT_TYPES.length);
      default -> { }
    }
    List<ObjectNode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ObjectNode o = row(t, types[r.nextInt(types.length)], r, draws.created(r));
      if (story != null) {
        story.fill(o, r, i);
      } else if ("country_specs".equals(t.name())) {
        ids.release(o.path("id").asText());
        o.put("id", COUNTRIES[i]);
      } else if ("reporting_report_types".equals(t.name())) {
        ids.release(o.path("id").asText());
        o.put("id", REPORT_TYPES[i]);
        o.put("name", REPORT_TYPES[i].replace('.', ' ').replace('_', ' '));
      } else if (t.path().startsWith("/v1/account/") && o.has("account")) {
        o.put("account", tables.ownAccountId);
      }
      out.add(o);
    }
    return out;
  }

  /** A singleton's object (the account, not the balance): the example with a fresh id, older than every row. */
  ObjectNode singleton(ApiTable t) {
    ObjectNode o = examples.copyOf(t.object());
    SplittableRandom r = draws.rng(t.name());
    if (o.has("id")) {
      o.put("id", ids.newId(t.object(), r));
    }
    o.put("object", t.object());
    if (o.has("livemode")) {
      o.put("livemode", false);
    }
    if (o.has("created")) {
      o.put("created", draws.anchor() - Draws.WINDOW - 30 * Draws.DAY);
    }
    return o;
  }
}
