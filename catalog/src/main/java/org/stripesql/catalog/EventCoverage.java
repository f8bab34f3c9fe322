package org.stripesql.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a local mirror keeps one table fresh: from the events about its rows, by re-listing a parent's
 * children when events about the parent arrive, by a periodic rescan, or not at all (the table cannot be
 * mirrored). Derived from the catalog and {@link EventTypes}; docs/tables.md prints it per table.
 *
 * @param refresh      the way
 * @param eventTypes   the event types that refresh it (the parent's and the rows' own for PARENT_EVENTS)
 * @param reason       why a table is rescanned or not mirrored; null otherwise
 * @param relist       for EVENTS: changes Stripe announces only with an event about another object; null
 *                     when there are none
 */
public record EventCoverage(Refresh refresh, List<String> eventTypes, String reason, Relist relist) {
  /**
   * Rows listed again with {@code param=<id of the event's object>} when one of {@code types} arrives: a
   * refund of a charge before 2024-10-28.acacia (2023-08-16 included) emits {@code charge.refunded} about
   * its charge, no event about the refund.
   */
  public record Relist(String param, List<String> types) {
    public Relist {
      Objects.requireNonNull(param, "param");
      types = List.copyOf(types);
    }
  }

  /** The ways a mirrored table is kept fresh. */
  public enum Refresh {
    /** Events carry its rows: upserted from their snapshots, deleted on a deleting event. */
    EVENTS,
    /** A child table: a parent's children are listed again when an event about the parent (or a child) arrives. */
    PARENT_EVENTS,
    /** No event carries its rows: the whole table is read again periodically. */
    RESCAN,
    /** The table cannot be mirrored (the reason says why). */
    NOT_MIRRORED
  }

  /** Tables that cannot be mirrored, and why. */
  static final Map<String, String> NOT_MIRRORABLE = Map.of(
      "events", "it is the mirror's own feed, kept by Stripe for 30 days; query it live",
      "upcoming_invoice_lines", "a preview Stripe computes on each read; it has no stored rows to mirror");

  /** Tables whose rows also change with events about another object (not derivable from the spec). */
  static final Map<String, Relist> RELISTS = Map.of("refunds", new Relist("charge", List.of("charge.refunded")));

  public EventCoverage {
    Objects.requireNonNull(refresh, "refresh");
    eventTypes = List.copyOf(eventTypes);
  }

  private EventCoverage(Refresh refresh, List<String> eventTypes, String reason) {
    this(refresh, eventTypes, reason, null);
  }

  /** The coverage of one table of a catalog. */
  public static EventCoverage of(Catalog catalog, EventTypes events, ApiTable table) {
    String notMirrorable = NOT_MIRRORABLE.get(table.name());
    if (notMirrorable != null) {
      return new EventCoverage(Refresh.NOT_MIRRORED, List.of(), notMirrorable);
    }
    if (!table.fixedColumns().isEmpty()) {
      return new EventCoverage(Refresh.NOT_MIRRORED, List.of(), "a query must fix "
          + String.join(", ", table.fixedColumns()) + ": Stripe lists its rows only for given values, so no scan"
          + " reads it whole; query it live");
    }
    if (table.kind() == TableKind.SINGLETON) {
      return new EventCoverage(Refresh.RESCAN, List.of(), "a single object, read again in one request");
    }
    if (table.kind() == TableKind.LIST) {
      List<String> types = typeNames(events.carrying(objects(table)));
      if (types.isEmpty() || table.column("id").isEmpty()) {
        return new EventCoverage(Refresh.RESCAN, List.of(), "no event carries its objects");
      }
      Relist relist = RELISTS.get(table.name());
      boolean relistable = relist != null && table.filter(relist.param()).isPresent();
      return new EventCoverage(Refresh.EVENTS, types, null, relistable ? relist : null);
    }
    ApiTable parent = catalog.table(table.parent().table()).orElse(null);
    EventCoverage parentCoverage = parent == null ? null : of(catalog, events, parent);
    if (parentCoverage == null || parentCoverage.refresh() != Refresh.EVENTS) {
      return new EventCoverage(Refresh.RESCAN, List.of(), "its parent `" + table.parent().table()
          + "` is not kept fresh by events");
    }
    List<String> types = new ArrayList<>(parentCoverage.eventTypes());
    for (String own : typeNames(events.carrying(objects(table)))) {
      if (!types.contains(own)) {
        types.add(own);
      }
    }
    return new EventCoverage(Refresh.PARENT_EVENTS, types, null);
  }

  /** The object types of a table's rows ({@code bank_account|card} is two). */
  public static List<String> objects(ApiTable table) {
    return table.object() == null ? List.of() : List.of(table.object().split("\\|"));
  }

  private static List<String> typeNames(List<EventType> types) {
    return types.stream().map(EventType::type).toList();
  }
}
