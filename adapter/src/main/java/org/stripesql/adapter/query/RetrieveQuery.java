package org.stripesql.adapter.query;

import java.util.List;
import java.util.Objects;

/** Retrieve calls, one per id; a retrieve takes no filter, so every other predicate stays above it. */
public record RetrieveQuery(String table, List<String> ids, Long fetch) implements StripeQuery {
  public RetrieveQuery {
    Objects.requireNonNull(table, "table");
    ids = List.copyOf(ids);
  }

  @Override
  public RetrieveQuery withFetch(Long newFetch) {
    return new RetrieveQuery(table, ids, newFetch);
  }

  @Override
  public String describe() {
    return StripeQuery.withFetchText("RETRIEVE ids=" + ids, fetch);
  }
}
