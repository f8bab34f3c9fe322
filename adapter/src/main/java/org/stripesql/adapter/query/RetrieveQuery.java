package org.stripesql.adapter.query;

import java.util.List;
import java.util.Objects;

/**
 * Retrieve calls, one per id (per parent and id when the retrieve endpoint needs the parent's id); a
 * retrieve takes no filter, so every other predicate stays above it.
 *
 * @param table     the table's name
 * @param ids       the ids to retrieve
 * @param parentIds for a child table whose retrieve endpoint has the parent id in its path, the parents
 *                  to try; null reads each id without a parent (a top-level retrieve endpoint)
 * @param fetch     at most this many rows; null for all
 */
public record RetrieveQuery(String table, List<String> ids, List<String> parentIds, Long fetch)
    implements StripeQuery {
  public RetrieveQuery {
    Objects.requireNonNull(table, "table");
    ids = List.copyOf(ids);
    parentIds = parentIds == null ? null : List.copyOf(parentIds);
  }

  /** Retrieves by id alone. */
  public RetrieveQuery(String table, List<String> ids, Long fetch) {
    this(table, ids, null, fetch);
  }

  @Override
  public RetrieveQuery withFetch(Long newFetch) {
    return new RetrieveQuery(table, ids, parentIds, newFetch);
  }

  @Override
  public String describe() {
    String text = "RETRIEVE ids=" + ids + (parentIds == null ? "" : " parents=" + parentIds);
    return StripeQuery.withFetchText(text, fetch);
  }
}
