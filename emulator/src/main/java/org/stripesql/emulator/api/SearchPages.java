package org.stripesql.emulator.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The Search API's {@code page} tokens: an opaque {@code page_...} that holds the offset of the next page. */
final class SearchPages {
  private SearchPages() {}

  static String encode(int offset) {
    return "page_" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  static int decode(String token) {
    try {
      if (token.startsWith("page_")) {
        String s = new String(Base64.getUrlDecoder().decode(token.substring(5)), StandardCharsets.UTF_8);
        if (s.startsWith("offset:")) {
          int n = Integer.parseInt(s.substring(7));
          if (n >= 0) {
            return n;
          }
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through
    }
    throw ApiException.invalid("page", "Invalid page token: " + token);
  }
}
