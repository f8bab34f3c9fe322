package org.stripesql.emulator;

import java.util.List;
import java.util.Map;

/**
 * One request the emulator answered.
 *
 * @param method HTTP method
 * @param path   the path without the query string
 * @param query  the decoded query parameters, keys exactly as sent ({@code created[gte]}, {@code expand[]}),
 *               values in arrival order; unmodifiable
 * @param status the HTTP status of the answer
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> query, int status) {}
