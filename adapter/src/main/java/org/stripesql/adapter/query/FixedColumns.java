package org.stripesql.adapter.query;

import java.util.ArrayList;
import java.util.List;
import org.stripesql.adapter.client.SqlStateProvider;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;

/**
 * The columns a query must fix ({@link ApiTable#fixedColumns()}) that a list query leaves open: Stripe
 * lists those rows only for given values, so such a query cannot run, and costs the planner more than
 * any plan that fixes them.
 */
public final class FixedColumns {
  /** SQLSTATE feature_not_supported: the statement is valid, Stripe cannot answer it without the values. */
  static final String SQLSTATE = "0A000";

  private FixedColumns() {}

  /** The fixed columns {@code q} gives no values; {@code outerParents}: a join gives the parents. */
  public static List<String> open(ApiTable table, ListQuery q, boolean outerParents) {
    List<String> out = new ArrayList<>();
    if (table.parent() != null && !table.parent().listed() && q.parentIds() == null && !outerParents) {
      out.add(table.parent().column());
    }
    for (ApiFilter f : table.filters()) {
      boolean given = q.equalities().containsKey(f.param())
          || q.fanOut() != null && q.fanOut().param().equals(f.param());
      if (f.mustBeFixed() && f.column() != null && !given && !out.contains(f.column())) {
        out.add(f.column());
      }
    }
    return out;
  }

  /** Fails when {@code q} leaves a fixed column open, naming the column and what to write. */
  public static void check(ApiTable table, ListQuery q) {
    List<String> open = open(table, q, false);
    if (!open.isEmpty()) {
      throw new Missing(message(table, open.get(0)));
    }
  }

  private static String message(ApiTable table, String column) {
    String why;
    if (table.parent() != null && table.parent().column().equals(column)) {
      String object = table.column(column).map(c -> c.ref()).orElse(null);
      why = "Stripe lists its rows only per " + (object == null ? column : object) + " (GET " + table.path()
          + "), and no table lists those";
    } else {
      String param = table.filters().stream().filter(f -> column.equals(f.column()) && f.mustBeFixed())
          .map(ApiFilter::param).findFirst().orElse(column);
      why = "Stripe's GET " + table.path() + " requires parameter " + param;
    }
    return "table " + table.name() + " needs a value for column " + column + ": " + why + ". Add WHERE " + column
        + " = '...' (or IN (...), or join on " + column + "); the Pushdown operand must be on";
  }

  /** A query that leaves a column open which Stripe needs a value for. */
  public static final class Missing extends RuntimeException implements SqlStateProvider {
    private static final long serialVersionUID = 1L;

    Missing(String message) {
      super(message);
    }

    @Override
    public String sqlState() {
      return SQLSTATE;
    }
  }
}
