package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.data.JsonPaths;

/**
 * Stripe's status rule for lists of subscriptions: without {@code status}, canceled ones are left out;
 * {@code all} returns all; {@code ended} returns canceled and incomplete_expired ones. The customer's
 * list ({@code /v1/customers/{customer}/subscriptions}) declares no status: it always leaves them out.
 */
final class StatusFilter {
  private static final List<String> SUBSCRIPTION_STATUSES = List.of("active", "all", "canceled", "ended",
      "incomplete", "incomplete_expired", "past_due", "trialing", "unpaid");

  private StatusFilter() {}

  static boolean appliesTo(ApiTable t) {
    return "subscription".equals(t.object());
  }

  /** The rows {@code status=value} keeps; null when it keeps all. {@code catalogChecks}: refuse unknown values. */
  static Predicate<JsonNode> given(ApiTable t, ApiFilter f, String key, String suffix, String value,
      boolean catalogChecks) {
    if (!suffix.isEmpty()) {
      throw ApiException.unknownParam(key);
    }
    List<String> allowed = f != null && f.values() != null ? f.values() : SUBSCRIPTION_STATUSES;
    if (catalogChecks && !allowed.contains(value)) {
      throw ApiException.invalid(key, "Invalid status: must be one of " + QueryParams.oneOf(allowed));
    }
    ApiColumn c = t.column("status").orElse(null);
    if (c == null || "all".equals(value)) {
      return null;
    }
    Set<String> want = "ended".equals(value) ? Set.of("canceled", "incomplete_expired") : Set.of(value);
    return row -> {
      JsonNode v = JsonPaths.valueOrId(row, c.path());
      return v != null && want.contains(v.asText());
    };
  }

  /** The rows kept without a {@code status} parameter: all but canceled ones; null without a status column. */
  static Predicate<JsonNode> absent(ApiTable t) {
    ApiColumn c = t.column("status").orElse(null);
    if (c == null) {
      return null;
    }
    return row -> {
      JsonNode v = JsonPaths.valueOrId(row, c.path());
      return v == null || !"canceled".equals(v.asText());
    };
  }
}
