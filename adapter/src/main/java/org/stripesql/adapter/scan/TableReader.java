package org.stripesql.adapter.scan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.runtime.Hook;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.connect.ConnectedAccountSet;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.QueryParameters;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.catalog.Catalog;

/**
 * Runs the scans of one Stripe schema for the code Calcite generates: each execution gets its budget
 * (MaxPagesPerQuery, QueryTimeout, cancel) and reads lazily through {@link StripeRows}.
 */
public final class TableReader {
  private final Catalog catalog;
  private final StripeClient client;
  private final long maxPagesPerQuery;
  private final Duration queryTimeout;
  /** The connected accounts a connected schema's tables read; null for a schema of one account. */
  private final ConnectedAccountSet connected;

  public TableReader(Catalog catalog, StripeClient client, long maxPagesPerQuery, Duration queryTimeout) {
    this(catalog, client, maxPagesPerQuery, queryTimeout, null);
  }

  /**
   * {@code catalog}: the platform's tables (without the {@code account} column); {@code connected}: the
   * accounts the schema's connected tables read, or null.
   */
  public TableReader(Catalog catalog, StripeClient client, long maxPagesPerQuery, Duration queryTimeout,
      ConnectedAccountSet connected) {
    this.connected = connected;
    this.catalog = catalog;
    this.client = client;
    this.maxPagesPerQuery = maxPagesPerQuery;
    this.queryTimeout = queryTimeout;
  }

  /** The rows of a scan; the statement's parameter values ({@code ?0}...) put into its placeholders. */
  public Enumerable<Object[]> read(DataContext root, StripeQuery planned) {
    return read(root, planned, (int[]) null);
  }

  /**
   * The same, converting only {@code columns} (indexes into the table's columns; null: all) from Stripe's
   * objects: the others are null.
   */
  public Enumerable<Object[]> read(DataContext root, StripeQuery planned, int[] columns) {
    StripeQuery query = QueryParameters.bind(planned, i -> root.get("?" + i));
    Hook.QUERY_PLAN.run(query);
    ScanBudget statement = ScanBudget.forExecution(root, maxPagesPerQuery, queryTimeout);
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        ScanBudget budget = statement.forScan();
        return new StripeEnumerator(new StripeRows(catalog, client, budget).rows(query, columns), budget);
      }
    };
  }

  /**
   * The rows of a scan of a connected table, in the connected accounts {@code accounts} admits (ids or
   * placeholders of the statement's parameters; null: every account of the schema), {@code columns} as above
   * but of the connected table (the account is column 0).
   */
  public Enumerable<Object[]> readAccounts(DataContext root, StripeQuery planned, int[] columns, String[] accounts) {
    if (connected == null) {
      throw new IllegalStateException("a connected table in a schema without ConnectedAccounts");
    }
    StripeQuery query = QueryParameters.bind(planned, i -> root.get("?" + i));
    Hook.QUERY_PLAN.run(query);
    List<String> selected = accounts == null ? null : bound(root, accounts);
    ScanBudget statement = ScanBudget.forExecution(root, maxPagesPerQuery, queryTimeout);
    StatementWarnings.Execution warnings = StatementWarnings.forExecution(root);
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        ScanBudget budget = statement.forScan();
        return new StripeEnumerator(new ConnectedScan(catalog, connected, budget, warnings)
            .rows(query, columns, selected), budget);
      }
    };
  }

  /** The accounts with each placeholder replaced by its parameter's value; a NULL value admits no account. */
  private static List<String> bound(DataContext root, String[] accounts) {
    List<String> out = new ArrayList<>();
    for (String a : accounts) {
      Object v = QueryParameters.isPlaceholder(a) ? root.get(a) : a;
      if (v != null) {
        out.add(v.toString());
      }
    }
    return out;
  }

  /**
   * The rows of a child-table scan for the parents of a batch of outer rows (a batched nested-loop
   * join); absent outer rows arrive as nulls.
   */
  public Enumerable<Object[]> read(DataContext root, StripeQuery query, int[] columns, Object[] outerParentIds) {
    Set<String> ids = new LinkedHashSet<>();
    for (Object o : outerParentIds) {
      if (o != null && !o.toString().isEmpty()) {
        ids.add(o.toString());   // an empty parent id has no children, and Stripe refuses an empty value
      }
    }
    return read(root, ((ListQuery) query).withParentIds(List.copyOf(ids)), columns);
  }
}
