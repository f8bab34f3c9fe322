package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * A column whose values are ids of another table's rows: {@code charges.customer} references
 * {@code customers}. The referenced column is the target table's one-column primary key ({@code id}).
 *
 * @param column the referencing column of this table
 * @param table  the referenced table
 */
@JsonPropertyOrder({"column", "table"})
public record ForeignKey(String column, String table) {
  public ForeignKey {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(table, "table");
  }
}
