package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Stripe resource exposed as an SQL table.
 *
 * @param name         SQL name ({@code issuing_cards})
 * @param kind         how it is read
 * @param object       the Stripe object type of its rows ({@code issuing.card})
 * @param path         the list (or, for a singleton, retrieve) endpoint; a child path has one
 *                     {@code {placeholder}} for the parent id
 * @param retrievePath the endpoint that retrieves one row by id, with its {@code {placeholder}}, or null
 * @param parent       for a child table, its parent; null otherwise
 * @param columns      the columns, {@code id} first when the object has one
 * @param filters      the list endpoint's filter parameters
 * @param scanParams   parameters every list call of the table sends unless a pushed filter replaces them
 *                     ({@code status=all} for subscriptions: without it Stripe hides canceled ones)
 * @param search       the Search API endpoint, or null
 * @param explode      for a singleton whose rows are array entries, how to find them; null otherwise
 * @param primaryKey   the columns that identify a row ({@code id}; for a child table whose ids are unique
 *                     only under their parent, the parent column and {@code id}); empty when none does
 * @param foreignKeys  the columns that hold ids of another table's rows, in column order
 * @param polymorphicReferences reference columns that are no foreign key because their ids may name
 *                     objects of several types
 * @param remarks      the spec's description of the table's objects; like column remarks, never in the
 *                     committed catalog (see {@link CatalogDescriptions})
 * @param listParams   every query parameter the list endpoint declares, paging ones included, sorted;
 *                     null for a singleton. Stripe rejects a parameter its endpoint does not declare
 *                     ({@code limit} on {@code /v1/account/capabilities}), so only these are ever sent
 * @param topRetrievePath for a child table whose retrieve endpoint needs the parent id, the top-level
 *                     endpoint that retrieves the same objects by id alone ({@code /v1/refunds/{refund}}
 *                     for {@code charge_refunds}); null when there is none
 * @param scanPer      for a list Stripe answers per owner, how a full scan walks the owners; null otherwise
 * @param listOmits    objects the list leaves out, which are therefore no rows; null when it omits none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "kind", "object", "path", "retrievePath", "parent", "scanParams", "search",
    "explode", "listParams", "topRetrievePath", "scanPer", "listOmits", "primaryKey", "foreignKeys",
    "polymorphicReferences", "remarks", "filters", "columns"})
