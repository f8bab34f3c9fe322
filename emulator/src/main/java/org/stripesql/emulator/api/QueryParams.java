package org.stripesql.emulator.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading query parameters the way Stripe does: the last value wins, integers strictly, errors naming the param. */
final class QueryParams {
  /** The paging parameters of list endpoints. */
  static final Set<String> PAGING = Set.of("limit", "starting_after", "ending_before");

  private QueryParams() {}

  static String single(Map<String, List<String>> q, String key) {
    List<String> v = q.get(key);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  static String last(List<String> v) {
    return v.get(v.size() - 1);
  }

  static boolean isExpandKey(String k) {
    return k.equals("expand") || k.equals("expand[]") || k.matches("expand\\[\\d+]");
  }

  static long parseLong(String param, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalidInteger(param, v);
    }
  }

  /** {@code a, b, or c}, for messages listing the accepted values. */
  static String oneOf(List<String> values) {
    if (values.size() == 1) {
      return values.get(0);
    }
    return String.join(", ", values.subList(0, values.size() - 1)) + ", or " + values.get(values.size() - 1);
  }

  /** The page size of a list or search: {@code limit}, 1 to 100, default 10. */
  static int limit(Map<String, List<String>> q) {
    String l = single(q, "limit");
    if (l == null) {
      return 10;
    }
    long n = parseLong("limit", l);
    if (n < 1) {
      throw ApiException.invalid("limit", "This value must be greater than or equal to 1.");
    }
    if (n > 100) {
      throw ApiException.invalid("limit", "This value must be less than or equal to 100 (it currently is '"
          + n + "').");
    }
    return (int) n;
  }
}
