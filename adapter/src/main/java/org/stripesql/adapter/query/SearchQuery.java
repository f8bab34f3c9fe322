package org.stripesql.adapter.query;

import java.util.List;
import java.util.Objects;

/** Search API calls with clauses that all must hold (Stripe's {@code AND}). */
public record SearchQuery(String table, List<SearchClause> clauses, Long fetch) implements StripeQuery {
  public SearchQuery {
    Objects.requireNonNull(table, "table");
    clauses = List.copyOf(clauses);
    if (clauses.isEmpty()) {
      throw new IllegalArgumentException("a search needs at least one clause");
    }
  }

  @Override
  public SearchQuery withFetch(Long newFetch) {
    return new SearchQuery(table, clauses, newFetch);
  }

  /** The query in Stripe's search query language. */
  public String queryText() {
    return String.join(" AND ", clauses.stream().map(SearchClause::syntax).toList());
  }

  @Override
  public String describe() {
    return StripeQuery.withFetchText("SEARCH query=" + queryText(), fetch);
  }
}
