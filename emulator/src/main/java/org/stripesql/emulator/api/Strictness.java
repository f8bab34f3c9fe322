package org.stripesql.emulator.api;

import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.spec.SpecOperations;

/**
 * How the endpoints answer: strict, as Stripe does (the request was checked against Stripe's spec; lists
 * page only where the spec declares {@code limit}; an object a query parameter names must exist, else
 * 400), or lenient (parameters checked against the catalog; 404 for a missing cursor or parent).
 */
record Strictness(boolean strict, SpecOperations spec) {
  static final Strictness LENIENT = new Strictness(false, null);

  /** This strictness for a GET route the spec declares; lenient for one only a custom catalog has. */
  Strictness forRoute(String template) {
    return strict && spec.find("GET", template).isEmpty() ? LENIENT : this;
  }

  /** Whether the endpoints check parameters against the catalog themselves (lenient mode). */
  boolean catalogChecks() {
    return !strict;
  }

  /** Whether a list path pages with {@code limit} and cursors; a strict list without them returns every row. */
  boolean pages(String listPath) {
    return !strict || spec.find("GET", listPath).map(op -> op.declares("limit")).orElse(true);
  }

  /** The error for a row id a query parameter names that the table does not have. */
  ApiException noSuchRow(ApiTable t, String id, String param) {
    ApiException lenient = ApiException.noSuchRow(t, id, param);
    return strict ? ApiException.noSuchParam(lenient.what(), id, param) : lenient;
  }
}
