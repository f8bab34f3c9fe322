package org.stripesql.emulator.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.spec.Operation;
import org.stripesql.emulator.spec.SpecOperations;

/**
 * How the endpoints answer: strict, as Stripe does (the request was checked against Stripe's spec; an
 * object a query parameter names must exist, else 400; lists leave out test-clock objects where the spec
 * says so), or lenient (parameters checked against the
 * catalog; 404 for a missing cursor or parent). Both page as the spec says: without {@code limit}, 10
 * rows where the path declares it, every row where it does not.
 */
record Strictness(boolean strict, SpecOperations spec) {
  /** The lenient answers, with the spec's paging and required parameters. */
  static Strictness lenient(SpecOperations spec) {
    return new Strictness(false, spec);
  }

  /** This strictness for a GET route the spec declares; lenient for one only a custom catalog has. */
  Strictness forRoute(String template) {
    return strict && spec.find("GET", template).isEmpty() ? lenient(spec) : this;
  }

  /** Whether the endpoints check parameters against the catalog themselves (lenient mode). */
  boolean catalogChecks() {
    return !strict;
  }

  /** The page size without {@code limit}: 10, or every row where the list path declares no {@code limit}. */
  int defaultLimit(String listPath) {
    return spec.find("GET", listPath).map(op -> op.declares("limit")).orElse(true) ? 10 : Integer.MAX_VALUE;
  }

  /** Whether Stripe requires the parameter on the list path; the catalog's word for a path the spec lacks. */
  boolean requires(String listPath, String param) {
    return spec.find("GET", listPath).map(op -> op.required().contains(param)).orElse(true);
  }

  /**
   * Whether a strict list leaves out the objects of test clocks: the spec says so for the path and the
   * request gives none of the parameters that let them in ({@code test_clock}, for some {@code customer}).
   */
  boolean hidesTestClocks(String listPath, Map<String, List<String>> q) {
    Set<String> with = spec.find("GET", listPath).map(Operation::testClocksOnlyWith).orElse(Set.of());
    return strict && !with.isEmpty() && with.stream().noneMatch(q::containsKey);
  }

  /** The error for a row id a query parameter names that the table does not have. */
  ApiException noSuchRow(ApiTable t, String id, String param) {
    ApiException lenient = ApiException.noSuchRow(t, id, param);
    return strict ? ApiException.noSuchParam(lenient.what(), id, param) : lenient;
  }
}
