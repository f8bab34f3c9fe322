package org.stripesql.mirror;

import java.util.ArrayList;
import java.util.List;
import org.stripesql.adapter.config.StripeConfigException;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.EventCoverage;
import org.stripesql.catalog.EventTypes;

/** The tables the Mirror operand names, checked against the catalog: {@code all}, or names that can be mirrored. */
final class TableSelection {
  private TableSelection() {}

  static List<String> of(List<String> requested, Catalog catalog, EventTypes events) {
    List<String> out = new ArrayList<>();
    if (requested.size() == 1 && requested.get(0).equalsIgnoreCase("all")) {
      for (ApiTable t : catalog.tables()) {
        if (EventCoverage.of(catalog, events, t).refresh() != EventCoverage.Refresh.NOT_MIRRORED) {
          out.add(t.name());
        }
      }
      return out;
    }
    List<String> unknown = new ArrayList<>();
    for (String name : requested) {
      ApiTable t = catalog.table(name).orElse(null);
      if (t == null) {
        unknown.add(name);
        continue;
      }
      EventCoverage c = EventCoverage.of(catalog, events, t);
      if (c.refresh() == EventCoverage.Refresh.NOT_MIRRORED) {
        throw new StripeConfigException("operand Mirror: table " + name + " cannot be mirrored: " + c.reason()
            + "; remove it from the list");
      }
      out.add(name);
    }
    if (!unknown.isEmpty()) {
      throw new StripeConfigException("operand Mirror names unknown tables " + unknown + "; give `all` or a"
          + " comma-separated list of the schema's tables (docs/tables.md lists them)");
    }
    return out;
  }
}
