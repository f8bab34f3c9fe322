package org.stripesql.emulator;

/**
 * The endpoint a request goes to, as Stripe's per-endpoint limits count it: the method and the path
 * with every object id replaced by {@code *} ({@code GET /v1/invoices/*}{@code /lines}). An id is a
 * path segment with a digit or a capital letter; endpoint names are lower case words.
 */
final class EndpointKey {
  private EndpointKey() {}

  static String of(String method, String rawPath) {
    StringBuilder b = new StringBuilder(method).append(' ');
    int i = 0;
    int n = rawPath.length();
    while (i < n) {
      int slash = rawPath.indexOf('/', i);
      int end = slash < 0 ? n : slash;
      String seg = rawPath.substring(i, end);
      b.append(isId(seg) && !seg.equals("v1") ? "*" : seg);
      if (slash < 0) {
        break;
      }
      b.append('/');
      i = slash + 1;
    }
    return b.toString();
  }

  /** Whether a request goes to a Search API endpoint, which Stripe limits on its own. */
  static boolean isSearch(String rawPath) {
    return rawPath.endsWith("/search");
  }

  private static boolean isId(String seg) {
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (Character.isDigit(c) || Character.isUpperCase(c) || c == '%') {
        return true;
      }
    }
    return false;
  }
}
