package org.stripesql.emulator.spec;

import java.util.Map;
import java.util.Set;

/**
 * One method of one path as Stripe's spec declares it: its query parameters, which of them are required,
 * and whether the answer may be a deleted object's stub ({@code {"id", "object", "deleted": true}}).
 *
 * @param params       the query parameters by name ({@code created}, {@code expand}), deep-object forms
 *                     ({@code created[gte]}, {@code expand[]}) described by their type
 * @param required     the names of the required ones
 * @param deletedStubs true when the 200 answer may be a {@code deleted_*} object
 */
public record Operation(Map<String, ParamType> params, Set<String> required, boolean deletedStubs) {
  public Operation {
    params = Map.copyOf(params);
    required = Set.copyOf(required);
  }

  /** Whether the operation declares this top-level parameter. */
  public boolean declares(String name) {
    return params.containsKey(name);
  }
}
