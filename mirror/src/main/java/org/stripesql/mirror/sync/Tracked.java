package org.stripesql.mirror.sync;

import java.util.List;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.EventCoverage;
import org.stripesql.catalog.FilterKind;
import org.stripesql.mirror.store.TableStore;

/** One mirrored table: its definition, how it is kept fresh, its place in the store, and its parent's definition. */
public record Tracked(ApiTable table, EventCoverage coverage, TableStore store, ApiTable parent) {
  public String name() {
    return table.name();
  }

  /** The object types of its rows. */
  public List<String> objects() {
    return EventCoverage.objects(table);
  }

  /** Whether events keep it fresh (itself or through its parent); else it is rescanned. */
  public boolean eventDriven() {
    return coverage.refresh() == EventCoverage.Refresh.EVENTS
        || coverage.refresh() == EventCoverage.Refresh.PARENT_EVENTS;
  }

  /** Whether a list of {@code t} can be narrowed to {@code created <= x}, which makes a load resumable. */
  static boolean hasCreatedRange(ApiTable t) {
    return t != null && t.filter("created").map(f -> f.kind() == FilterKind.RANGE && "created".equals(f.column()))
        .orElse(false);
  }
}
