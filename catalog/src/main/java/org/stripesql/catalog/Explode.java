package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * For a singleton whose rows are the entries of arrays inside one object ({@code balance}: one row per
 * entry of {@code available}, {@code pending}, ...): each array's path, and the value of the
 * table's {@code kindColumn} for its rows.
 */
@JsonPropertyOrder({"kindColumn", "arrays"})
public record Explode(String kindColumn, List<Source> arrays) {
  public Explode {
    arrays = List.copyOf(arrays);
  }

  /** One array of the object; its rows get {@code kind} in the kind column. */
  @JsonPropertyOrder({"kind", "path"})
  public record Source(String kind, List<String> path) {
    public Source {
      path = List.copyOf(path);
    }
  }
}
