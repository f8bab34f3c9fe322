package org.stripesql.emulator.spec;

import java.util.Map;
import java.util.Set;

/**
 * One method of one path as Stripe's spec declares it: its query parameters, which of them are required,
 * whether the answer may be a deleted object's stub ({@code {"id", "object", "deleted": true}}), and
 * whether a list leaves out the objects of test clocks.
 *
 * @param params             the query parameters by name ({@code created}, {@code expand}), deep-object
 *                           forms ({@code created[gte]}, {@code expand[]}) described by their type
 * @param required           the names of the required ones
 * @param deletedStubs       true when the 200 answer may be a {@code deleted_*} object
 * @param testClocksOnlyWith the parameters any of which lets a list include objects of a test clock
 *                           ({@code test_clock}, {@code customer}); empty when it always includes them
 */
public record Operation(Map<String, ParamType> params, Set<String> required, boolean deletedStubs,
    Set<String> testClocksOnlyWith) {
  public Operation {
    params = Map.copyOf(params);
    required = Set.copyOf(required);
    testClocksOnlyWith = Set.copyOf(testClocksOnlyWith);
  }

  /** An operation whose lists always include test-clock objects. */
  public Operation(Map<String, ParamType> params, Set<String> required, boolean deletedStubs) {
    this(params, required, deletedStubs, Set.of());
  }

  /** Whether the operation declares this top-level parameter. */
  public boolean declares(String name) {
    return params.containsKey(name);
  }
}
