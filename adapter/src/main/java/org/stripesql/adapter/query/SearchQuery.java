package org.stripesql.adapter.query;

import java.util.List;
import java.util.Objects;

/**
 * Search API calls with clauses that all must hold (Stripe's {@code AND}), for a scan that would
 * otherwise list the whole table.
 *
 * @param table             the table's name
 * @param clauses           the query's clauses, at most ten
 * @param fallback          the list calls that read the same rows (and more) without Search: used when
 *                          the account has no Search, and, narrowed to the lag window, for new objects
 * @param lagWindowSeconds  how far back objects created or changed are read besides the search, which
 *                          may not show them yet; 0 for none
 * @param fetch             at most this many rows; null for all
 */
public record SearchQuery(String table, List<SearchClause> clauses, ListQuery fallback, long lagWindowSeconds,
    Long fetch) implements StripeQuery {
  public SearchQuery {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(fallback, "fallback");
    clauses = List.copyOf(clauses);
    if (clauses.isEmpty()) {
      throw new IllegalArgumentException("a search needs at least one clause");
    }
  }

  @Override
  public SearchQuery withFetch(Long newFetch) {
    return new SearchQuery(table, clauses, fallback, lagWindowSeconds, newFetch);
  }

  /** The query in Stripe's search query language. */
  public String queryText() {
    return String.join(" AND ", clauses.stream().map(SearchClause::syntax).toList());
  }

  /** {@code SEARCH query=amount>1000 lag=3600s (else LIST)}. */
  @Override
  public String describe() {
    String lag = lagWindowSeconds > 0 ? " lag=" + lagWindowSeconds + "s" : "";
    return StripeQuery.withFetchText("SEARCH query=" + queryText() + lag + " (else " + fallback.describe() + ")",
        fetch);
  }
}