public record ApiTable(String name, TableKind kind, String object, String path, String retrievePath,
    Parent parent, List<ApiColumn> columns, List<ApiFilter> filters, Map<String, String> scanParams,
    Search search, Explode explode,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> primaryKey,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ForeignKey> foreignKeys,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PolymorphicReference> polymorphicReferences,
    String remarks, List<String> listParams, String topRetrievePath, ScanPer scanPer, List<ListOmit> listOmits) {
  private static final Set<String> PAGING = Set.of("limit", "starting_after", "ending_before");

  public ApiTable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    columns = List.copyOf(columns);
    filters = filters == null ? List.of() : List.copyOf(filters);
    scanParams = scanParams == null || scanParams.isEmpty() ? null
        : Collections.unmodifiableMap(new LinkedHashMap<>(scanParams));
    primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
    polymorphicReferences = polymorphicReferences == null ? List.of() : List.copyOf(polymorphicReferences);
    listParams = listParams == null ? null : List.copyOf(listParams);
    listOmits = listOmits == null || listOmits.isEmpty() ? null : List.copyOf(listOmits);
  }

  /** A table without keys or remarks (the generator adds them in a pass of their own). */
  public ApiTable(String name, TableKind kind, String object, String path, String retrievePath,
      Parent parent, List<ApiColumn> columns, List<ApiFilter> filters, Map<String, String> scanParams,
      Search search, Explode explode) {
    this(name, kind, object, path, retrievePath, parent, columns, filters, scanParams, search, explode,
        null, null, null, null, null, null, null, null);
  }

  /**
   * Whether the list endpoint declares this query parameter. A table whose declared parameters are not
   * known (null) is taken to declare the paging parameters and its filters.
   */
  public boolean declares(String param) {
    if (listParams != null) {
      return listParams.contains(param);
    }
    return kind != TableKind.SINGLETON && (PAGING.contains(param) || filter(param).isPresent()
        || scanParamsOrEmpty().containsKey(param));
  }

  /**
   * The columns a query must give values for ({@code =} or {@code IN}), since Stripe lists the rows only
   * for given values and no scan can enumerate them: the parent column of a child whose parents no table
   * lists, and the column of each required parameter that must be fixed ({@link ApiFilter#mustBeFixed()}).
   */
  @JsonIgnore
  public List<String> fixedColumns() {
    List<String> out = new ArrayList<>();
    if (parent != null && !parent.listed()) {
      out.add(parent.column());
    }
    for (ApiFilter f : filters) {
      if (f.mustBeFixed() && f.column() != null && !out.contains(f.column())) {
        out.add(f.column());
      }
    }
    return out;
  }

  /** Objects the list leaves out; never null. */
  @JsonIgnore
  public List<ListOmit> listOmitsOrEmpty() {
    return listOmits == null ? List.of() : listOmits;
  }

  /** The column with this name (exact, case-sensitive), if any. */
  public Optional<ApiColumn> column(String columnName) {
    for (ApiColumn c : columns) {
      if (c.name().equals(columnName)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Position of the named column, or -1. */
  public int columnIndex(String columnName) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(columnName)) {
        return i;
      }
    }
    return -1;
  }

  /** The filter parameter with this name, if the list endpoint declares it. */
  public Optional<ApiFilter> filter(String param) {
    return filters.stream().filter(f -> f.param().equals(param)).findFirst();
  }

  /** Parameters every full scan sends; never null. */
  @JsonIgnore
  public Map<String, String> scanParamsOrEmpty() {
    return scanParams == null ? Map.of() : scanParams;
  }

  /** The same table with different columns (remarks added or removed). */
  public ApiTable withColumns(List<ApiColumn> newColumns) {
    return new ApiTable(name, kind, object, path, retrievePath, parent, newColumns, filters, scanParams,
        search, explode, primaryKey, foreignKeys, polymorphicReferences, remarks, listParams, topRetrievePath,
        scanPer, listOmits);
  }

  /** The same table with other filters and search (a column that is no longer pushed). */
  public ApiTable withPushdown(List<ApiFilter> newFilters, Search newSearch) {
    return new ApiTable(name, kind, object, path, retrievePath, parent, columns, newFilters, scanParams,
        newSearch, explode, primaryKey, foreignKeys, polymorphicReferences, remarks, listParams, topRetrievePath,
        scanPer, listOmits);
  }

  /** The same table with these keys. */
  public ApiTable withKeys(List<String> newPrimaryKey, List<ForeignKey> newForeignKeys,
      List<PolymorphicReference> newPolymorphicReferences) {
    return new ApiTable(name, kind, object, path, retrievePath, parent, columns, filters, scanParams,
        search, explode, newPrimaryKey, newForeignKeys, newPolymorphicReferences, remarks, listParams,
        topRetrievePath, scanPer, listOmits);
  }

  /** The same table with this description (null for none). */
  public ApiTable withRemarks(String newRemarks) {
    return new ApiTable(name, kind, object, path, retrievePath, parent, columns, filters, scanParams,
        search, explode, primaryKey, foreignKeys, polymorphicReferences, newRemarks, listParams, topRetrievePath,
        scanPer, listOmits);
  }

  /** The same table with what its list endpoint declares, how it is scanned and what it omits. */
  public ApiTable withListing(List<String> newListParams, String newTopRetrievePath, ScanPer newScanPer,
      List<ListOmit> newListOmits) {
    return new ApiTable(name, kind, object, path, retrievePath, parent, columns, filters, scanParams,
        search, explode, primaryKey, foreignKeys, polymorphicReferences, remarks, newListParams, newTopRetrievePath,
        newScanPer, newListOmits);
  }

  /** The foreign key of this column, if it has one. */
  public Optional<ForeignKey> foreignKey(String columnName) {
    return foreignKeys.stream().filter(k -> k.column().equals(columnName)).findFirst();
  }
}
