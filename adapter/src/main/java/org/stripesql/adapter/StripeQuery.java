package org.stripesql.adapter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.stripesql.catalog.ApiTable;

/**
 * What a scan of a Stripe table will ask Stripe for: an immutable description that the planner builds
 * (pushdown narrows it) and the enumerator executes. {@link #describe()} is its EXPLAIN text and part
 * of the scan's identity; it holds no credential.
 *
 * @param table       the table's name
 * @param mode        how rows are fetched
 * @param params      query parameters of every list or search call (values URL-encoded when sent)
 * @param fanOutParam a parameter that takes each of {@code fanOutValues} in turn, one list call per value
 *                    (pushed {@code IN}); null when there is none
 * @param fanOutValues the values for {@code fanOutParam}
 * @param ids         for {@link Mode#RETRIEVE}: the ids to retrieve
 * @param parentIds   for a child table: the parents whose children to list; null walks every parent
 * @param search      for {@link Mode#SEARCH}: the search query
 * @param fetch       at most this many rows (a pushed LIMIT); null for all
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"table", "mode", "params", "fanOutParam", "fanOutValues", "ids", "parentIds", "search", "fetch"})
public record StripeQuery(String table, Mode mode, SortedMap<String, List<String>> params, String fanOutParam,
    List<String> fanOutValues, List<String> ids, List<String> parentIds, String search, Long fetch) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** How a scan reads. */
  public enum Mode {
    /** List calls (for a child table, per parent; for a singleton, one retrieve). */
    LIST,
    /** Retrieve calls, one per id. */
    RETRIEVE,
    /** Search API calls. */
    SEARCH,
    /** The predicate cannot match: no call at all. */
    NONE
  }

  public StripeQuery {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(mode, "mode");
    params = params == null ? new TreeMap<>() : new TreeMap<>(params);
    fanOutValues = fanOutValues == null ? null : List.copyOf(fanOutValues);
    ids = ids == null ? null : List.copyOf(ids);
    parentIds = parentIds == null ? null : List.copyOf(parentIds);
  }

  /** A full scan: the table's list calls with only its scan parameters. */
  public static StripeQuery fullScan(ApiTable table) {
    SortedMap<String, List<String>> params = new TreeMap<>();
    table.scanParamsOrEmpty().forEach((k, v) -> params.put(k, List.of(v)));
    return new StripeQuery(table.name(), Mode.LIST, params, null, null, null, null, null, null);
  }

  public StripeQuery withParentIds(List<String> ids) {
    return new StripeQuery(table, mode, params, fanOutParam, fanOutValues, this.ids, ids, search, fetch);
  }

  public StripeQuery withFetch(Long newFetch) {
    return new StripeQuery(table, mode, params, fanOutParam, fanOutValues, ids, parentIds, search, newFetch);
  }

  /** Fetch as a number; {@code Long.MAX_VALUE} when unlimited. */
  public long fetchOrMax() {
    return fetch == null ? Long.MAX_VALUE : fetch;
  }

  /** The JSON form embedded in generated code. */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static StripeQuery fromJson(String json) {
    try {
      return MAPPER.readValue(json, StripeQuery.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad Stripe query spec", e);
    }
  }

  /** EXPLAIN text: {@code LIST params={created[gte]=[1700000000]} fetch=10}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    parts.add(mode.name());
    if (!params.isEmpty()) {
      parts.add("params=" + params);
    }
    if (fanOutParam != null) {
      parts.add("each " + fanOutParam + " in " + fanOutValues);
    }
    if (ids != null) {
      parts.add("ids=" + ids);
    }
    if (parentIds != null) {
      parts.add("parents=" + parentIds);
    }
    if (search != null) {
      parts.add("query=" + search);
    }
    if (fetch != null) {
      parts.add("fetch=" + fetch);
    }
    return String.join(" ", parts);
  }

  /** The params as a plain map, for the client. */
  public Map<String, List<String>> paramsMap() {
    return params;
  }
}
