package org.stripesql.adapter.query;

import java.util.Objects;

/** The predicate cannot match: no request at all. */
public record NoRowsQuery(String table) implements StripeQuery {
  public NoRowsQuery {
    Objects.requireNonNull(table, "table");
  }

  @Override
  public Long fetch() {
    return null;
  }

  @Override
  public NoRowsQuery withFetch(Long fetch) {
    return this;
  }

  @Override
  public String describe() {
    return "NONE";
  }
}
