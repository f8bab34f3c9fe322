package org.stripesql.emulator.api;

import java.util.List;
import java.util.Map;

/**
 * One API request as an endpoint sees it.
 *
 * @param path       the decoded path ({@code /v1/customers/cus_123/sources})
 * @param pathParams the values of the route's placeholders, left to right
 * @param query      the decoded query parameters, keys exactly as sent, values in order
 * @param form       a write's decoded form body, likewise; empty for a read
 */
record ApiRequest(String path, List<String> pathParams, Map<String, List<String>> query,
    Map<String, List<String>> form) {
  ApiRequest(String path, List<String> pathParams, Map<String, List<String>> query) {
    this(path, pathParams, query, Map.of());
  }

  /** The last value of a parameter, or null when it is absent. */
  String single(String key) {
    return QueryParams.single(query, key);
  }
}
