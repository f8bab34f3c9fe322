package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;

/** One endpoint of the API: answers a request with a JSON object or throws an {@link ApiException}. */
@FunctionalInterface
interface Endpoint {
  JsonNode answer(ApiRequest request);
}
