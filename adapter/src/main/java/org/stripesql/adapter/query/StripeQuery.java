package org.stripesql.adapter.query;

/**
 * What a scan of a Stripe table will ask Stripe for: an immutable, typed description that the planner
 * builds (pushdown narrows it), the cost model reads and the scan layer executes; only the scan layer
 * turns it into HTTP requests. {@link #describe()} is its EXPLAIN text and part of the scan's identity;
 * it holds no credential.
 */
public sealed interface StripeQuery permits ListQuery, RetrieveQuery, SearchQuery, NoRowsQuery {
  /** The table's name in the catalog. */
  String table();

  /** At most this many rows (a pushed LIMIT); null for all. */
  Long fetch();

  /** The same query returning at most {@code fetch} rows. */
  StripeQuery withFetch(Long fetch);

  /** EXPLAIN text, e.g. {@code LIST customer=cus_1 created[gte]=1700000000 fetch=10}. */
  String describe();

  /** Fetch as a number; {@code Long.MAX_VALUE} when unlimited. */
  default long fetchOrMax() {
    Long f = fetch();
    return f == null ? Long.MAX_VALUE : f;
  }

  /** A full scan: the table's list calls with no pushed parameter. */
  static ListQuery fullScan(String table) {
    return ListQuery.all(table);
  }

  /** Appends {@code " fetch=n"} when there is a fetch. */
  static String withFetchText(String text, Long fetch) {
    return fetch == null ? text : text + " fetch=" + fetch;
  }
}
