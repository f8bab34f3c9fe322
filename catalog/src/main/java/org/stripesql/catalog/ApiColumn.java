package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * A column of a catalog table.
 *
 * @param name    SQL name, unique within its table
 * @param type    SQL type
 * @param nullable whether Stripe may omit the value or send null
 * @param path    the JSON property names leading to the value inside the Stripe object
 *                ({@code ["billing_details", "address", "city"]}); empty for synthetic columns
 *                (the parent id of a child table, the balance kind)
 * @param ref     for an expandable reference, the object type it points to ({@code customer}); the
 *                column holds the referenced id whether or not Stripe expanded it
 * @param remarks the spec's description: the full text in a catalog generated with remarks (an
 *                {@code OpenApiSpec} operand), the first sentence once {@link CatalogDescriptions} are
 *                applied; never in a written catalog file
 * @param values  for a string property the spec gives an enum, the values an object may hold there
 *                (the spec's, so Stripe may add more); null otherwise. A list parameter's value filters
 *                exactly only when it is one of these (docs/design.md)
 * @param gather  for a field Stripe moved into the entries of an embedded list, how the column reads them:
 *                {@code path} is then the list's ({@link FieldMoves}); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "type", "nullable", "path", "ref", "values", "gather", "remarks"})
public record ApiColumn(String name, ColumnType type, boolean nullable, List<String> path, String ref,
    String remarks, List<String> values, Gather gather) {
  public ApiColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    path = path == null ? List.of() : List.copyOf(path);
    values = values == null ? null : List.copyOf(values);
  }

  /** A column read at its path. */
  public ApiColumn(String name, ColumnType type, boolean nullable, List<String> path, String ref, String remarks,
      List<String> values) {
    this(name, type, nullable, path, ref, remarks, values, null);
  }

  /** A column without enum values. */
  public ApiColumn(String name, ColumnType type, boolean nullable, List<String> path, String ref, String remarks) {
    this(name, type, nullable, path, ref, remarks, null);
  }

  /** Whether the spec lets an object hold {@code value} in this column: one of its enum values. */
  public boolean mayHold(String value) {
    return values != null && values.contains(value);
  }

  /**
   * Whether the column is nullable in SQL. Only columns stripe-sql fills itself (the parent id, the
   * balance kind) and a required {@code id} are NOT NULL: Stripe's description is not always right about
   * required fields, and a null in a NOT NULL column would break a query rather than show a null.
   */
  @JsonIgnore
  public boolean nullableInSql() {
    boolean synthetic = path.isEmpty();
    return !(synthetic || (name.equals("id") && !nullable));
  }

  public ApiColumn withRemarks(String newRemarks) {
    return new ApiColumn(name, type, nullable, path, ref, newRemarks, values, gather);
  }

  public ApiColumn withoutRemarks() {
    return remarks == null ? this : withRemarks(null);
  }
}
