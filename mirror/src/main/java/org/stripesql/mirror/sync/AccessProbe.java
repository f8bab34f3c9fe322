package org.stripesql.mirror.sync;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;

/**
 * Asks Stripe, with one credential, whether it may read a table: the cheapest read of it, one row (for a
 * child table: one row of its parent, then one of that parent's children, since Stripe checks the
 * permission on the path a child is listed under). A 401 or 403 is a refusal with Stripe's message; any
 * other failure tells nothing.
 */
public final class AccessProbe {
  /** What Stripe showed. */
  public enum Outcome { ALLOWED, DENIED, UNKNOWN }

  /**
   * A probe's outcome, why (Stripe's message for a refusal), when (wall time, ms), and whether Stripe
   * refused the key itself (401: it reads nothing).
   */
  public record Verdict(Outcome outcome, String reason, long at, boolean keyRefused) {
    public static Verdict allow() {
      return new Verdict(Outcome.ALLOWED, null, System.currentTimeMillis(), false);
    }

    public static Verdict deny(String reason) {
      return new Verdict(Outcome.DENIED, reason, System.currentTimeMillis(), false);
    }

    public boolean allowed() {
      return outcome == Outcome.ALLOWED;
    }

    public boolean denied() {
      return outcome == Outcome.DENIED;
    }
  }

  private final StripeReads reads;
  private final Catalog catalog;

  public AccessProbe(StripeReads reads) {
    this.reads = reads;
    this.catalog = reads.catalog();
  }

  /** May the key read the account's events (the mirror's feed)? */
  public Verdict events() {
    return ask(() -> reads.get("/v1/events", Map.of("limit", List.of("1"))));
  }

  /** May the key read {@code table}? */
  public Verdict table(ApiTable table) {
    return ask(() -> firstId(table));
  }

  private Verdict ask(Runnable read) {
    try {
      read.run();
      return Verdict.allow();
    } catch (RuntimeException e) {
      StripeFailure f = StripeFailure.of(e);
      if (f != null && (f.keyRefused() || f.notPermitted())) {
        return new Verdict(Outcome.DENIED, f.reason(), System.currentTimeMillis(), f.keyRefused());
      }
      return new Verdict(Outcome.UNKNOWN, f == null ? String.valueOf(e.getMessage()) : f.reason(),
          System.currentTimeMillis(), false);
    }
  }

  /** The id of one row of the table (null when it has none, or no id): one request per level. */
  private String firstId(ApiTable table) {
    ListQuery one = StripeQuery.fullScan(table.name()).withFetch(1L);
    if (table.parent() != null) {
      ApiTable parent = catalog.table(table.parent().table()).orElse(null);
      String parentId = parent == null ? null : firstId(parent);
      if (parentId == null) {
        return null;   // no parent: nothing of this table to read, and the parent's refusal would have thrown
      }
      one = one.withParentIds(List.of(parentId));
    }
    Iterator<Object[]> rows = reads.rows(one);
    int id = table.columnIndex("id");
    if (!rows.hasNext()) {
      return null;
    }
    Object[] row = rows.next();
    return id < 0 || row[id] == null ? null : row[id].toString();
  }
}
